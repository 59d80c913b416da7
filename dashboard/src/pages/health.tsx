// Built next (issue #12); until then the page says so.
export function HealthPage() {
  return (
    <section class="page narrow">
      <h1>health</h1>
    </section>
  );
}

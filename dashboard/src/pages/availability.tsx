// Built next (issue #12); until then the page says so.
export function AvailabilityPage() {
  return (
    <section class="page narrow">
      <h1>availability</h1>
    </section>
  );
}

// Built next (issue #12); until then the page says so.
export function IncidentsPage() {
  return (
    <section class="page narrow">
      <h1>incidents</h1>
    </section>
  );
}

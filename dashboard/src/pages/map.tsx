// Built next (issue #12); until then the page says so.
export function MapPage() {
  return (
    <section class="page narrow">
      <h1>map</h1>
    </section>
  );
}

// Built next (issue #12); until then the page says so.
export function SitePage({ id }: { id: string }) {
  return (
    <section class="page narrow">
      <h1>{id}</h1>
    </section>
  );
}

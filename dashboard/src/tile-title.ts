// Tooltips for the tiles, made on hover from their label: one listener for every tile of every page,
// instead of a title attribute written into each of 10,000 tiles (and kept current) up front.

export function installTileTitles(root: Document = document): void {
  root.addEventListener('pointerover', (event) => {
    const tile = (event.target as Element | null)?.closest?.('.tile[aria-label]');
    if (!tile) return;
    const label = tile.getAttribute('aria-label') ?? '';
    if (tile.getAttribute('title') !== label) tile.setAttribute('title', label);
  });
}

// Pure: the wall's grid, sized so that every tile fits the space left on the screen and the tiles
// are as large as they can be (a 342-site regency fills a 1080p screen instead of a corner of it).

export interface WallGrid {
  readonly columns: number;
  readonly rows: number;
  /** Tile height in px; the width is the column's. */
  readonly rowHeight: number;
}

/**
 * The columns and row height for `count` tiles in `width` × `height` px, tiles about `aspect`
 * times as wide as high, `gap` px apart; rows never lower than `minRow` (then it scrolls).
 */
export function fitWall(
  count: number,
  width: number,
  height: number,
  aspect = 4,
  gap = 3,
  minRow = 18,
): WallGrid {
  if (count <= 0 || width <= 0 || height <= 0) return { columns: 1, rows: 0, rowHeight: minRow };
  let best: WallGrid = { columns: 1, rows: count, rowHeight: minRow };
  let bestArea = 0;
  for (let columns = 1; columns <= count; columns++) {
    const rows = Math.ceil(count / columns);
    const tileWidth = (width - gap * (columns - 1)) / columns;
    const rowFit = (height - gap * (rows - 1)) / rows;
    const rowHeight = Math.min(rowFit, tileWidth / aspect);
    if (rowHeight < minRow) continue;
    const area = rowHeight * rowHeight * aspect;
    if (area > bestArea) {
      bestArea = area;
      best = { columns, rows, rowHeight: Math.floor(Math.min(rowHeight, 64)) };
    }
  }
  if (bestArea === 0) {
    // Too many for the screen at the smallest size: as many columns as the smallest tiles allow.
    const columns = Math.max(1, Math.floor((width + gap) / (minRow * aspect + gap)));
    return { columns, rows: Math.ceil(count / columns), rowHeight: minRow };
  }
  return best;
}

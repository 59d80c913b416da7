// Colours for canvas drawing. Pure.

/** `colour` (#rgb or #rrggbb, as styles.css writes them) with an alpha, for canvas fills. */
export function withAlpha(colour: string, alpha: number): string {
  let hex = colour.trim().replace(/^#/, '');
  if (hex.length === 3) hex = [...hex].map((c) => c + c).join('');
  if (!/^[0-9a-f]{6}$/i.test(hex)) return colour;
  const n = Number.parseInt(hex, 16);
  return `rgba(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255}, ${alpha})`;
}

// Number formatting for the SVG we write: short enough that a 10,000-path file stays small,
// precise enough that import(export(scene)) moves no point by more than 1e-4 px.

const COORD_DECIMALS = 4;
const ALPHA_DECIMALS = 8;

function trimmed(v: number, decimals: number): string {
  let s = v.toFixed(decimals);
  if (s.includes('.')) s = s.replace(/0+$/, '').replace(/\.$/, '');
  return s === '-0' ? '0' : s;
}

/** A canvas coordinate, rounded to 1e-4 px, trailing zeros dropped. */
export function formatCoord(v: number): string {
  return trimmed(v, COORD_DECIMALS);
}

/** An opacity; 8 decimals so that any opacity an SVG author wrote survives a round trip exactly. */
export function formatAlpha(v: number): string {
  return trimmed(v, ALPHA_DECIMALS);
}

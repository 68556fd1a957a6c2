// Number formatting for the SVG we write: short enough that a 10,000-path file stays small,
// precise enough that import(export(scene)) moves no point by more than 1e-4 px.

const COORD_DECIMALS = 4;

function trimmed(v: number, decimals: number): string {
  let s = v.toFixed(decimals);
  if (s.includes('.')) s = s.replace(/0+$/, '').replace(/\.$/, '');
  return s === '-0' ? '0' : s;
}

/** A canvas coordinate, rounded to 1e-4 px, trailing zeros dropped. */
export function formatCoord(v: number): string {
  return trimmed(v, COORD_DECIMALS);
}

/** An opacity, in the shortest form that parses back to the same double: colours round-trip exactly. */
export function formatAlpha(v: number): string {
  return String(v);
}

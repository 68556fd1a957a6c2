// Number formatting for the SVG we write: short enough that a 10,000-path file stays small,
// precise enough that import(export(scene)) moves no point by more than 1e-4 px.

const COORD_SCALE = 1e4;

/** A canvas coordinate, rounded to 1e-4 px, in its shortest form (no trailing zeros, no -0). */
export function formatCoord(v: number): string {
  // The nearest double to k/1e4 prints as exactly k/1e4: shortest round-trip formatting does the trimming.
  const r = Math.round(v * COORD_SCALE) / COORD_SCALE;
  return r === 0 ? '0' : String(r);
}

/** An opacity, in the shortest form that parses back to the same double: colours round-trip exactly. */
export function formatAlpha(v: number): string {
  return String(v);
}

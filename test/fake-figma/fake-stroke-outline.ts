import { fmt, type Pt } from './fake-geometry.ts';

// The outline of a rectangle's stroke (what GeometryMixin.outlineStroke returns as a vector),
// computed here as polygons, independently of how the fake renders strokes (fake-render.ts
// draws them with SVG's own stroking, doubled and masked as MinimalStrokesMixin.strokeAlign
// describes). Only rectangular outlines (RECTANGLE, FRAME) and lines are modelled.
//
// strokeAlign (MinimalStrokesMixin.strokeAlign): "Inside-aligned stroke shifts the stroke so it
// lies completely inside the shape, and outside-aligned stroke is vice versa." The typings are
// silent on what outlineStroke returns per alignment; its doc says it "performs an action
// similar to using the 'Outline Stroke' function in the editor", which outlines the stroke as
// drawn, so the fake returns the drawn band: [-w, 0] inside, [0, w] outside, [-w/2, w/2] centred
// (offsets along the outward normal). Dashes (MinimalStrokesMixin.dashPattern: "alternating dash
// and gap lengths, in pixels") start at the path's first point and run along the outline with
// butt ends and mitred (square) corners, as SVG strokes them.

export type Align = 'CENTER' | 'INSIDE' | 'OUTSIDE';

export function strokeBand(align: Align, weight: number): [number, number] {
  if (align === 'INSIDE') return [-weight, 0];
  if (align === 'OUTSIDE') return [0, weight];
  return [-weight / 2, weight / 2];
}

function ring(pts: Pt[]): string {
  const [first, ...rest] = pts;
  return [`M ${fmt(first![0])} ${fmt(first![1])}`, ...rest.map(([x, y]) => `L ${fmt(x)} ${fmt(y)}`), 'Z'].join(' ');
}

function offsetRect(w: number, h: number, o: number): Pt[] {
  return [
    [-o, -o],
    [w + o, -o],
    [w + o, h + o],
    [-o, h + o],
  ];
}

/** Stroke outline of the w x h rectangle drawn clockwise from (0, 0) (the fake's fillGeometry). */
export function rectangleStrokeOutline(w: number, h: number, weight: number, align: Align, dash: readonly number[]): string {
  const [a, b] = strokeBand(align, weight);
  if (dash.length === 0 || dash.every((d) => d <= 0)) {
    const outer = offsetRect(w, h, b);
    const innerSize = Math.min(w, h) + 2 * a;
    if (innerSize <= 0) return ring(outer);
    return `${ring(outer)} ${ring(offsetRect(w, h, a).reverse())}`;
  }
  // Edges clockwise, each with its start, direction d and outward normal n (y down).
  const edges: { p: Pt; d: Pt; n: Pt; len: number }[] = [
    { p: [0, 0], d: [1, 0], n: [0, -1], len: w },
    { p: [w, 0], d: [0, 1], n: [1, 0], len: h },
    { p: [w, h], d: [-1, 0], n: [0, 1], len: w },
    { p: [0, h], d: [0, -1], n: [-1, 0], len: h },
  ];
  const perimeter = 2 * (w + h);
  const pattern = dash.length % 2 === 1 ? [...dash, ...dash] : [...dash];
  const dashes: [number, number][] = [];
  for (let s = 0, k = 0; s < perimeter; k++) {
    const e = Math.min(perimeter, s + pattern[k % pattern.length]!);
    if (k % 2 === 0 && e > s) dashes.push([s, e]);
    s = e;
  }
  // A closed outline's last dash running into its first is one dash through the start corner
  // (as SVG renderers join them).
  const wraps = dashes.length > 1 && dashes[0]![0] === 0 && dashes[dashes.length - 1]![1] === perimeter;
  const pieces: string[] = [];
  for (const [s0, s1] of dashes) {
    let start = 0;
    edges.forEach((e, i) => {
      const t0 = Math.max(s0, start) - start;
      const t1 = Math.min(s1, start + e.len) - start;
      if (t1 > t0) {
        // A dash running on through a (right-angled) corner is joined with a mitre: its square
        // corner is covered by running each side's band on to the outer edge of the other.
        const joinedBefore = t0 === 0 && (i > 0 ? s0 < start : wraps && s0 === 0);
        const joinedAfter = t1 === e.len && (i < edges.length - 1 ? s1 > start + e.len : wraps && s1 === perimeter);
        const at = (t: number, o: number): Pt => [e.p[0] + t * e.d[0] + o * e.n[0], e.p[1] + t * e.d[1] + o * e.n[1]];
        const reach = Math.max(b, 0);
        const ts = joinedBefore ? -reach : t0;
        const te = joinedAfter ? e.len + reach : t1;
        pieces.push(ring([at(ts, a), at(te, a), at(te, b), at(ts, b)]));
      }
      start += e.len;
    });
  }
  return pieces.join(' ');
}

/** Centred stroke of the segment (0,0)-(w,0), butt caps, cut into dashes. */
export function lineStrokeOutline(w: number, weight: number, dash: readonly number[]): string {
  const h = weight / 2;
  const spans: [number, number][] = [];
  if (dash.length === 0) spans.push([0, w]);
  else {
    const pattern = dash.length % 2 === 1 ? [...dash, ...dash] : [...dash];
    for (let s = 0, k = 0; s < w; k++) {
      const e = Math.min(w, s + pattern[k % pattern.length]!);
      if (k % 2 === 0 && e > s) spans.push([s, e]);
      s = e;
    }
  }
  return spans
    .map(([s, e]) =>
      ring([
        [s, -h],
        [e, -h],
        [e, h],
        [s, h],
      ]),
    )
    .join(' ');
}

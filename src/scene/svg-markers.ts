import type { Contour, Viewport } from './svg-shapes.ts';
import { parseLength } from './svg-shapes.ts';
import { multiply, scaling, translation, type Matrix } from './svg-transform.ts';
import type { ComputedStyle } from './svg-style.ts';
import type { ViewBox } from './svg-viewport.ts';
import { readViewBox, viewBoxMatrix } from './svg-viewport.ts';
import type { XmlElement } from './svg-xml.ts';

// Markers (marker-start, -mid, -end) drawn as ordinary shapes: where each goes on a path
// (its vertices and the path's direction there) and the marker's own coordinate system
// (markerUnits, viewBox, refX/refY, orient) with the viewport it clips to.

export type MarkerSlot = 'start' | 'mid' | 'end';

export interface Vertex {
  x: number;
  y: number;
  /** Direction of the path at the vertex, in radians (the bisector at mid vertices). */
  angle: number;
  /** Direction of the path leaving the start vertex, for orient="auto-start-reverse". */
  slot: MarkerSlot;
}

/** Direction of a cubic's start (outgoing) or end (incoming): the first control point apart from the anchor. */
function tangent(s: readonly number[], atEnd: boolean): number | null {
  const pts = atEnd ? [s[6]!, s[7]!, s[4]!, s[5]!, s[2]!, s[3]!, s[0]!, s[1]!] : s;
  for (let k = 2; k < 8; k += 2) {
    const dx = pts[k]! - pts[0]!;
    const dy = pts[k + 1]! - pts[1]!;
    if (Math.abs(dx) > 1e-12 || Math.abs(dy) > 1e-12) return atEnd ? Math.atan2(-dy, -dx) : Math.atan2(dy, dx);
  }
  return null;
}

function bisect(a: number | null, b: number | null): number {
  if (a === null) return b ?? 0;
  if (b === null) return a;
  let d = b - a;
  while (d > Math.PI) d -= 2 * Math.PI;
  while (d < -Math.PI) d += 2 * Math.PI;
  return a + d / 2;
}

function segmentsOf(c: Contour): number[][] {
  const p = c.pts;
  const segs: number[][] = [];
  for (let i = 2; i + 5 < p.length; i += 6) segs.push(p.slice(i - 2, i + 6));
  const [x0, y0, xn, yn] = [p[0]!, p[1]!, p.at(-2)!, p.at(-1)!];
  if (c.closed && (xn !== x0 || yn !== y0))
    segs.push([xn, yn, xn + (x0 - xn) / 3, yn + (y0 - yn) / 3, xn + ((x0 - xn) * 2) / 3, yn + ((y0 - yn) * 2) / 3, x0, y0]);
  return segs;
}

/** Every vertex of the contours in order: the first is the start, the last the end, the rest mid. */
export function markerVertices(contours: readonly Contour[]): Vertex[] {
  const out: Vertex[] = [];
  for (const c of contours) {
    const segs = segmentsOf(c);
    if (segs.length === 0) {
      out.push({ x: c.pts[0]!, y: c.pts[1]!, angle: 0, slot: 'mid' });
      continue;
    }
    // A closed contour's first (and last) vertex takes the bisector of the closing and first segments.
    const closeIn = c.closed ? tangent(segs.at(-1)!, true) : null;
    out.push({ x: c.pts[0]!, y: c.pts[1]!, angle: c.closed ? bisect(closeIn, tangent(segs[0]!, false)) : (tangent(segs[0]!, false) ?? 0), slot: 'mid' });
    for (let i = 0; i < segs.length; i++) {
      const s = segs[i]!;
      if (c.smooth?.includes(i + 1)) continue;
      const next = segs[i + 1] ?? (c.closed ? segs[0]! : undefined);
      const incoming = tangent(s, true);
      out.push({ x: s[6]!, y: s[7]!, angle: next ? bisect(incoming, tangent(next, false)) : (incoming ?? 0), slot: 'mid' });
    }
  }
  if (out.length > 0) {
    out[0]!.slot = 'start';
    if (out.length > 1) out.at(-1)!.slot = 'end';
  }
  return out;
}

export interface MarkerFrame {
  /** Marker content space to the referencing element's user space, at the vertex. */
  matrix: Matrix;
  /** The marker viewport's corners in the referencing element's user space (before its matrix). */
  clip: number[];
  /** Percentages inside the marker resolve against its viewBox, or its size. */
  viewport: Viewport;
}

/** orient: auto, auto-start-reverse, or an angle (deg, grad, rad, turn); anything else is 0. */
function orientAngle(text: string | undefined, v: Vertex): number {
  const t = (text ?? '0').trim();
  if (t === 'auto') return v.angle;
  if (t === 'auto-start-reverse') return v.slot === 'start' ? v.angle + Math.PI : v.angle;
  const m = /^([+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)(deg|grad|rad|turn)?$/.exec(t);
  if (!m) return 0;
  const n = Number(m[1]);
  const unit = m[2] ?? 'deg';
  return unit === 'rad' ? n : unit === 'turn' ? n * 2 * Math.PI : unit === 'grad' ? (n * Math.PI) / 200 : (n * Math.PI) / 180;
}

/**
 * The marker's frame at a vertex, or null when its size is not positive (nothing drawn, as SVG
 * specifies). `vb` is the marker's parsed viewBox (undefined: none).
 */
export function markerFrame(marker: XmlElement, vb: ViewBox | undefined, v: Vertex, strokeWidth: number, vp: Viewport, where: string): MarkerFrame | null {
  const len = (n: string, axis: 'x' | 'y', d: string) => parseLength(marker.attrs[n] ?? d, axis, vp, `${where}: marker attribute ${n}`);
  const w = len('markerWidth', 'x', '3');
  const h = len('markerHeight', 'y', '3');
  if (!(w > 0 && h > 0)) return null;
  const box = viewBoxMatrix(vb, w, h, marker.attrs.preserveAspectRatio);
  const inner: Viewport = { width: vb?.width ?? w, height: vb?.height ?? h, fontSize: vp.fontSize };
  // Percentages in refX/refY, like markerWidth/markerHeight, are of the referencing viewport (as resvg reads them).
  const refX = len('refX', 'x', '0');
  const refY = len('refY', 'y', '0');
  // The reference point, mapped by the viewBox, lands on the vertex.
  const rx = box[0] * refX + box[2] * refY + box[4];
  const ry = box[1] * refX + box[3] * refY + box[5];
  const a = orientAngle(marker.attrs.orient, v);
  const [c, s] = [Math.cos(a), Math.sin(a)];
  const units = marker.attrs.markerUnits === 'userSpaceOnUse' ? 1 : strokeWidth;
  const place = multiply(multiply(translation(v.x, v.y), [c, s, -s, c, 0, 0]), multiply(scaling(units, units), translation(-rx, -ry)));
  const clip = [0, 0, w, 0, w, h, 0, h];
  for (let i = 0; i < clip.length; i += 2) {
    const [x, y] = [clip[i]!, clip[i + 1]!];
    clip[i] = place[0] * x + place[2] * y + place[4];
    clip[i + 1] = place[1] * x + place[3] * y + place[5];
  }
  return { matrix: multiply(place, box), clip, viewport: inner };
}

/** What drawing markers needs from the importer. */
export interface MarkerHost {
  ids: ReadonlyMap<string, XmlElement>;
  warn: (where: string, message: string) => void;
  /** A marker's own computed style (its content inherits from it, not from the path). */
  styleOf: (el: XmlElement) => ComputedStyle;
  /** Markers being drawn, against a marker drawn inside itself. */
  active: XmlElement[];
}

export const MARKER_PROPERTIES = ['marker-start', 'marker-mid', 'marker-end'] as const;

/** Calls `draw` for each marker instance on the contours of an element with computed `style`. */
export function drawMarkers(
  host: MarkerHost,
  style: ComputedStyle,
  vp: Viewport,
  contours: readonly Contour[],
  where: string,
  draw: (marker: XmlElement, frame: MarkerFrame, style: ComputedStyle) => void,
): void {
  const vertices = markerVertices(contours);
  let width = 1;
  try {
    width = parseLength(style['stroke-width']!, 'diag', vp, `${where}: stroke-width`);
  } catch {
    // The stroke's own reading has warned about it; markers scale by 1 as that does.
  }
  for (const prop of MARKER_PROPERTIES) {
    const value = style[prop]!.trim();
    if (value === 'none') continue;
    const id = /^url\(\s*['"]?#([^'")\s]+)['"]?\s*\)$/.exec(value)?.[1];
    const marker = id === undefined ? undefined : host.ids.get(id);
    if (marker?.name !== 'marker') {
      host.warn(where, `${prop} ${value} is not a <marker> in this file; not drawn`);
      continue;
    }
    if (host.active.includes(marker)) {
      host.warn(where, `${prop} ${value} is drawn inside itself; the recursive marker is not drawn`);
      continue;
    }
    const vb = readViewBox(marker, where, host.warn);
    if (vb === null) continue;
    const mstyle = host.styleOf(marker);
    host.active.push(marker);
    try {
      for (const v of vertices) {
        if (`marker-${v.slot}` !== prop) continue;
        const frame = markerFrame(marker, vb, v, width, vp, where);
        if (frame) draw(marker, frame, mstyle);
      }
    } finally {
      host.active.pop();
    }
  }
}

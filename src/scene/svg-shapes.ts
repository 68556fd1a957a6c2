import svgpath from 'svgpath';
import { PathBuilder } from './path-builder.ts';
import type { SubPath } from './scene.ts';
import type { Warn } from './svg-style.ts';
import { SvgImportError } from './svg-import-error.ts';
import type { XmlElement } from './svg-xml.ts';

// Basic shapes and path data to contours of cubic segments in the element's user space.
// A contour keeps whether it was closed, which the fill ignores (SVG fills open sub-paths
// as if closed) but a stroke needs. Arcs go through svgpath's unarc (cubics, <= 90 degrees
// each); ellipse quadrants use the standard kappa, 2.7e-4 relative radial error.

/** Start point then 3 points (c1, c2, end) per cubic segment, flattened: 2 + 6n numbers. */
export interface Contour {
  pts: number[];
  closed: boolean;
  /** Ends of segments k (1-based) that are no vertex of the source: joins inside an arc split into cubics (for markers). */
  smooth?: number[];
}

export interface Viewport {
  width: number;
  height: number;
  /** The element's computed font-size in px, for em and ex (default 16, CSS's `medium`). */
  fontSize?: number;
}

const KAPPA = 0.5522847498307936; // 4/3 (sqrt 2 - 1)
const UNIT_PX: Record<string, number> = { '': 1, px: 1, pt: 96 / 72, pc: 16, mm: 96 / 25.4, cm: 96 / 2.54, in: 96 };
const LENGTH = /^([+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)(px|pt|pc|mm|cm|in|em|ex|%)?$/;

/** A length attribute in user units; `%` is relative to the viewport along `axis`. Throws SvgImportError when unreadable. */
export function parseLength(text: string, axis: 'x' | 'y' | 'diag', vp: Viewport, what: string): number {
  const m = LENGTH.exec(text.trim());
  if (!m) {
    const nonFinite = /^[+-]?(?:NaN|Infinity)$/.test(text.trim());
    throw new SvgImportError(`${what}="${text}" is ${nonFinite ? 'not a finite number' : 'not a number or length'}`);
  }
  const v = Number(m[1]);
  if (!Number.isFinite(v)) throw new SvgImportError(`${what}="${text}" is not a finite number`);
  const unit = m[2] ?? '';
  if (unit === 'em') return v * (vp.fontSize ?? 16);
  if (unit === 'ex') return (v * (vp.fontSize ?? 16)) / 2;
  if (unit !== '%') return v * UNIT_PX[unit]!;
  const ref = axis === 'x' ? vp.width : axis === 'y' ? vp.height : Math.hypot(vp.width, vp.height) / Math.SQRT2;
  return (v / 100) * ref;
}

/** A length attribute; an unreadable one is skipped with a warning (its default applies), as resvg does. */
function lengthAttr(el: XmlElement, name: string, axis: 'x' | 'y' | 'diag', vp: Viewport, where: string, warn: Warn, fallback = 0): number {
  const v = el.attrs[name];
  if (v === undefined) return fallback;
  try {
    return parseLength(v, axis, vp, `attribute ${name}`);
  } catch (err) {
    if (!(err instanceof SvgImportError)) throw err;
    warn(where, `${err.message}; ignored, so ${name} is ${fallback}`);
    return fallback;
  }
}

/** rx or ry: absent, `auto` or negative (an error SVG 2 turns into auto) is undefined. */
function radiusAttr(el: XmlElement, name: 'rx' | 'ry', vp: Viewport, where: string, warn: Warn): number | undefined {
  const v = el.attrs[name];
  if (v === undefined || v.trim() === 'auto') return undefined;
  const r = lengthAttr(el, name, name === 'rx' ? 'x' : 'y', vp, where, warn, Number.NaN);
  return r >= 0 ? r : undefined;
}

class ContourWriter {
  readonly contours: Contour[] = [];
  private cur: Contour | null = null;
  private x = 0;
  private y = 0;
  private sx = 0;
  private sy = 0;

  moveTo(x: number, y: number): void {
    this.cur = { pts: [x, y], closed: false };
    this.contours.push(this.cur);
    this.x = this.sx = x;
    this.y = this.sy = y;
  }

  cubicTo(a: number, b: number, c: number, d: number, x: number, y: number): void {
    if (!this.cur || this.cur.closed) this.moveTo(this.x, this.y);
    this.cur!.pts.push(a, b, c, d, x, y);
    this.x = x;
    this.y = y;
  }

  /** The last segment's end is a join inside one source command, not a vertex. */
  markSmooth(): void {
    if (!this.cur) return;
    (this.cur.smooth ??= []).push((this.cur.pts.length - 2) / 6);
  }

  lineTo(x: number, y: number): void {
    const x0 = this.x;
    const y0 = this.y;
    this.cubicTo(x0 + (x - x0) / 3, y0 + (y - y0) / 3, x0 + (2 * (x - x0)) / 3, y0 + (2 * (y - y0)) / 3, x, y);
  }

  quadTo(qx: number, qy: number, x: number, y: number): void {
    const x0 = this.x;
    const y0 = this.y;
    this.cubicTo(x0 + (2 / 3) * (qx - x0), y0 + (2 / 3) * (qy - y0), x + (2 / 3) * (qx - x), y + (2 / 3) * (qy - y), x, y);
  }

  close(): void {
    if (this.cur && !this.cur.closed) this.cur.closed = true;
    this.x = this.sx;
    this.y = this.sy;
  }

  /** A quarter ellipse from the current point, centre (cx, cy), ending at (x, y). */
  quarterTo(cx: number, cy: number, x: number, y: number): void {
    const x0 = this.x;
    const y0 = this.y;
    this.cubicTo(x0 + KAPPA * (x - cx), y0 + KAPPA * (y - cy), x + KAPPA * (x0 - cx), y + KAPPA * (y0 - cy), x, y);
  }
}

interface SvgPathInternals {
  err: string;
  segments: (string | number)[][];
}

/** Path data to contours. Unreadable data is drawn up to the error, as SVG specifies, with a warning giving svgpath's position. */
export function pathDataContours(d: string, where: string, warn: Warn): Contour[] {
  const p = svgpath(d) as unknown as SvgPathInternals & ReturnType<typeof svgpath>;
  if (p.err) {
    const nonFinite = /\b(NaN|Infinity)\b/.exec(d);
    const detail = nonFinite ? `coordinate '${nonFinite[1]}' is not a finite number` : p.err.replace(/^SvgPath: /, '');
    const kept = p.segments.length;
    warn(where, `bad path data: ${detail}; drawn up to the error (${kept} command${kept === 1 ? '' : 's'}), as SVG specifies`);
  }
  // unshort first: a smooth curve after an arc reflects nothing (its first control point is
  // the current point), which it could no longer tell once the arc is cubics.
  const abs = p.abs().unshort() as unknown as SvgPathInternals;
  const w = new ContourWriter();
  let cx = 0;
  let cy = 0;
  for (const seg of abs.segments) {
    const [cmd, ...rest] = seg as [string, ...number[]];
    const a = rest;
    switch (cmd) {
      case 'M':
        w.moveTo(a[0]!, a[1]!);
        break;
      case 'L':
        w.lineTo(a[0]!, a[1]!);
        break;
      case 'H':
        w.lineTo(a[0]!, cy);
        break;
      case 'V':
        w.lineTo(cx, a[0]!);
        break;
      case 'C':
        w.cubicTo(a[0]!, a[1]!, a[2]!, a[3]!, a[4]!, a[5]!);
        break;
      case 'Q':
        w.quadTo(a[0]!, a[1]!, a[2]!, a[3]!);
        break;
      case 'A': {
        // One arc at a time, so that the joins between its cubics are known not to be vertices.
        const pieces = (svgpath(`M${cx} ${cy}A${a.join(' ')}`).unarc() as unknown as SvgPathInternals).segments.slice(1);
        pieces.forEach((piece, i) => {
          const [c, ...v] = piece as [string, ...number[]];
          // The arc ends exactly at its endpoint, not at unarc's rounding of it.
          if (i === pieces.length - 1) v.splice(-2, 2, a[5]!, a[6]!);
          if (c === 'C') w.cubicTo(v[0]!, v[1]!, v[2]!, v[3]!, v[4]!, v[5]!);
          else w.lineTo(v.at(-2)!, v.at(-1)!);
          if (i < pieces.length - 1) w.markSmooth();
        });
        break;
      }
      case 'Z':
      case 'z':
        w.close();
        break;
      default:
        throw new SvgImportError(`${where}: path command ${cmd} left after normalisation`);
    }
    // Track the current point for H/V; after Z, ContourWriter knows it.
    if (cmd === 'H') cx = a[0]!;
    else if (cmd === 'V') cy = a[0]!;
    else if (cmd === 'Z' || cmd === 'z') {
      const c = w.contours[w.contours.length - 1]!;
      cx = c.pts[0]!;
      cy = c.pts[1]!;
    } else if (a.length >= 2) {
      cx = a[a.length - 2]!;
      cy = a[a.length - 1]!;
    }
  }
  return w.contours;
}

function pointsAttr(el: XmlElement, where: string, warn: Warn): number[] {
  const text = el.attrs.points ?? '';
  const tokens = text.trim() === '' ? [] : text.trim().split(/[\s,]+/);
  const nums: number[] = [];
  for (const t of tokens) {
    const v = Number(t);
    if (t === '' || !Number.isFinite(v)) {
      warn(where, `attribute points has '${t}', which is not a finite number; the points before it are drawn, as SVG specifies`);
      break;
    }
    nums.push(v);
  }
  if (nums.length % 2 === 1) {
    warn(where, 'points has an odd number of coordinates; the last one is ignored, as SVG renderers do');
    nums.pop();
  }
  return nums;
}

function ellipseContour(cx: number, cy: number, rx: number, ry: number): Contour[] {
  const w = new ContourWriter();
  w.moveTo(cx + rx, cy);
  w.quarterTo(cx, cy, cx, cy + ry);
  w.quarterTo(cx, cy, cx - rx, cy);
  w.quarterTo(cx, cy, cx, cy - ry);
  w.quarterTo(cx, cy, cx + rx, cy);
  w.close();
  return w.contours;
}

function rectContour(el: XmlElement, vp: Viewport, where: string, warn: Warn): Contour[] {
  const x = lengthAttr(el, 'x', 'x', vp, where, warn);
  const y = lengthAttr(el, 'y', 'y', vp, where, warn);
  const width = lengthAttr(el, 'width', 'x', vp, where, warn);
  const height = lengthAttr(el, 'height', 'y', vp, where, warn);
  if (width < 0 || height < 0) warn(where, `negative rect size ${width}x${height}; not drawn, as SVG specifies`);
  if (width <= 0 || height <= 0) return [];
  const rxa = radiusAttr(el, 'rx', vp, where, warn);
  const rya = radiusAttr(el, 'ry', vp, where, warn);
  const rx = Math.min(rxa ?? rya ?? 0, width / 2);
  const ry = Math.min(rya ?? rxa ?? 0, height / 2);
  const w = new ContourWriter();
  if (rx === 0 || ry === 0) {
    w.moveTo(x, y);
    w.lineTo(x + width, y);
    w.lineTo(x + width, y + height);
    w.lineTo(x, y + height);
    w.close();
    return w.contours;
  }
  w.moveTo(x + rx, y);
  w.lineTo(x + width - rx, y);
  w.quarterTo(x + width - rx, y + ry, x + width, y + ry);
  w.lineTo(x + width, y + height - ry);
  w.quarterTo(x + width - rx, y + height - ry, x + width - rx, y + height);
  w.lineTo(x + rx, y + height);
  w.quarterTo(x + rx, y + height - ry, x, y + height - ry);
  w.lineTo(x, y + ry);
  w.quarterTo(x + rx, y + ry, x + rx, y);
  w.close();
  return w.contours;
}

/** The geometry of a shape element (path, rect, circle, ellipse, line, polyline, polygon) in user units. */
export function shapeContours(el: XmlElement, vp: Viewport, where: string, warn: Warn): Contour[] {
  const len = (name: string, axis: 'x' | 'y' | 'diag') => lengthAttr(el, name, axis, vp, where, warn);
  switch (el.name) {
    case 'path':
      return pathDataContours(el.attrs.d ?? '', where, warn);
    case 'rect':
      return rectContour(el, vp, where, warn);
    case 'circle': {
      const r = len('r', 'diag');
      if (r < 0) warn(where, `negative radius ${r}; not drawn, as SVG specifies`);
      return r > 0 ? ellipseContour(len('cx', 'x'), len('cy', 'y'), r, r) : [];
    }
    case 'ellipse': {
      // SVG 2: a missing, auto or negative radius takes the other's value (resvg agrees).
      const rxa = radiusAttr(el, 'rx', vp, where, warn);
      const rya = radiusAttr(el, 'ry', vp, where, warn);
      const rx = rxa ?? rya ?? 0;
      const ry = rya ?? rxa ?? 0;
      return rx > 0 && ry > 0 ? ellipseContour(len('cx', 'x'), len('cy', 'y'), rx, ry) : [];
    }
    case 'line': {
      const w = new ContourWriter();
      w.moveTo(len('x1', 'x'), len('y1', 'y'));
      w.lineTo(len('x2', 'x'), len('y2', 'y'));
      return w.contours;
    }
    case 'polyline':
    case 'polygon': {
      const nums = pointsAttr(el, where, warn);
      if (nums.length < 4) return [];
      const w = new ContourWriter();
      w.moveTo(nums[0]!, nums[1]!);
      for (let i = 2; i < nums.length; i += 2) w.lineTo(nums[i]!, nums[i + 1]!);
      if (el.name === 'polygon') w.close();
      return w.contours;
    }
    default:
      return [];
  }
}

/** Contours as the scene's closed sub-paths (a fill closes every contour). */
export function closedSubPaths(contours: readonly Contour[]): SubPath[] {
  const b = new PathBuilder();
  for (const c of contours) {
    const p = c.pts;
    b.moveTo(p[0]!, p[1]!);
    for (let i = 2; i < p.length; i += 6) b.cubicTo(p[i]!, p[i + 1]!, p[i + 2]!, p[i + 3]!, p[i + 4]!, p[i + 5]!);
    b.close();
  }
  return b.build();
}

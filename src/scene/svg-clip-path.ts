import type { FillRule, ShapeGroup } from './scene.ts';
import { type ClipPolygonSet, clipRegionTrapezoids, intersectConvexPolygons, isConvexPolygon, MAX_CLIP_EDGES } from './clip-trapezoids.ts';
import { SvgImportError } from './svg-import-error.ts';
import { type Contour, shapeContours, type Viewport } from './svg-shapes.ts';
import type { ComputedStyle, Warn } from './svg-style.ts';
import { elementTransform, multiply, type Matrix, transformPointsInPlace } from './svg-transform.ts';
import { SHAPES } from './svg-elements.ts';
import type { XmlElement } from './svg-xml.ts';

// A <clipPath> as the region it clips to, in canvas pixels, cut into convex pieces
// (clip-trapezoids.ts). Its children's outlines count (never their fill, stroke or
// opacity), each with its clip-rule, in the user space of the element that refers to it, or
// in that element's bounding box for clipPathUnits="objectBoundingBox". The clip outline's
// curves are flattened finely (CLIP_TOLERANCE_PX); the clipped shapes keep theirs.

export interface ClipHost {
  ids: ReadonlyMap<string, XmlElement>;
  warn: Warn;
  /** The computed style of an element from the root down. */
  styleOf(el: XmlElement): ComputedStyle;
  /** The computed style of a child given its parent's. */
  childStyle(el: XmlElement, parent: ComputedStyle): ComputedStyle;
}

/** How far the flattened clip outline may stray from its curves, in canvas pixels (as stroke outlines). */
const CLIP_TOLERANCE_PX = 0.05;

export type ClipRegion = { trapezoids: number[][] } | { ignored: string };

/** The clipPath element a clip-path value names, or why it is not one. */
export function clipPathTarget(value: string, ids: ReadonlyMap<string, XmlElement>): XmlElement | string {
  const m = /^url\(\s*['"]?#([^'")\s]+)['"]?\s*\)$/.exec(value.trim());
  if (!m) return `clip-path '${value}' is not a url(#id) reference (basic shapes are not supported)`;
  const el = ids.get(m[1]!);
  if (!el) return `clip-path ${value} refers to nothing in this file`;
  if (el.name !== 'clipPath') return `clip-path ${value} refers to a <${el.name}>, not a <clipPath>`;
  return el;
}

function flattenContour(c: Contour, m: Matrix, tolerance: number): number[] {
  const p = [...c.pts];
  transformPointsInPlace(m, p);
  const out = [p[0]!, p[1]!];
  for (let i = 2; i + 5 < p.length; i += 6) {
    const [x0, y0] = [out.at(-2)!, out.at(-1)!];
    const [x1, y1, x2, y2, x3, y3] = p.slice(i, i + 6) as [number, number, number, number, number, number];
    // The second differences bound how far the cubic leaves its chords (a classic flattening bound).
    const dd = Math.max(Math.hypot(x0 - 2 * x1 + x2, y0 - 2 * y1 + y2), Math.hypot(x1 - 2 * x2 + x3, y1 - 2 * y2 + y3));
    const n = Math.max(1, Math.min(256, Math.ceil(Math.sqrt((0.75 * dd) / tolerance))));
    for (let k = 1; k <= n; k++) {
      const t = k / n;
      const u = 1 - t;
      out.push(
        u * u * u * x0 + 3 * u * u * t * x1 + 3 * u * t * t * x2 + t * t * t * x3,
        u * u * u * y0 + 3 * u * u * t * y1 + 3 * u * t * t * y2 + t * t * t * y3,
      );
    }
  }
  return out;
}

/** Bounding box in user space of the fill outlines drawn (strokes excluded, as SVG's bounding box is). */
function userBox(groups: readonly ShapeGroup[], toCanvas: Matrix): [number, number, number, number] | null {
  const [a, b, c, d, e, f] = toCanvas;
  const det = a * d - b * c;
  if (det === 0) return null;
  let [x0, y0, x1, y1] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const g of groups) {
    if (g.source.ref.endsWith(':stroke')) continue;
    for (const p of g.paths) {
      for (let i = 0; i < p.points.length; i += 2) {
        const X = p.points[i]! - e;
        const Y = p.points[i + 1]! - f;
        const x = (d * X - c * Y) / det;
        const y = (-b * X + a * Y) / det;
        x0 = Math.min(x0, x);
        x1 = Math.max(x1, x);
        y0 = Math.min(y0, y);
        y1 = Math.max(y1, y);
      }
    }
  }
  return x1 > x0 && y1 > y0 ? [x0, y0, x1, y1] : null;
}

/**
 * The region a <clipPath> clips the just-drawn `drawn` groups to. `toCanvas` is the user
 * space of the element that refers to it; `viewport` resolves % lengths in its children.
 */
export function clipRegion(
  clipPath: XmlElement,
  drawn: readonly ShapeGroup[],
  toCanvas: Matrix,
  viewport: Viewport,
  where: string,
  host: ClipHost,
  chain: readonly XmlElement[] = [],
): ClipRegion {
  const style = host.styleOf(clipPath);
  let m = multiply(toCanvas, elementTransform(clipPath, style, where, host.warn));
  if (clipPath.attrs.clipPathUnits === 'objectBoundingBox') {
    const box = userBox(drawn, toCanvas);
    // An element with no area has no bounding box: SVG then clips all of it away.
    if (!box) return { trapezoids: [] };
    m = multiply(m, [box[2] - box[0], 0, 0, box[3] - box[1], box[0], box[1]]);
  }
  const sets: ClipPolygonSet[] = [];
  const childWarn: Warn = (w, msg) => host.warn(w, msg);
  clipPath.children.forEach((child, k) => {
    const at = `${where} (clip-path child ${child.name}[${k + 1}])`;
    if (child.foreign) return;
    const cs = host.childStyle(child, style);
    if (cs.display === 'none' || cs.visibility === 'hidden' || cs.visibility === 'collapse') return;
    let shape = child;
    let extra: Matrix = [1, 0, 0, 1, 0, 0];
    if (child.name === 'use') {
      const href = child.attrs.href ?? child.attrs['xlink:href'];
      const target = href?.startsWith('#') ? host.ids.get(href.slice(1)) : undefined;
      // SVG allows <use> of a shape only, directly.
      if (!target || !SHAPES.has(target.name)) return;
      shape = target;
      extra = [1, 0, 0, 1, Number(child.attrs.x ?? 0) || 0, Number(child.attrs.y ?? 0) || 0];
    } else if (child.name === 'text') {
      host.warn(at, 'text in a <clipPath> is not converted to outlines; it clips nothing');
      return;
    } else if (!SHAPES.has(child.name)) return; // g, image, switch, ...: not valid children, as renderers agree
    const shapeStyle = shape === child ? cs : host.childStyle(shape, cs);
    let contours: Contour[];
    try {
      contours = shapeContours(shape, viewport, at, childWarn);
    } catch (err) {
      if (!(err instanceof SvgImportError)) throw err;
      host.warn(at, `${err.message}; this child clips nothing`);
      return;
    }
    const cm = multiply(
      multiply(m, elementTransform(child, cs, at, host.warn)),
      multiply(extra, shape === child ? [1, 0, 0, 1, 0, 0] : elementTransform(shape, shapeStyle, at, host.warn)),
    );
    const rule: FillRule = shapeStyle['clip-rule'] === 'evenodd' ? 'evenodd' : 'nonzero';
    const own: ClipPolygonSet = { rule, polygons: contours.filter((c) => c.pts.length >= 8).map((c) => flattenContour(c, cm, CLIP_TOLERANCE_PX)) };
    if (cs['clip-path'] === 'none') {
      sets.push(own);
      return;
    }
    // A child clipped in turn: its region cut into pieces, each intersected with the pieces of its own clip.
    const inner = clipPathTarget(cs['clip-path']!, host.ids);
    if (typeof inner === 'string') {
      host.warn(at, `${inner}; this child clips nothing, as resvg does`);
      return;
    }
    if (inner === clipPath || chain.includes(inner)) {
      host.warn(
        at,
        `clip-path ${cs['clip-path']} refers back to a clipPath it is part of; the cycle is not followed: the child clips as if it had no clip-path, as resvg does`,
      );
      sets.push(own);
      return;
    }
    const innerRegion = clipRegion(inner, drawn, multiply(m, elementTransform(child, cs, at, host.warn)), viewport, at, host, [...chain, clipPath]);
    if ('ignored' in innerRegion) {
      host.warn(at, `clip-path ${cs['clip-path']} on a child of <clipPath> ignored: ${innerRegion.ignored}`);
      sets.push(own);
      return;
    }
    const pieces: number[][] = [];
    for (const a of clipRegionTrapezoids([own])) {
      for (const b of innerRegion.trapezoids) {
        const p = intersectConvexPolygons(a, b);
        if (p.length >= 6) pieces.push(p);
      }
    }
    sets.push({ rule: 'nonzero', polygons: pieces });
  });
  // One convex outline (a circle, a rounded-off rect): one piece, so no seams between pieces.
  const only = sets.length === 1 && sets[0]!.polygons.length === 1 ? sets[0]!.polygons[0]! : null;
  if (only && isConvexPolygon(only)) return { trapezoids: [only] };
  try {
    return { trapezoids: clipRegionTrapezoids(sets) };
  } catch (err) {
    if (!(err instanceof RangeError)) throw err;
    return { ignored: `${err.message} (at most ${MAX_CLIP_EDGES} after flattening)` };
  }
}

import type { Affine, Gradient, GradientSpread, GradientStop, LinearGradient, RadialGradient, Rgba } from './scene.ts';
import type { Box } from './contour-bounds.ts';
import { parseColor } from './svg-color.ts';
import { parseFraction } from './svg-elements.ts';
import { SvgImportError } from './svg-import-error.ts';
import { parseLength, type Viewport } from './svg-shapes.ts';
import type { ComputedStyle, Warn } from './svg-style.ts';
import { IDENTITY, type Matrix, multiply, parseTransform, TransformSyntaxError } from './svg-transform.ts';
import type { XmlElement } from './svg-xml.ts';

// SVG's <linearGradient> and <radialGradient> read in full, as resvg reads them: attributes
// and stops inherited through href chains, units, gradientTransform, spreadMethod, and the
// degenerate cases (no stops, one stop, r = 0) that paint a solid colour or nothing. The
// result lives in the element's user space; the importer applies the CTM.

export interface GradientHost {
  ids: ReadonlyMap<string, XmlElement>;
  warn: Warn;
  /** The element's computed style from the root down (a stop's `color` and `inherit` come from its ancestors). */
  styleOf: (el: XmlElement) => ComputedStyle;
}

/** What the painted element offers a gradient: its geometry's box (objectBoundingBox) and its viewport (percentages). */
export interface PaintTarget {
  bbox: () => Box | null;
  viewport: Viewport;
}

export type ServerPaint = { kind: 'none'; why: string } | { kind: 'solid'; colour: Rgba } | { kind: 'gradient'; gradient: Gradient };

type PaintFields = 'stops' | 'spread' | 'transform';

const GRADIENTS = new Set(['linearGradient', 'radialGradient']);

function hrefOf(el: XmlElement): string | undefined {
  // SVG 2's plain `href` wins over `xlink:href`.
  return el.attrs.href ?? el.attrs['xlink:href'];
}

/** The element and the templates its href chain reaches, stopping at a missing target, a non-gradient or a cycle. */
function hrefChain(el: XmlElement, ids: ReadonlyMap<string, XmlElement>): XmlElement[] {
  const chain = [el];
  for (;;) {
    const h = hrefOf(chain.at(-1)!)?.trim();
    const next = h?.startsWith('#') ? ids.get(h.slice(1)) : undefined;
    if (!next || chain.includes(next) || !GRADIENTS.has(next.name) || next.foreign) return chain;
    chain.push(next);
  }
}

/** The attribute from the first element of the chain that has it; geometry only from gradients of the same kind, as resvg does. */
function attr(chain: readonly XmlElement[], name: string, sameKindOnly: boolean): string | undefined {
  for (const g of chain) {
    if (sameKindOnly && g.name !== chain[0]!.name) return undefined;
    const v = g.attrs[name];
    if (v !== undefined) return v.trim();
  }
  return undefined;
}

/** A stop offset: a number or a percentage; anything else (a length such as `5mm`) is unreadable. */
function parseOffset(text: string): number | null {
  const m = /^([+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)(%?)$/.exec(text.trim());
  if (!m) return null;
  const v = Number(m[1]) / (m[2] ? 100 : 1);
  return Number.isFinite(v) ? v : null;
}

/** The stops of the first element of the chain that has any, normalised as resvg does. */
function readStops(chain: readonly XmlElement[], host: GradientHost, where: string): GradientStop[] {
  const owner = chain.find((g) => g.children.some((c) => c.name === 'stop' && !c.foreign));
  if (!owner) return [];
  const stops: GradientStop[] = [];
  let prev = 0;
  for (const s of owner.children) {
    if (s.name !== 'stop' || s.foreign) continue;
    // A missing or unreadable offset repeats the previous one (before clamping), as resvg does.
    let offset = prev;
    if (s.attrs.offset !== undefined) {
      const o = parseOffset(s.attrs.offset);
      if (o === null) host.warn(where, `line ${s.line}: stop offset '${s.attrs.offset}' is not a number or percentage; used the previous offset, ${prev}`);
      else offset = o;
    }
    prev = offset;
    const style = host.styleOf(s);
    const text = style['stop-color']!.trim();
    let colour: Rgba | null = /^currentcolor$/i.test(text) ? parseColor(style.color!) : parseColor(text);
    if (!colour) {
      host.warn(where, `line ${s.line}: stop-color '${text}' is not a colour we can read; black, as renderers do`);
      colour = { r: 0, g: 0, b: 0, a: 1 };
    }
    const so = parseFraction(style['stop-opacity']);
    if (so === null) host.warn(where, `line ${s.line}: stop-opacity '${style['stop-opacity']}' is not a number; used 1`);
    stops.push({ offset: Math.min(1, Math.max(0, offset)), color: { ...colour, a: colour.a * (so ?? 1) } });
  }
  return normaliseOffsets(stops);
}

/** Offsets made non-decreasing (each at least the largest before it), and the middle of three equal ones dropped (it paints nothing). */
export function normaliseOffsets(stops: GradientStop[]): GradientStop[] {
  let last = 0;
  const out: GradientStop[] = [];
  for (const s of stops) {
    last = Math.max(last, s.offset);
    const n = out.length;
    if (n >= 2 && out[n - 2]!.offset === last && out[n - 1]!.offset === last) out.pop();
    out.push({ offset: last, color: s.color });
  }
  return out;
}

/** A gradient length: a fraction of the box (objectBoundingBox) or user units with % of the viewport; unreadable ones take the default. */
function length(
  chain: readonly XmlElement[],
  name: string,
  axis: 'x' | 'y' | 'diag',
  obb: boolean,
  vp: Viewport,
  fallback: number,
  host: GradientHost,
  where: string,
): number {
  const text = attr(chain, name, true);
  if (text === undefined) return fallback;
  try {
    // In objectBoundingBox units a percentage is a plain fraction on every axis.
    return parseLength(text, axis, obb ? { width: 1, height: 1, fontSize: vp.fontSize } : vp, `attribute ${name}`);
  } catch (err) {
    if (!(err instanceof SvgImportError)) throw err;
    host.warn(where, `gradient ${err.message}; used its default`);
    return fallback;
  }
}

function spreadOf(chain: readonly XmlElement[]): GradientSpread {
  const s = attr(chain, 'spreadMethod', false);
  return s === 'reflect' || s === 'repeat' ? s : 'pad';
}

function gradientTransform(chain: readonly XmlElement[], host: GradientHost, where: string): Matrix {
  const t = attr(chain, 'gradientTransform', false);
  if (t === undefined) return IDENTITY;
  try {
    const m = parseTransform(t);
    // A singular gradientTransform would collapse the gradient to a line; resvg ignores it.
    if (Math.abs(m[0] * m[3] - m[1] * m[2]) > 1e-12) return m;
    host.warn(where, `gradientTransform "${t.slice(0, 60)}" is not invertible; ignored, as resvg does`);
    return IDENTITY;
  } catch (err) {
    if (!(err instanceof TransformSyntaxError)) throw err;
    host.warn(where, `bad gradientTransform "${t.slice(0, 60)}": ${err.message}; ignored, as renderers do`);
    return IDENTITY;
  }
}

/** A gradient element as a paint for one element, in that element's user space. */
export function readGradient(el: XmlElement, host: GradientHost, target: PaintTarget, where: string): ServerPaint {
  const chain = hrefChain(el, host.ids);
  const stops = readStops(chain, host, where);
  if (stops.length === 0) return { kind: 'none', why: 'has no stops' };
  // One stop paints its colour (SVG); resvg decides this before units, so even a flat box gets it.
  if (stops.length === 1) return { kind: 'solid', colour: stops[0]!.color };
  const units = attr(chain, 'gradientUnits', false);
  const obb = units !== 'userSpaceOnUse';
  if (units !== undefined && units !== 'userSpaceOnUse' && units !== 'objectBoundingBox') {
    host.warn(where, `gradientUnits '${units}' is not userSpaceOnUse or objectBoundingBox; used objectBoundingBox, the initial value`);
  }
  const vp = target.viewport;
  const len = (name: string, axis: 'x' | 'y' | 'diag', def: number) => length(chain, name, axis, obb, vp, def, host, where);
  // Defaults: 50% (a fraction or of the viewport), 100% for x2.
  const pct = (axis: 'x' | 'y' | 'diag', p: number) => (obb ? p : parseLength(`${p * 100}%`, axis, vp, 'default'));
  let geometry: Omit<LinearGradient, PaintFields> | Omit<RadialGradient, PaintFields>;
  if (el.name === 'linearGradient') {
    geometry = { kind: 'linear', x1: len('x1', 'x', 0), y1: len('y1', 'y', 0), x2: len('x2', 'x', pct('x', 1)), y2: len('y2', 'y', 0) };
  } else {
    const r = len('r', 'diag', pct('diag', 0.5));
    // SVG: r = 0 paints the last stop's colour; resvg does so for any r that is not positive.
    if (!(r > 0)) return { kind: 'solid', colour: stops.at(-1)!.color };
    const cx = len('cx', 'x', pct('x', 0.5));
    const cy = len('cy', 'y', pct('y', 0.5));
    const fr = Math.max(0, len('fr', 'diag', 0));
    // A focal point outside the end circle stays where it is: resvg draws SVG 2's cone (as its
    // focal-point-correction test shows), not SVG 1.1's point moved onto the circle.
    geometry = { kind: 'radial', cx, cy, r, fx: len('fx', 'x', cx), fy: len('fy', 'y', cy), fr };
  }
  let frame: Matrix = IDENTITY;
  if (obb) {
    const box = target.bbox();
    if (!box || !(box.width > 0 && box.height > 0)) return { kind: 'none', why: 'is in objectBoundingBox units but the element has no width or height' };
    frame = [box.width, 0, 0, box.height, box.x, box.y];
  }
  const transform = [...multiply(frame, gradientTransform(chain, host, where))] as Affine;
  return { kind: 'gradient', gradient: { ...geometry, stops, spread: spreadOf(chain), transform } };
}

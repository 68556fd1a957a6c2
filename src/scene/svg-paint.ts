import { meanStopColour } from './gradient-mean.ts';
import type { Gradient, Rgba, ShapeGroup } from './scene.ts';
import { parseColor } from './svg-color.ts';
import { type GradientHost, type PaintTarget, readGradient } from './svg-gradient.ts';
import type { ComputedStyle } from './svg-style.ts';
import { type Matrix, multiply } from './svg-transform.ts';

// Fill and stroke paints: a solid colour, or a linear or radial gradient (svg-gradient.ts);
// a pattern becomes its fallback colour.

export type PaintContext = GradientHost;

/** A resolved paint in the element's user space: its colour, or a gradient and its stops' mean. */
export interface Paint {
  colour: Rgba;
  gradient?: Gradient;
}

/**
 * The group's fill (and gradient) for a paint, with `alpha` (fill- or stroke-opacity times
 * the inherited opacity) folded into the colour or every stop, and the gradient mapped to
 * canvas pixels by the element's CTM.
 */
export function groupPaint(p: Paint, alpha: number, ctm: Matrix, warn: (message: string) => void): Pick<ShapeGroup, 'fill' | 'gradient'> {
  if (!p.gradient) return { fill: { ...p.colour, a: p.colour.a * alpha } };
  const stops = p.gradient.stops.map((s) => ({ offset: s.offset, color: { ...s.color, a: s.color.a * alpha } }));
  const transform = [...multiply(ctm, p.gradient.transform)] as Gradient['transform'];
  if (!transform.every(Number.isFinite)) {
    // Huge scale factors overflow: the element is still drawn, in the colour the gradient averages to.
    warn(`${p.gradient.kind} gradient's transform overflows (${transform.map((v) => v.toPrecision(3)).join(' ')}); painted with its mean colour`);
    return { fill: meanStopColour(stops) };
  }
  return { fill: meanStopColour(stops), gradient: { ...p.gradient, stops, transform } };
}

function describe(c: Rgba): string {
  const h = (v: number) =>
    Math.round(v * 255)
      .toString(16)
      .padStart(2, '0');
  return `#${h(c.r)}${h(c.g)}${h(c.b)}${c.a < 1 ? ` at alpha ${c.a.toFixed(3)}` : ''}`;
}

/**
 * The paint of a `fill` or `stroke` value, or null for no paint. `currentColor` reads the
 * `color` property; `url(#id) fallback` resolves gradients and patterns.
 */
export function resolvePaint(value: string, style: ComputedStyle, property: string, where: string, ctx: PaintContext, target: PaintTarget): Paint | null {
  const v = value.trim();
  if (v === 'none') return null;
  const url = /^url\(\s*(['"]?)\s*#(.*?)\s*\1\s*\)\s*(.*)$/.exec(v);
  if (!url) return { colour: solidPaint(v, style, property, where, ctx) };
  const id = url[2]!;
  const fallbackText = url[3]!.trim();
  const fallback = fallbackText === '' || fallbackText === 'none' ? null : solidPaint(fallbackText, style, `${property} fallback`, where, ctx);
  const orFallback = fallback ? { colour: fallback } : null;
  const server = ctx.ids.get(id);
  if (!server) {
    ctx.warn(where, `${property} refers to #${id}, which does not exist; ${fallback ? `used its fallback ${describe(fallback)}` : 'not painted'}`);
    return orFallback;
  }
  if ((server.name === 'linearGradient' || server.name === 'radialGradient') && !server.foreign) {
    const g = readGradient(server, ctx, target, where);
    if (g.kind === 'solid') return { colour: g.colour };
    if (g.kind === 'gradient') return { colour: meanStopColour(g.gradient.stops), gradient: g.gradient };
    // SVG paints nothing; resvg, like browsers for an invalid reference, takes the fallback where there is one.
    ctx.warn(where, `${property} gradient #${id} ${g.why}; ${fallback ? `used its fallback ${describe(fallback)}` : 'not painted, as SVG specifies'}`);
    return orFallback;
  }
  if (server.name === 'pattern') {
    ctx.warn(
      where,
      `${property} pattern #${id} not supported; ${fallback ? `used its fallback ${describe(fallback)}` : 'not painted (no fallback colour given)'}`,
    );
    return orFallback;
  }
  ctx.warn(where, `${property} refers to <${server.name}> #${id}, which is not a paint server; ${fallback ? 'used its fallback' : 'not painted'}`);
  return orFallback;
}

/** A colour, currentColor, or (an ICC colour aside) its sRGB fallback; unreadable colours are drawn black with a warning. */
function solidPaint(v: string, style: ComputedStyle, property: string, where: string, ctx: PaintContext): Rgba {
  if (v === 'currentColor' || v === 'currentcolor') return parseColor(style.color!) ?? { r: 0, g: 0, b: 0, a: 1 };
  const c = parseColor(v);
  if (!c) {
    ctx.warn(where, `${property} '${v}' is not a colour we can read; drawn black, the initial value`);
    return { r: 0, g: 0, b: 0, a: 1 };
  }
  // CSS Color 4 allows it, but renderers built on CSS 3 (resvg among them) reject the whole colour.
  if (/^rgba?\(.*,\s*[^,]*%\s*\)$/i.test(v.trim())) {
    ctx.warn(where, `${property} '${v}': alpha as a percentage (CSS Color 4) read as ${+c.a.toFixed(4)}; renderers that predate it draw black instead`);
  }
  if (/\sicc-color\(/i.test(v)) ctx.warn(where, `${property} '${v}': the ICC colour is not used; drawn in its sRGB fallback ${describe(c)}`);
  return c;
}

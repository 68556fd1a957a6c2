import type { Rgba } from './scene.ts';
import { parseColor } from './svg-color.ts';
import { computeStyle, type ComputedStyle, type StyleSheet, type Warn } from './svg-style.ts';
import type { XmlElement } from './svg-xml.ts';

// Fill and stroke paints to one solid colour. The scene holds one RGBA per group, so a
// gradient becomes the mean colour of its stops (each reported), a pattern its fallback.

export interface PaintContext {
  ids: ReadonlyMap<string, XmlElement>;
  sheet: StyleSheet;
  warn: Warn;
}

function hrefOf(el: XmlElement): string | undefined {
  return el.attrs.href ?? el.attrs['xlink:href'];
}

function parseOffset(text: string | undefined): number {
  if (text === undefined) return 0;
  const t = text.trim();
  const v = t.endsWith('%') ? Number(t.slice(0, -1)) / 100 : Number(t);
  return Number.isFinite(v) ? Math.min(1, Math.max(0, v)) : 0;
}

interface Stop {
  offset: number;
  colour: Rgba;
}

/** The gradient's stops, following href chains (a gradient without stops uses its template's). */
function gradientStops(grad: XmlElement, ctx: PaintContext): Stop[] {
  const seen = new Set<XmlElement>();
  let g: XmlElement | undefined = grad;
  while (g && !seen.has(g)) {
    seen.add(g);
    const stopEls = g.children.filter((c) => c.name === 'stop');
    if (stopEls.length > 0) {
      let last = 0;
      return stopEls.map((s) => {
        const style = computeStyle(s, null, ctx.sheet);
        const c = parseColor(style['stop-color']!) ?? { r: 0, g: 0, b: 0, a: 1 };
        const o = Number(style['stop-opacity']);
        // Offsets never decrease (SVG clamps each to the largest before it).
        last = Math.max(last, parseOffset(s.attrs.offset));
        return { offset: last, colour: { ...c, a: c.a * (Number.isFinite(o) ? Math.min(1, Math.max(0, o)) : 1) } };
      });
    }
    const h = hrefOf(g);
    g = h?.startsWith('#') ? ctx.ids.get(h.slice(1)) : undefined;
  }
  return [];
}

/** A gradient attribute, from the gradient or the first template in its href chain that has it. */
function inherited(grad: XmlElement, name: string, ctx: PaintContext): string | undefined {
  const seen = new Set<XmlElement>();
  for (let g: XmlElement | undefined = grad; g && !seen.has(g); ) {
    seen.add(g);
    const v = g.attrs[name];
    if (v !== undefined) return v.trim();
    const h = hrefOf(g);
    g = h?.startsWith('#') ? ctx.ids.get(h.slice(1)) : undefined;
  }
  return undefined;
}

/** Mean of the piecewise-linear colour ramp over [0, 1], padded with the end stops. */
export function meanStopColour(stops: readonly Stop[]): Rgba {
  const keys = ['r', 'g', 'b', 'a'] as const;
  const acc = { r: 0, g: 0, b: 0, a: 0 };
  const first = stops[0]!;
  const last = stops[stops.length - 1]!;
  for (const k of keys) acc[k] += first.colour[k] * first.offset + last.colour[k] * (1 - last.offset);
  for (let i = 0; i + 1 < stops.length; i++) {
    const a = stops[i]!;
    const b = stops[i + 1]!;
    const w = b.offset - a.offset;
    for (const k of keys) acc[k] += ((a.colour[k] + b.colour[k]) / 2) * w;
  }
  return acc;
}

function describe(c: Rgba): string {
  const h = (v: number) =>
    Math.round(v * 255)
      .toString(16)
      .padStart(2, '0');
  return `#${h(c.r)}${h(c.g)}${h(c.b)}${c.a < 1 ? ` at alpha ${c.a.toFixed(3)}` : ''}`;
}

/**
 * The solid colour of a `fill` or `stroke` value, or null for no paint. `currentColor`
 * reads the `color` property; `url(#id) fallback` resolves gradients and patterns.
 */
export function resolvePaint(
  value: string,
  style: ComputedStyle,
  property: string,
  where: string,
  ctx: PaintContext,
  flatBox: () => boolean = () => false,
): Rgba | null {
  const v = value.trim();
  if (v === 'none') return null;
  const url = /^url\(\s*(['"]?)\s*#(.*?)\s*\1\s*\)\s*(.*)$/.exec(v);
  if (!url) return solidPaint(v, style, property, where, ctx);
  const id = url[2]!;
  const fallbackText = url[3]!.trim();
  const fallback = fallbackText === '' || fallbackText === 'none' ? null : solidPaint(fallbackText, style, `${property} fallback`, where, ctx);
  const target = ctx.ids.get(id);
  if (!target) {
    ctx.warn(where, `${property} refers to #${id}, which does not exist; ${fallback ? `used its fallback ${describe(fallback)}` : 'not painted'}`);
    return fallback;
  }
  if (target.name === 'linearGradient' || target.name === 'radialGradient') {
    // SVG: objectBoundingBox units on an element without width or height leave the gradient out.
    if (inherited(target, 'gradientUnits', ctx) !== 'userSpaceOnUse' && flatBox()) {
      ctx.warn(
        where,
        `${property} gradient #${id} is in objectBoundingBox units but the element has no width or height; ${fallback ? `used its fallback ${describe(fallback)}` : 'not painted'}, as SVG specifies`,
      );
      return fallback;
    }
    const stops = gradientStops(target, ctx);
    if (stops.length === 0) {
      // SVG paints nothing; resvg, like browsers for an invalid reference, takes the fallback where there is one.
      ctx.warn(where, `${property} gradient #${id} has no stops; ${fallback ? `used its fallback ${describe(fallback)}` : 'not painted, as SVG specifies'}`);
      return fallback;
    }
    const mean = meanStopColour(stops);
    ctx.warn(where, `${property} ${target.name} #${id} approximated by the mean colour of its stops, ${describe(mean)}`);
    return mean;
  }
  if (target.name === 'pattern') {
    ctx.warn(
      where,
      `${property} pattern #${id} not supported; ${fallback ? `used its fallback ${describe(fallback)}` : 'not painted (no fallback colour given)'}`,
    );
    return fallback;
  }
  ctx.warn(where, `${property} refers to <${target.name}> #${id}, which is not a paint server; ${fallback ? 'used its fallback' : 'not painted'}`);
  return fallback;
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

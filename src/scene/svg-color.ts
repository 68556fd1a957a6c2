import namedColours from 'color-name';
import type { Rgba } from './scene.ts';

// CSS colour values as SVG files use them: keywords, #rgb/#rgba/#rrggbb/#rrggbbaa,
// rgb()/rgba()/hsl()/hsla() in comma or space syntax with optional `/ alpha`.
// Hand-written because it is small and must return straight-alpha floats in [0, 1]
// that round-trip 8-bit values exactly (n/255), which colour libraries do not promise.

function clamp01(v: number): number {
  return v < 0 ? 0 : Math.min(v, 1);
}

const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

function parseNumber(s: string): number | null {
  return NUMBER.test(s) ? Number(s) : null;
}

/** `50%` -> 0.5 of `scale`; plain numbers as they are. */
function parseComponent(s: string, percentScale: number): number | null {
  if (s.endsWith('%')) {
    const v = parseNumber(s.slice(0, -1));
    return v === null ? null : (v / 100) * percentScale;
  }
  return parseNumber(s);
}

function parseAlpha(s: string | undefined): number | null {
  if (s === undefined) return 1;
  const v = parseComponent(s, 1);
  return v === null ? null : clamp01(v);
}

function parseHue(s: string): number | null {
  const m = /^([^a-z]+)(deg|grad|rad|turn)?$/.exec(s);
  if (!m) return null;
  const v = parseNumber(m[1]!);
  if (v === null) return null;
  const unit = m[2] ?? 'deg';
  return unit === 'deg' ? v : unit === 'grad' ? v * 0.9 : unit === 'rad' ? (v * 180) / Math.PI : v * 360;
}

function hslToRgb(h: number, s: number, l: number): [number, number, number] {
  // CSS Color 4's reference algorithm.
  const hh = (((h % 360) + 360) % 360) / 30;
  const a = s * Math.min(l, 1 - l);
  const f = (n: number) => {
    const k = (n + hh) % 12;
    return l - a * Math.max(-1, Math.min(k - 3, 9 - k, 1));
  };
  return [f(0), f(8), f(4)];
}

/** Splits `a, b, c` or `a b c / d` into components and the alpha (if any). */
function splitArgs(inner: string): { parts: string[]; alpha?: string } | null {
  const t = inner.trim();
  if (t.includes(',')) {
    const parts = t.split(',').map((p) => p.trim());
    if (parts.length === 4) return { parts: parts.slice(0, 3), alpha: parts[3]! };
    return parts.length === 3 ? { parts } : null;
  }
  const [main, alpha, ...rest] = t.split('/');
  if (rest.length > 0 || main === undefined) return null;
  const parts = main.trim().split(/\s+/);
  if (parts.length !== 3) return null;
  return alpha === undefined ? { parts } : { parts, alpha: alpha.trim() };
}

function parseHex(hex: string): Rgba | null {
  if (!/^[0-9a-f]+$/.test(hex)) return null;
  const n = hex.length;
  if (n === 3 || n === 4) {
    const v = [...hex].map((c) => parseInt(c + c, 16) / 255);
    return { r: v[0]!, g: v[1]!, b: v[2]!, a: n === 4 ? v[3]! : 1 };
  }
  if (n === 6 || n === 8) {
    const v = [0, 2, 4, 6].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255);
    return { r: v[0]!, g: v[1]!, b: v[2]!, a: n === 8 ? v[3]! : 1 };
  }
  return null;
}

function parseFunction(fn: string, inner: string): Rgba | null {
  const args = splitArgs(inner);
  if (!args) return null;
  const a = parseAlpha(args.alpha);
  if (a === null) return null;
  if (fn === 'rgb' || fn === 'rgba') {
    // CSS: the three channels are all numbers or all percentages; a mix makes the colour invalid.
    const percents = args.parts.filter((p) => p.endsWith('%')).length;
    if (percents !== 0 && percents !== 3) return null;
    const v = args.parts.map((p) => parseComponent(p, 255));
    if (v.some((x) => x === null)) return null;
    const [r, g, b] = v.map((x) => clamp01(x! / 255));
    return { r: r!, g: g!, b: b!, a };
  }
  const h = parseHue(args.parts[0]!);
  const s = parseComponent(args.parts[1]!, 1);
  const l = parseComponent(args.parts[2]!, 1);
  if (h === null || s === null || l === null || !args.parts[1]!.endsWith('%') || !args.parts[2]!.endsWith('%')) return null;
  const [r, g, b] = hslToRgb(h, clamp01(s), clamp01(l));
  return { r: clamp01(r), g: clamp01(g), b: clamp01(b), a };
}

/** A CSS colour as straight-alpha RGBA in [0, 1], or null when the text is not a colour. */
export function parseColor(text: string): Rgba | null {
  // SVG 1.1 allows an ICC colour after the sRGB fallback; the fallback is what we can use.
  const s = text
    .trim()
    .toLowerCase()
    .replace(/\s+icc-color\(.*\)$/, '');
  if (s.startsWith('#')) return parseHex(s.slice(1));
  if (s === 'transparent') return { r: 0, g: 0, b: 0, a: 0 };
  const fm = /^(rgba?|hsla?)\((.*)\)$/.exec(s);
  if (fm) return parseFunction(fm[1]!, fm[2]!);
  const named = namedColours[s];
  return named ? { r: named[0] / 255, g: named[1] / 255, b: named[2] / 255, a: 1 } : null;
}

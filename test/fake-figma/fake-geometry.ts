import { fileURLToPath } from 'node:url';
import { readFileSync } from 'node:fs';
import opentype, { type Font, type PathCommand } from 'opentype.js';

// Geometry the way Figma reports it: path data strings of absolute M/L/C/Z commands joined
// by single spaces, in the node's own coordinates. Figma never emits Q (it converts
// quadratics to cubics internally), so neither does the fake.

export type Pt = [number, number];

/** Plain decimal, never an exponent (Figma's path grammar has none). */
export function fmt(v: number): string {
  if (Math.abs(v) < 1e-12) return '0';
  const s = String(v);
  return s.includes('e') ? v.toFixed(12).replace(/0+$/, '').replace(/\.$/, '') : s;
}

export function polygonData(pts: Pt[]): string {
  const [first, ...rest] = pts;
  return [`M ${fmt(first![0])} ${fmt(first![1])}`, ...rest.map(([x, y]) => `L ${fmt(x)} ${fmt(y)}`), `L ${fmt(first![0])} ${fmt(first![1])}`, 'Z'].join(' ');
}

export function rectangleData(w: number, h: number): string {
  return polygonData([
    [0, 0],
    [w, 0],
    [w, h],
    [0, h],
  ]);
}

/** Four cubic quarter-arcs, the usual kappa approximation (what Figma draws for an ellipse). */
export function ellipseData(w: number, h: number): string {
  const k = 0.5522847498307936;
  const rx = w / 2;
  const ry = h / 2;
  const cx = rx;
  const cy = ry;
  const c = (x1: number, y1: number, x2: number, y2: number, x: number, y: number) => `C ${fmt(x1)} ${fmt(y1)} ${fmt(x2)} ${fmt(y2)} ${fmt(x)} ${fmt(y)}`;
  return [
    `M ${fmt(w)} ${fmt(cy)}`,
    c(w, cy + k * ry, cx + k * rx, h, cx, h),
    c(cx - k * rx, h, 0, cy + k * ry, 0, cy),
    c(0, cy - k * ry, cx - k * rx, 0, cx, 0),
    c(cx + k * rx, 0, w, cy - k * ry, w, cy),
    'Z',
  ].join(' ');
}

/** Regular polygon (pointCount corners) or star (2 x pointCount corners) inscribed in the w x h box, first corner at the top. */
export function polygonOrStarData(w: number, h: number, pointCount: number, innerRadius: number | null): string {
  const pts: Pt[] = [];
  const n = innerRadius === null ? pointCount : pointCount * 2;
  for (let i = 0; i < n; i++) {
    const r = innerRadius !== null && i % 2 === 1 ? innerRadius : 1;
    const t = -Math.PI / 2 + (2 * Math.PI * i) / n;
    pts.push([w / 2 + (r * w * Math.cos(t)) / 2, h / 2 + (r * h * Math.sin(t)) / 2]);
  }
  return polygonData(pts);
}

/** Outline of a centred stroke along the segment (0,0)-(w,0) with butt caps. */
export function lineStrokeData(w: number, weight: number): string {
  const h = weight / 2;
  return polygonData([
    [0, -h],
    [w, -h],
    [w, h],
    [0, h],
  ]);
}

/** Centred stroke of a w x h rectangle: outer contour clockwise, inner anticlockwise (NONZERO leaves the hole). */
export function rectangleStrokeData(w: number, h: number, weight: number): string {
  const o = weight / 2;
  const outer = polygonData([
    [-o, -o],
    [w + o, -o],
    [w + o, h + o],
    [-o, h + o],
  ]);
  const inner = polygonData([
    [o, o],
    [o, h - o],
    [w - o, h - o],
    [w - o, o],
  ]);
  return `${outer} ${inner}`;
}

const FONT_FILES: Record<string, string> = {
  'DejaVu Sans': fileURLToPath(new URL('../data/fonts/DejaVuSans.ttf', import.meta.url)),
  'DejaVu Serif': fileURLToPath(new URL('../data/fonts/DejaVuSerif.ttf', import.meta.url)),
};
const fonts = new Map<string, Font>();

export function fontPath(family: string): string {
  const file = FONT_FILES[family];
  if (!file) throw new Error(`fake Figma: font family '${family}' is not available (have: ${Object.keys(FONT_FILES).join(', ')})`);
  return file;
}

export function loadFont(family: string): Font {
  let f = fonts.get(family);
  if (!f) {
    const b = readFileSync(fontPath(family));
    f = opentype.parse(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer);
    fonts.set(family, f);
  }
  return f;
}

/** Baseline of the first line: Figma's auto line height puts the ascender at the top of the box. */
export function textBaseline(font: Font, fontSize: number): number {
  return (font.ascender / font.unitsPerEm) * fontSize;
}

/**
 * Glyph outlines of a single line of text, left-aligned, without kerning (opentype.js 2.0
 * cannot run DejaVu's GSUB through font.getPath, so glyphs are laid out one by one).
 */
export function textFillData(family: string, characters: string, fontSize: number): string {
  const font = loadFont(family);
  const scale = fontSize / font.unitsPerEm;
  const baseline = textBaseline(font, fontSize);
  const parts: string[] = [];
  let x = 0;
  let cx = 0;
  let cy = 0;
  for (const ch of characters) {
    const glyph = font.charToGlyph(ch);
    for (const c of glyph.getPath(x, baseline, fontSize).commands) parts.push(commandData(c, cx, cy, (nx, ny) => ((cx = nx), (cy = ny))));
    x += (glyph.advanceWidth ?? 0) * scale;
  }
  return parts.filter((p) => p !== '').join(' ');
}

function commandData(c: PathCommand, cx: number, cy: number, moved: (x: number, y: number) => void): string {
  switch (c.type) {
    case 'M':
    case 'L':
      moved(c.x!, c.y!);
      return `${c.type} ${fmt(c.x!)} ${fmt(c.y!)}`;
    case 'Q': {
      // Exact degree elevation, as Figma stores quadratics.
      const c1x = cx + (2 / 3) * (c.x1! - cx);
      const c1y = cy + (2 / 3) * (c.y1! - cy);
      const c2x = c.x! + (2 / 3) * (c.x1! - c.x!);
      const c2y = c.y! + (2 / 3) * (c.y1! - c.y!);
      moved(c.x!, c.y!);
      return `C ${fmt(c1x)} ${fmt(c1y)} ${fmt(c2x)} ${fmt(c2y)} ${fmt(c.x!)} ${fmt(c.y!)}`;
    }
    case 'C':
      moved(c.x!, c.y!);
      return `C ${fmt(c.x1!)} ${fmt(c.y1!)} ${fmt(c.x2!)} ${fmt(c.y2!)} ${fmt(c.x!)} ${fmt(c.y!)}`;
    case 'Z':
      return 'Z';
  }
}

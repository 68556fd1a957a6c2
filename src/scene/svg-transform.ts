import type { ComputedStyle, Warn } from './svg-style.ts';
import type { XmlElement } from './svg-xml.ts';

// 2-D affine transforms as SVG writes them: [a, b, c, d, e, f] maps (x, y) to
// (a x + c y + e, b x + d y + f). Parsing is strict (a transform list we cannot read is an
// error); the importer turns that error into a warning and draws the element untransformed.

export type Matrix = readonly [number, number, number, number, number, number];

export const IDENTITY: Matrix = [1, 0, 0, 1, 0, 0];

/** The matrix that applies `n` first, then `m` (m × n). */
export function multiply(m: Matrix, n: Matrix): Matrix {
  return [
    m[0] * n[0] + m[2] * n[1],
    m[1] * n[0] + m[3] * n[1],
    m[0] * n[2] + m[2] * n[3],
    m[1] * n[2] + m[3] * n[3],
    m[0] * n[4] + m[2] * n[5] + m[4],
    m[1] * n[4] + m[3] * n[5] + m[5],
  ];
}

export function translation(tx: number, ty: number): Matrix {
  return [1, 0, 0, 1, tx, ty];
}

export function scaling(sx: number, sy: number): Matrix {
  return [sx, 0, 0, sy, 0, 0];
}

export function isIdentity(m: Matrix): boolean {
  return m[0] === 1 && m[1] === 0 && m[2] === 0 && m[3] === 1 && m[4] === 0 && m[5] === 0;
}

/** Transforms a flat [x0, y0, x1, y1, ...] array in place. */
export function transformPointsInPlace(m: Matrix, pts: number[]): void {
  if (isIdentity(m)) return;
  for (let i = 0; i < pts.length; i += 2) {
    const x = pts[i]!;
    const y = pts[i + 1]!;
    pts[i] = m[0] * x + m[2] * y + m[4];
    pts[i + 1] = m[1] * x + m[3] * y + m[5];
  }
}

/** How much the transform scales lengths on average (sqrt |det|), e.g. for stroke widths. */
export function meanScale(m: Matrix): number {
  return Math.sqrt(Math.abs(m[0] * m[3] - m[1] * m[2]));
}

/** The largest factor by which the transform stretches any direction (its largest singular value). */
export function maxScale(m: Matrix): number {
  const [a, b, c, d] = m;
  const s = a * a + b * b + c * c + d * d;
  const det = a * d - b * c;
  return Math.sqrt((s + Math.sqrt(Math.max(0, s * s - 4 * det * det))) / 2);
}

export class TransformSyntaxError extends Error {
  override name = 'TransformSyntaxError';
}

const NUM = String.raw`[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?`;
const FUNC = /^\s*,?\s*(matrix|translate|scale|rotate|skewX|skewY)\s*\(([^)]*)\)\s*/;
const ARGS = new RegExp(String.raw`^(?:\s*(${NUM})\s*,?)*\s*$`);

function parseArgs(name: string, body: string): number[] {
  if (!ARGS.test(body)) throw new TransformSyntaxError(`bad arguments to ${name}(${body.trim()})`);
  const nums = (body.match(new RegExp(NUM, 'g')) ?? []).map(Number);
  for (const v of nums) if (!Number.isFinite(v)) throw new TransformSyntaxError(`${name}(${body.trim()}) has a non-finite number`);
  return nums;
}

function functionMatrix(name: string, v: number[]): Matrix {
  const bad = () => new TransformSyntaxError(`${name}() takes ${arity[name]}, got ${v.length} numbers`);
  const arity: Record<string, string> = {
    matrix: '6 numbers',
    translate: '1 or 2 numbers',
    scale: '1 or 2 numbers',
    rotate: '1 or 3 numbers',
    skewX: '1 number',
    skewY: '1 number',
  };
  const rad = (deg: number) => (deg * Math.PI) / 180;
  switch (name) {
    case 'matrix':
      if (v.length !== 6) throw bad();
      return v as unknown as Matrix;
    case 'translate':
      if (v.length !== 1 && v.length !== 2) throw bad();
      return translation(v[0]!, v[1] ?? 0);
    case 'scale':
      if (v.length !== 1 && v.length !== 2) throw bad();
      return scaling(v[0]!, v[1] ?? v[0]!);
    case 'rotate': {
      if (v.length !== 1 && v.length !== 3) throw bad();
      const c = Math.cos(rad(v[0]!));
      const s = Math.sin(rad(v[0]!));
      const r: Matrix = [c, s, -s, c, 0, 0];
      if (v.length === 1) return r;
      return multiply(translation(v[1]!, v[2]!), multiply(r, translation(-v[1]!, -v[2]!)));
    }
    case 'skewX':
      if (v.length !== 1) throw bad();
      return [1, 0, Math.tan(rad(v[0]!)), 1, 0, 0];
    default:
      if (v.length !== 1) throw bad();
      return [1, Math.tan(rad(v[0]!)), 0, 1, 0, 0];
  }
}

/** Parses an SVG transform list (`translate(10) rotate(45, 5, 5)`); throws TransformSyntaxError. */
export function parseTransform(text: string): Matrix {
  let rest = text;
  let m: Matrix = IDENTITY;
  while (rest.trim() !== '') {
    const f = FUNC.exec(rest);
    if (!f) throw new TransformSyntaxError(`cannot read '${rest.trim().slice(0, 40)}'`);
    m = multiply(m, functionMatrix(f[1]!, parseArgs(f[1]!, f[2]!)));
    rest = rest.slice(f[0].length);
  }
  return m;
}

/** The `transform` property (attribute, stylesheet or style attribute); an unreadable one is ignored with a warning, as renderers do. */
export function elementTransform(el: XmlElement, style: ComputedStyle, where: string, warn: Warn): Matrix {
  const t = style.transform!;
  if (t === 'none') return IDENTITY;
  try {
    // CSS writes units (rotate(45deg), translate(10px)) where the attribute has plain numbers.
    return parseTransform(t.replace(/(\d)(?:deg|px)\b/g, '$1'));
  } catch (err) {
    if (!(err instanceof TransformSyntaxError)) throw err;
    warn(where, `line ${el.line}: bad transform "${t.trim().slice(0, 60)}": ${err.message}; ignored, as renderers do`);
    return IDENTITY;
  }
}

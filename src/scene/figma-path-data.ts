import svgpath from 'svgpath';
import { PathBuilder } from './path-builder.ts';
import type { FillRule, SubPath } from './scene.ts';

// Figma's path data is a subset of SVG's ("M x y", "L", "Q", "C", "Z", absolute, single
// spaces). We parse it with svgpath (a well-kept SVG path parser) so that whatever Figma
// emits, including forms it may add later (relative commands, arcs), still parses, and we
// write only the subset Figma documents accepting.

/** A 2x3 affine matrix in Figma's layout: [[a, c, e], [b, d, f]] maps (x, y) to (ax + cy + e, bx + dy + f). */
export type Affine = [[number, number, number], [number, number, number]];

export const IDENTITY: Affine = [
  [1, 0, 0],
  [0, 1, 0],
];

export class FigmaPathDataError extends Error {
  override name = 'FigmaPathDataError';
}

/** Parses Figma path data into closed cubic sub-paths, mapped through `m` (node space to canvas). */
export function figmaPathDataToSubPaths(data: string, m: Affine = IDENTITY): SubPath[] {
  const b = new PathBuilder();
  let bad: string | undefined;
  const parsed = svgpath(data);
  // svgpath keeps what it parsed before a syntax error and records the error in `err`.
  const syntaxError = (parsed as unknown as { err?: string }).err;
  if (syntaxError) throw new FigmaPathDataError(`path data "${data.slice(0, 60)}" does not parse: ${syntaxError}`);
  parsed
    .abs()
    .unarc()
    .unshort()
    .iterate((seg) => {
      const s = seg as (string | number)[];
      for (let i = 1; i < s.length; i++) if (!Number.isFinite(s[i] as number)) bad ??= s.join(' ');
      switch (s[0]) {
        case 'M':
          b.moveTo(s[1] as number, s[2] as number);
          break;
        case 'L':
          b.lineTo(s[1] as number, s[2] as number);
          break;
        case 'H':
          b.lineTo(s[1] as number, b.currentY);
          break;
        case 'V':
          b.lineTo(b.currentX, s[1] as number);
          break;
        case 'Q':
          b.quadTo(s[1] as number, s[2] as number, s[3] as number, s[4] as number);
          break;
        case 'C':
          b.cubicTo(s[1] as number, s[2] as number, s[3] as number, s[4] as number, s[5] as number, s[6] as number);
          break;
        case 'Z':
        case 'z':
          b.close();
          break;
        default:
          bad ??= s.join(' ');
      }
    });
  if (bad !== undefined) throw new FigmaPathDataError(`path data has an unusable command: "${bad}"`);
  const paths = b.build();
  return isIdentity(m) ? paths : paths.map((p) => transformSubPath(p, m));
}

/** Writes sub-paths as Figma path data: absolute M/C/Z only, single spaces, no exponents. */
export function subPathsToFigmaPathData(paths: readonly SubPath[]): string {
  const parts: string[] = [];
  for (const p of paths) {
    const q = p.points;
    const n = q.length / 2;
    parts.push(`M ${num(q[0]!)} ${num(q[1]!)}`);
    for (let i = 0; i < n; i += 3) {
      const j = (i + 3) % n;
      parts.push(`C ${num(q[2 * i + 2]!)} ${num(q[2 * i + 3]!)} ${num(q[2 * i + 4]!)} ${num(q[2 * i + 5]!)} ${num(q[2 * j]!)} ${num(q[2 * j + 1]!)}`);
    }
    parts.push('Z');
  }
  return parts.join(' ');
}

export function fillRuleToWinding(rule: FillRule): 'NONZERO' | 'EVENODD' {
  return rule === 'evenodd' ? 'EVENODD' : 'NONZERO';
}

export function windingToFillRule(winding: string): FillRule {
  return winding === 'EVENODD' ? 'evenodd' : 'nonzero';
}

// Figma's parser is not documented to take exponents ("1e-7"), so we never write one; 1e-6 px
// is far below what anyone can see and keeps round trips within 1e-3 px.
function num(v: number): string {
  if (Math.abs(v) < 1e-6) return '0';
  const s = String(v);
  if (!s.includes('e')) return s;
  return v.toFixed(6).replace(/0+$/, '').replace(/\.$/, '');
}

export function isIdentity(m: Affine): boolean {
  return m[0][0] === 1 && m[0][1] === 0 && m[0][2] === 0 && m[1][0] === 0 && m[1][1] === 1 && m[1][2] === 0;
}

/** a ∘ b: first b, then a. */
export function multiplyAffine(a: Affine, b: Affine): Affine {
  return [
    [a[0][0] * b[0][0] + a[0][1] * b[1][0], a[0][0] * b[0][1] + a[0][1] * b[1][1], a[0][0] * b[0][2] + a[0][1] * b[1][2] + a[0][2]],
    [a[1][0] * b[0][0] + a[1][1] * b[1][0], a[1][0] * b[0][1] + a[1][1] * b[1][1], a[1][0] * b[0][2] + a[1][1] * b[1][2] + a[1][2]],
  ];
}

export function invertAffine(m: Affine): Affine {
  const [[a, c, e], [b, d, f]] = m;
  const det = a * d - b * c;
  if (!Number.isFinite(det) || Math.abs(det) < 1e-12) throw new FigmaPathDataError('transform is singular (zero scale)');
  return [
    [d / det, -c / det, (c * f - d * e) / det],
    [-b / det, a / det, (b * e - a * f) / det],
  ];
}

/** Affine maps keep cubics cubic, so transforming the control points is exact. */
export function transformSubPath(p: SubPath, m: Affine): SubPath {
  const q = p.points;
  const out = new Array<number>(q.length);
  const [[a, c, e], [b, d, f]] = m;
  for (let i = 0; i < q.length; i += 2) {
    const x = q[i]!;
    const y = q[i + 1]!;
    out[i] = a * x + c * y + e;
    out[i + 1] = b * x + d * y + f;
  }
  return { points: out };
}

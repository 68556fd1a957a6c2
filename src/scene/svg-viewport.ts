import { SvgImportError } from './svg-import-error.ts';
import { IDENTITY, multiply, scaling, translation, type Matrix } from './svg-transform.ts';

// viewBox + preserveAspectRatio to the matrix from user units to viewport pixels (SVG 1.1 §7.8).

export interface ViewBox {
  x: number;
  y: number;
  width: number;
  height: number;
}

export function parseViewBox(text: string | undefined, where: string): ViewBox | undefined {
  if (text === undefined || text.trim() === '') return undefined;
  const parts = text.trim().split(/[\s,]+/);
  const v = parts.map(Number);
  if (parts.length !== 4 || v.some((n) => !Number.isFinite(n))) {
    throw new SvgImportError(`${where}: viewBox="${text}" is not four finite numbers`);
  }
  if (v[2]! <= 0 || v[3]! <= 0) throw new SvgImportError(`${where}: viewBox="${text}" needs a positive width and height`);
  return { x: v[0]!, y: v[1]!, width: v[2]!, height: v[3]! };
}

/** Maps the viewBox onto a viewport of width x height at (0, 0). */
export function viewBoxMatrix(vb: ViewBox | undefined, width: number, height: number, preserveAspectRatio: string | undefined): Matrix {
  if (!vb) return IDENTITY;
  const par = (preserveAspectRatio ?? '')
    .trim()
    .replace(/^defer\s+/, '')
    .split(/\s+/);
  const align = par[0] || 'xMidYMid';
  const slice = par[1] === 'slice';
  let sx = width / vb.width;
  let sy = height / vb.height;
  let tx = 0;
  let ty = 0;
  if (align !== 'none') {
    const s = slice ? Math.max(sx, sy) : Math.min(sx, sy);
    sx = sy = s;
    const freeX = width - vb.width * s;
    const freeY = height - vb.height * s;
    tx = align.includes('xMid') ? freeX / 2 : align.includes('xMax') ? freeX : 0;
    ty = align.includes('YMid') ? freeY / 2 : align.includes('YMax') ? freeY : 0;
  }
  return multiply(translation(tx, ty), multiply(scaling(sx, sy), translation(-vb.x, -vb.y)));
}

import { SvgImportError } from './svg-import-error.ts';
import { parseLength } from './svg-shapes.ts';
import type { Warn } from './svg-style.ts';
import { IDENTITY, multiply, scaling, translation, type Matrix } from './svg-transform.ts';
import type { XmlElement } from './svg-xml.ts';

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

/**
 * The canvas in pixels from the root's width, height and viewBox (`null`: a viewBox with no
 * area). Unreadable sizes are ignored with a warning; only an empty canvas is refused, as
 * nothing could be drawn on it.
 */
export function canvasSize(root: XmlElement, vb: ViewBox | undefined | null, warn: Warn): { width: number; height: number } {
  if (vb === null) throw new SvgImportError(`svg: viewBox="${root.attrs.viewBox}" needs a positive width and height`);
  const abs = (name: 'width' | 'height') => {
    const v = root.attrs[name];
    if (v === undefined || v.trim() === '' || v.trim().endsWith('%') || v.trim() === 'auto') return undefined;
    try {
      return parseLength(v, name === 'width' ? 'x' : 'y', { width: 0, height: 0 }, `attribute ${name}`);
    } catch (err) {
      if (!(err instanceof SvgImportError)) throw err;
      warn('svg', `line ${root.line}: ${err.message}; ignored, as renderers do`);
      return undefined;
    }
  };
  let w = abs('width');
  let h = abs('height');
  if (vb) {
    if (w === undefined && h === undefined) [w, h] = [vb.width, vb.height];
    else if (w === undefined) w = (h! * vb.width) / vb.height;
    else if (h === undefined) h = (w * vb.height) / vb.width;
  } else if (w === undefined || h === undefined) {
    warn('svg', `no viewBox, and the ${w === undefined ? 'width' : 'height'} is missing or relative; used the default canvas size ${w ?? 300}x${h ?? 150}`);
    w ??= 300;
    h ??= 150;
  }
  if (!(w! > 0 && h! > 0)) throw new SvgImportError(`the canvas size ${w}x${h} is empty; width and height must be positive`);
  return { width: w!, height: h! };
}

/** An element's viewBox; an unreadable one is ignored with a warning, as resvg does; `null` is one with no area. */
export function readViewBox(el: XmlElement, where: string, warn: Warn): ViewBox | undefined | null {
  try {
    return parseViewBox(el.attrs.viewBox, where);
  } catch (err) {
    if (!(err instanceof SvgImportError)) throw err;
    if (/positive width and height/.test(err.message)) return null;
    warn(where, `line ${el.line}: ${err.message.replace(`${where}: `, '')}; ignored`);
    return undefined;
  }
}

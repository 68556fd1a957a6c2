import type { Scene } from './scene.ts';
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

/** The canvas size, and which sides are only provisional (to be fitted to the drawing). */
export interface CanvasSize {
  width: number;
  height: number;
  /** No viewBox and no absolute size on this side: fit it to the drawing once drawn (fitCanvasToDrawing). */
  fit?: { width: boolean; height: boolean };
}

/**
 * The canvas in pixels from the root's width, height and viewBox (`null`: a viewBox with no
 * area). Unreadable sizes are ignored with a warning; only an empty canvas is refused, as
 * nothing could be drawn on it. With no viewBox, a missing or relative side is provisionally
 * the browser default (300x150, what % lengths in the drawing resolve against) and marked
 * for fitting.
 */
export function canvasSize(root: XmlElement, vb: ViewBox | undefined | null, warn: Warn): CanvasSize {
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
  let fit: CanvasSize['fit'];
  if (vb) {
    if (w === undefined && h === undefined) [w, h] = [vb.width, vb.height];
    else if (w === undefined) w = (h! * vb.width) / vb.height;
    else if (h === undefined) h = (w * vb.height) / vb.width;
  } else if (w === undefined || h === undefined) {
    fit = { width: w === undefined, height: h === undefined };
    w ??= 300;
    h ??= 150;
  }
  if (!(w! > 0 && h! > 0)) throw new SvgImportError(`the canvas size ${w}x${h} is empty; width and height must be positive`);
  return fit ? { width: w!, height: h!, fit } : { width: w!, height: h! };
}

/**
 * Fits the provisional sides of a canvas to the drawing: from the origin to the right and
 * bottom edges of what was drawn, as resvg sizes such a file.
 * Returns the warning that says so; an empty drawing keeps the browser default.
 */
export function fitCanvasToDrawing(scene: Scene, fit: NonNullable<CanvasSize['fit']>): string {
  let right = 0;
  let bottom = 0;
  for (const g of scene.groups) {
    for (const p of g.paths) {
      for (let i = 0; i < p.points.length; i += 2) {
        right = Math.max(right, p.points[i]!);
        bottom = Math.max(bottom, p.points[i + 1]!);
      }
    }
  }
  const sides = fit.width && fit.height ? 'width and height are' : fit.width ? 'width is' : 'height is';
  if (fit.width && right > 0) scene.width = right;
  if (fit.height && bottom > 0) scene.height = bottom;
  const how =
    (fit.width && right > 0) || (fit.height && bottom > 0) ? 'sized to the drawing (origin to its right and bottom edges, as resvg does)' : 'the default size';
  return `no viewBox, and the ${sides} missing or relative; the canvas is ${how}: ${scene.width}x${scene.height}`;
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

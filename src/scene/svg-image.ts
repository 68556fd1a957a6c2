import { vectorizeImage } from '../engine/vectorize/vectorize-image.ts';
import { DEFAULT_MAX_SIZE } from '../engine/vectorize/vectorize-options.ts';
import { ImageDecodeError } from '../image/decode-image-error.ts';
import { decodeImageToWorkingSize } from '../image/decode-image.ts';
import { readImageHeader } from '../image/decode-image-header.ts';
import { upscaleImage } from '../image/upscale-image.ts';
import type { Scene } from './scene.ts';
import { parseDataUri } from './svg-data-uri.ts';
import { SvgImportError } from './svg-import-error.ts';
import { parseLength, type Viewport } from './svg-shapes.ts';
import type { Warn } from './svg-style.ts';
import { maxScale, multiply, translation, type Matrix } from './svg-transform.ts';
import { viewBoxMatrix } from './svg-viewport.ts';
import type { XmlElement } from './svg-xml.ts';

// <image> with its picture embedded as a data: URI. An SVG picture is read as the separate
// document it is (its own ids and stylesheet), so it stays vector. A PNG or JPEG is traced by
// the vectoriser (src/engine/vectorize, CPU only) into shape groups, as `clipvg vectorize`
// does for a photo, at four times the size it is drawn at on the canvas (at most the
// vectoriser's working size); a picture smaller than that is first enlarged the way renderers
// show it, so the outlines follow the drawn shading rather than its pixel squares. Files and URLs are not read:
// the reader takes one SVG text and has no file or network access.

export interface ImageHost {
  warn: Warn;
  /**
   * Reads an embedded SVG document into a scene on its own canvas (its intrinsic size),
   * its warnings left in the scene; `scale` is how much the canvas is enlarged where it is
   * drawn, so that stroke outlines are flattened finely enough for it.
   */
  importSvg(text: string, scale: number): Scene;
}

/** The picture's content in its intrinsic units, and where the element puts it. */
export interface PlacedImage {
  /** Groups in the picture's own units, [0, width] x [0, height]; an SVG's warnings too. */
  scene: Scene;
  /** From the picture's units to the element's user space (x, y, size, preserveAspectRatio). */
  matrix: Matrix;
  /** The element's rectangle in user space (x0 y0 x1 y0 x1 y1 x0 y1): nothing shows outside it. */
  clip: number[];
  /** The picture's own canvas, in its units (an SVG is clipped to it, as a renderer does). */
  canvas: number[];
}

/** Longest side the vectoriser traces an embedded raster at, at most: its own working size. */
const MAX_TRACE_SIZE = DEFAULT_MAX_SIZE;
/** Trace at this many times the size the picture is drawn at on the canvas (edits and exports render finer than the canvas). */
const TRACE_OVERSAMPLING = 4;
const MIN_TRACE_SIZE = 32;
const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47];
const JPEG_SIGNATURE = [0xff, 0xd8, 0xff];
const GZIP_SIGNATURE = [0x1f, 0x8b];

type Kind = 'png' | 'jpeg' | 'svg' | 'svgz' | string;

function startsWith(bytes: Uint8Array, sig: readonly number[]): boolean {
  return bytes.length >= sig.length && sig.every((b, i) => bytes[i] === b);
}

/** What the bytes are: their signature first (a media type is often missing or wrong), then the media type. */
function kindOf(bytes: Uint8Array, mime: string): Kind {
  if (startsWith(bytes, PNG_SIGNATURE)) return 'png';
  if (startsWith(bytes, JPEG_SIGNATURE)) return 'jpeg';
  if (startsWith(bytes, GZIP_SIGNATURE)) return 'svgz';
  if (startsWith(bytes, [0x47, 0x49, 0x46, 0x38])) return 'GIF';
  if (bytes.length >= 12 && String.fromCharCode(...bytes.subarray(8, 12)) === 'WEBP') return 'WebP';
  const head = new TextDecoder()
    .decode(bytes.subarray(0, 512))
    .replace(/^\uFEFF/, '')
    .trimStart();
  if (head.startsWith('<') || mime === 'image/svg+xml') return 'svg';
  return mime === '' ? 'unknown' : mime;
}

/** Whether a PNG can hold transparency: an alpha channel, or a tRNS chunk before the data. */
function pngHasAlpha(bytes: Uint8Array, colorKind: number): boolean {
  if (colorKind === 4 || colorKind === 6) return true;
  let offset = 8;
  while (offset + 8 <= bytes.length) {
    const type = String.fromCharCode(...bytes.subarray(offset + 4, offset + 8));
    if (type === 'tRNS') return true;
    if (type === 'IDAT') return false;
    offset += 12 + (((bytes[offset]! << 24) | (bytes[offset + 1]! << 16) | (bytes[offset + 2]! << 8) | bytes[offset + 3]!) >>> 0);
  }
  return false;
}

/** A PNG or JPEG traced into shape groups in its own pixels; the message says how. */
function traceRaster(bytes: Uint8Array, filter: 'bilinear' | 'nearest', traceSize: number): { scene: Scene; message: string } {
  const header = readImageHeader(bytes);
  const decoded = decodeImageToWorkingSize(bytes, { maxSide: traceSize });
  let image = decoded.image;
  const longest = Math.max(image.width, image.height);
  if (longest < traceSize) {
    const k = traceSize / longest;
    image = upscaleImage(image, Math.max(image.width, Math.round(image.width * k)), Math.max(image.height, Math.round(image.height * k)), filter);
  }
  const scene = vectorizeImage(image, {}, { width: decoded.sourceWidth, height: decoded.sourceHeight });
  const alpha = header.format === 'png' && pngHasAlpha(bytes, header.colorKind);
  const enlarged = image === decoded.image ? '' : `, enlarged ${filter === 'nearest' ? 'in pixel squares' : 'smoothly'}`;
  const message =
    `${header.format.toUpperCase()} image (${decoded.sourceWidth}x${decoded.sourceHeight} px) vectorised into ${scene.groups.length} shapes` +
    ` (traced at ${image.width}x${image.height}${enlarged}); the shapes approximate the pixels` +
    (alpha ? '; its transparency is not kept: transparent pixels are drawn as white' : '');
  return { scene, message };
}

const PIXELATED = new Set(['optimizeSpeed', 'pixelated', 'crisp-edges']);

/**
 * Reads an <image>: its picture and placement, or null (with a warning saying why) when
 * nothing of it can be drawn. `toCanvas` is the element's user space to canvas pixels.
 */
export function readImage(el: XmlElement, vp: Viewport, toCanvas: Matrix, imageRendering: string, where: string, host: ImageHost): PlacedImage | null {
  const href = el.attrs.href ?? el.attrs['xlink:href'];
  const drop = (why: string) => {
    host.warn(where, `line ${el.line}: <image> ${why}; not drawn`);
    return null;
  };
  if (href === undefined || href.trim() === '') return drop('has no href');
  const data = parseDataUri(href);
  if (data === undefined) {
    const shown = href.length > 80 ? `${href.slice(0, 77)}...` : href;
    return drop(
      `refers to the external file '${shown}', which is not read (the reader takes one SVG text and reads no files or URLs; embed it as a data: URI)`,
    );
  }
  if (data === null) return drop('has a data: URI that is not readable base64 or percent-encoded data');
  const kind = kindOf(data.bytes, data.mime);
  // The picture's own size first (cheap for a raster: its header), so an empty box traces nothing.
  let content: (scale: number) => Scene;
  let iw: number;
  let ih: number;
  const filter = PIXELATED.has(imageRendering.trim()) ? 'nearest' : 'bilinear';
  try {
    if (kind === 'svg') {
      const text = new TextDecoder().decode(data.bytes);
      const own = host.importSvg(text, 1);
      content = (scale) => (scale > 1 ? host.importSvg(text, scale) : own);
      [iw, ih] = [own.width, own.height];
    } else if (kind === 'png' || kind === 'jpeg') {
      const header = readImageHeader(data.bytes);
      [iw, ih] = [header.width, header.height];
      content = (scale) => {
        const drawn = scale * Math.max(iw, ih);
        const size = Math.round(Math.min(MAX_TRACE_SIZE, Math.max(MIN_TRACE_SIZE, TRACE_OVERSAMPLING * drawn)));
        const traced = traceRaster(data.bytes, filter, size);
        host.warn(where, traced.message);
        return traced.scene;
      };
    } else if (kind === 'svgz') {
      return drop('holds a gzip-compressed SVG (svgz), which the reader does not decompress; embed the plain SVG');
    } else {
      return drop(`holds a ${kind} picture; only PNG, JPEG and SVG pictures are read`);
    }
  } catch (err) {
    if (err instanceof ImageDecodeError) return drop(`picture cannot be decoded: ${err.message}`);
    throw err;
  }
  const len = (name: string, axis: 'x' | 'y', fallback: number | undefined) => {
    const v = el.attrs[name];
    if (v === undefined || v.trim() === 'auto') return fallback;
    try {
      return parseLength(v, axis, vp, `attribute ${name}`);
    } catch (err) {
      if (!(err instanceof SvgImportError)) throw err;
      host.warn(where, `line ${el.line}: ${err.message}; ignored, as renderers do`);
      return fallback;
    }
  };
  const x = len('x', 'x', 0)!;
  const y = len('y', 'y', 0)!;
  // SVG 2's auto size: the picture's own, or its aspect ratio when one side is given.
  let w = len('width', 'x', undefined);
  let h = len('height', 'y', undefined);
  if (w === undefined && h === undefined) [w, h] = [iw, ih];
  else if (w === undefined) w = (h! * iw) / ih;
  else if (h === undefined) h = (w * ih) / iw;
  if (!(w! > 0 && h! > 0)) return drop(`has an empty size (${w}x${h}), which disables its rendering`);
  const matrix = multiply(translation(x, y), viewBoxMatrix({ x: 0, y: 0, width: iw, height: ih }, w!, h!, el.attrs.preserveAspectRatio));
  let scene: Scene;
  try {
    scene = content(maxScale(multiply(toCanvas, matrix)));
  } catch (err) {
    if (err instanceof ImageDecodeError) return drop(`picture cannot be decoded: ${err.message}`);
    throw err;
  }
  return {
    scene,
    matrix,
    clip: [x, y, x + w!, y, x + w!, y + h!, x, y + h!],
    canvas: [0, 0, iw, 0, iw, ih, 0, ih],
  };
}

import { Resvg } from '@resvg/resvg-js';
import type { Matrix } from './fake-nodes.ts';
import { strokeBand, type Align } from './fake-stroke-outline.ts';

// How the fake draws: its node tree as SVG, rendered by resvg. exportAsync returns this render,
// and tests compare the plugin's reading of a frame against it. Strokes are drawn with SVG's own
// stroking, not from the fake's outlineStroke polygons, so the two are independent. Each rule
// cites the typings (@figma/plugin-typings plugin-api.d.ts) it follows:
// - children drawn back-to-front (ChildrenMixin.children: "sorted back-to-front"), except in an
//   auto-layout frame with itemReverseZIndex (AutoLayoutMixin.itemReverseZIndex: "first child on
//   top"; applicable only when layoutMode is "HORIZONTAL" or "VERTICAL", AutoLayoutMixin.layoutMode);
// - frames with clipsContent clip their children to their box (BaseFrameMixin.clipsContent:
//   "whether layers inside the frame are visible outside the bounds of the frame");
// - inside/outside strokes "are actually implemented by doubling the stroke weight and masking the
//   stroke by the fill" (MinimalStrokesMixin.strokeAlign), which is exactly what is drawn here;
// - dashPattern: "alternating dash and gap lengths, in pixels" (MinimalStrokesMixin.dashPattern);
// - drop shadows: colour, offset, blur radius, spread (DropShadowEffect). The typings do not say
//   in which space the offset applies ("relative to its object"); the fake applies it on the
//   page, and a blur of radius r as a Gaussian of deviation r/2;
// - image paints by scaleMode (ImagePaint.scaleMode "How the image is positioned and scaled
//   within the layer"): FILL covers the layer, FIT fits inside it, both centred; TILE repeats the
//   image at scalingFactor times its size; CROP places it by imageTransform, which the typings
//   only describe as "how the image is positioned (thus, cropped) within the layer": the fake
//   reads it as the map from the layer's unit square to the image's unit square (the convention
//   of GradientPaint.gradientTransform). Image rotation and filters are not modelled;
// - linear and radial gradient fills by gradientTransform, read as the map from the layer's unit
//   box to the space of the documented handles (gradientHandlePositions: start (0, 0.5) = value
//   0, end (1, 0.5) = value 1, (0, 1) the width); angular and diamond ones are not modelled.

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** What the renderer reads from a fake node (all optional: node types differ). */
export interface Drawable {
  id: string;
  type: string;
  visible: boolean;
  opacity: number;
  width: number;
  height: number;
  absoluteTransform: Matrix;
  effects: readonly Effect[];
  fills?: readonly Record<string, unknown>[];
  strokes?: readonly Record<string, unknown>[];
  strokeWeight?: number;
  strokeAlign?: Align;
  dashPattern?: readonly number[];
  fillGeometry?: { windingRule: string; data: string }[];
  clipsContent?: boolean;
  layoutMode?: string;
  itemReverseZIndex?: boolean;
  kids?: Drawable[];
}

export interface Effect {
  type: string;
  visible: boolean;
  color?: { r: number; g: number; b: number; a: number };
  offset?: { x: number; y: number };
  radius?: number;
  spread?: number;
}

export interface ImageStore {
  imageData(hash: string): { bytes: Uint8Array; width: number; height: number } | undefined;
}

const matrixAttr = (m: Matrix) => `matrix(${m[0][0]} ${m[1][0]} ${m[0][1]} ${m[1][1]} ${m[0][2]} ${m[1][2]})`;
const rgb = (c: { r: number; g: number; b: number }) => `rgb(${Math.round(c.r * 255)},${Math.round(c.g * 255)},${Math.round(c.b * 255)})`;
const rule = (w: string) => (w === 'EVENODD' ? 'evenodd' : 'nonzero');

/** Children in drawing order (bottom first). */
export function drawOrder(node: Drawable): Drawable[] {
  const kids = (node.kids ?? []).filter((k) => k.visible);
  const autoLayout = node.layoutMode === 'HORIZONTAL' || node.layoutMode === 'VERTICAL';
  return autoLayout && node.itemReverseZIndex ? kids.reverse() : kids;
}

function visibleShadows(node: Drawable): Effect[] {
  return node.effects.filter((e) => e.visible && e.type === 'DROP_SHADOW');
}

function strokeOutset(node: Drawable): number {
  if (!node.strokes?.some((p) => p.visible !== false) || !node.strokeWeight) return 0;
  return strokeBand(node.strokeAlign ?? 'CENTER', node.strokeWeight)[1];
}

function boxOfPoints(pts: [number, number][]): Box {
  const xs = pts.map((p) => p[0]);
  const ys = pts.map((p) => p[1]);
  const x = Math.min(...xs);
  const y = Math.min(...ys);
  return { x, y, width: Math.max(...xs) - x, height: Math.max(...ys) - y };
}

export function unionBox(a: Box | null, b: Box | null): Box | null {
  if (!a) return b;
  if (!b) return a;
  const x = Math.min(a.x, b.x);
  const y = Math.min(a.y, b.y);
  return { x, y, width: Math.max(a.x + a.width, b.x + b.width) - x, height: Math.max(a.y + a.height, b.y + b.height) - y };
}

function intersectBox(a: Box, b: Box): Box | null {
  const x = Math.max(a.x, b.x);
  const y = Math.max(a.y, b.y);
  const w = Math.min(a.x + a.width, b.x + b.width) - x;
  const h = Math.min(a.y + a.height, b.y + b.height) - y;
  return w >= 0 && h >= 0 ? { x, y, width: w, height: h } : null;
}

function transformedBox(m: Matrix, x0: number, y0: number, x1: number, y1: number): Box {
  const at = (u: number, v: number): [number, number] => [m[0][0] * u + m[0][1] * v + m[0][2], m[1][0] * u + m[1][1] * v + m[1][2]];
  return boxOfPoints([at(x0, y0), at(x1, y0), at(x1, y1), at(x0, y1)]);
}

/**
 * LayoutMixin.absoluteRenderBounds: "The actual bounds of a node accounting for drop shadows,
 * thick strokes, and anything else that may fall outside the node's regular bounding box";
 * "null if the node is invisible".
 */
export function renderBounds(node: Drawable): Box | null {
  if (!node.visible) return null;
  const o = strokeOutset(node);
  const m = node.absoluteTransform;
  // A line's butt-capped stroke widens it across, not along.
  const own = node.type === 'LINE' ? transformedBox(m, 0, -o, node.width, o) : transformedBox(m, -o, -o, node.width + o, node.height + o);
  let content: Box | null = null;
  for (const k of drawOrder(node)) content = unionBox(content, renderBounds(k));
  if (content && node.clipsContent) content = intersectBox(content, transformedBox(m, 0, 0, node.width, node.height));
  const base = unionBox(own, content)!;
  let all = base;
  for (const s of visibleShadows(node)) {
    // The shadow is cast by everything the node draws, shifted and grown by blur and spread.
    const grow = (s.radius ?? 0) + (s.spread ?? 0);
    const shadow = {
      x: base.x + (s.offset?.x ?? 0) - grow,
      y: base.y + (s.offset?.y ?? 0) - grow,
      width: base.width + 2 * grow,
      height: base.height + 2 * grow,
    };
    all = unionBox(all, shadow)!;
  }
  return all;
}

class SvgWriter {
  private n = 0;
  constructor(private readonly images: ImageStore) {}

  id(prefix: string): string {
    return `${prefix}${++this.n}`;
  }

  node(node: Drawable): string {
    if (!node.visible) return '';
    const own: string[] = [];
    const m = node.absoluteTransform;
    const geometry = node.fillGeometry ?? [];
    for (const paint of node.fills ?? []) if (paint.visible !== false) own.push(this.fill(node, paint, geometry));
    const strokes = (node.strokes ?? []).filter((p) => p.visible !== false).map((p) => this.stroke(node, p, geometry));
    let kids = drawOrder(node)
      .map((k) => this.node(k))
      .join('');
    if (kids && node.clipsContent) {
      const clip = this.id('clip');
      kids = `<clipPath id="${clip}" clipPathUnits="userSpaceOnUse"><rect x="0" y="0" width="${node.width}" height="${node.height}" transform="${matrixAttr(m)}"/></clipPath><g clip-path="url(#${clip})">${kids}</g>`;
    }
    // Booleans draw their result; their children are operands, not layers.
    if (node.type === 'BOOLEAN_OPERATION') kids = '';
    const body = `<g transform="${matrixAttr(m)}">${own.join('')}${strokes.join('')}</g>${kids}`;
    let defs = '';
    let filter = '';
    const shadows = visibleShadows(node);
    if (shadows.length) {
      const fid = this.id('shadow');
      const merges = shadows
        .map((s, i) => {
          const c = s.color ?? { r: 0, g: 0, b: 0, a: 0.25 };
          const spread = s.spread
            ? `<feMorphology in="SourceAlpha" operator="${s.spread > 0 ? 'dilate' : 'erode'}" radius="${Math.abs(s.spread)}" result="m${i}"/>`
            : '';
          return `${spread}<feGaussianBlur in="${s.spread ? `m${i}` : 'SourceAlpha'}" stdDeviation="${(s.radius ?? 0) / 2}"/><feOffset dx="${s.offset?.x ?? 0}" dy="${s.offset?.y ?? 0}" result="o${i}"/><feFlood flood-color="${rgb(c)}" flood-opacity="${c.a}"/><feComposite in2="o${i}" operator="in" result="s${i}"/>`;
        })
        .join('');
      const merge = shadows.map((_, i) => `<feMergeNode in="s${i}"/>`).join('');
      // The filter region is the render bounds: resvg allocates the whole region.
      const rb = renderBounds(node)!;
      defs = `<filter id="${fid}" filterUnits="userSpaceOnUse" x="${rb.x - 1}" y="${rb.y - 1}" width="${rb.width + 2}" height="${rb.height + 2}">${merges}<feMerge>${merge}<feMergeNode in="SourceGraphic"/></feMerge></filter>`;
      filter = ` filter="url(#${fid})"`;
    }
    return `${defs}<g opacity="${node.opacity}"${filter}>${body}</g>`;
  }

  private fill(node: Drawable, paint: Record<string, unknown>, geometry: { windingRule: string; data: string }[]): string {
    const opacity = (paint.opacity as number | undefined) ?? 1;
    if (paint.type === 'SOLID') {
      const c = paint.color as { r: number; g: number; b: number };
      return geometry.map((g) => `<path d="${g.data}" fill="${rgb(c)}" fill-opacity="${opacity}" fill-rule="${rule(g.windingRule)}"/>`).join('');
    }
    if (paint.type === 'IMAGE') {
      const img = this.images.imageData(String(paint.imageHash));
      if (!img) return '';
      if ((paint.rotation as number | undefined) ?? 0) throw new Error('fake Figma: rotated image paints are not modelled');
      const clip = this.id('imgclip');
      const href = `data:image/png;base64,${Buffer.from(img.bytes).toString('base64')}`;
      const shape = geometry.map((g) => `<path d="${g.data}" clip-rule="${rule(g.windingRule)}"/>`).join('');
      const W = node.width;
      const H = node.height;
      let content: string;
      const mode = paint.scaleMode as string;
      if (mode === 'FILL' || mode === 'FIT') {
        const s = mode === 'FILL' ? Math.max(W / img.width, H / img.height) : Math.min(W / img.width, H / img.height);
        const w = img.width * s;
        const h = img.height * s;
        content = `<image href="${href}" x="${(W - w) / 2}" y="${(H - h) / 2}" width="${w}" height="${h}" preserveAspectRatio="none"/>`;
      } else if (mode === 'TILE') {
        const f = (paint.scalingFactor as number | undefined) ?? 1;
        const pid = this.id('tile');
        content = `<pattern id="${pid}" patternUnits="userSpaceOnUse" width="${img.width * f}" height="${img.height * f}"><image href="${href}" width="${img.width * f}" height="${img.height * f}" preserveAspectRatio="none"/></pattern><rect width="${W}" height="${H}" fill="url(#${pid})"/>`;
      } else if (mode === 'CROP') {
        const t = (paint.imageTransform as Matrix | undefined) ?? [
          [1, 0, 0],
          [0, 1, 0],
        ];
        // layer unit square -> image unit square is t; the image is drawn through its inverse.
        const [[a, c, e], [b, d, f]] = t;
        const det = a * d - b * c;
        const inv: Matrix = [
          [d / det, -c / det, (c * f - d * e) / det],
          [-b / det, a / det, (b * e - a * f) / det],
        ];
        const toLayer: Matrix = [
          [W * inv[0][0], W * inv[0][1], W * inv[0][2]],
          [H * inv[1][0], H * inv[1][1], H * inv[1][2]],
        ];
        content = `<image href="${href}" width="1" height="1" preserveAspectRatio="none" transform="${matrixAttr(toLayer)}"/>`;
      } else throw new Error(`fake Figma: image scaleMode ${mode} is not modelled`);
      return `<clipPath id="${clip}">${shape}</clipPath><g clip-path="url(#${clip})" opacity="${opacity}">${content}</g>`;
    }
    if (paint.type === 'GRADIENT_LINEAR' || paint.type === 'GRADIENT_RADIAL') {
      const { id, defs } = this.gradient(node, paint);
      return defs + geometry.map((g) => `<path d="${g.data}" fill="url(#${id})" fill-opacity="${opacity}" fill-rule="${rule(g.windingRule)}"/>`).join('');
    }
    throw new Error(`fake Figma: drawing ${String(paint.type)} paints is not modelled`);
  }

  /**
   * A linear or radial GradientPaint as an SVG gradient in the layer's own coordinates, by the
   * documented handles (gradientHandlePositions: start = value 0, end = value 1, the third the
   * width, in the layer's normalised box) and gradientTransform read as the map from that box to
   * the space where those handles are (0, 0.5), (1, 0.5), (0, 1), the convention the image
   * paints above follow too. A radial gradient is the ellipse through the handles.
   */
  private gradient(node: Drawable, paint: Record<string, unknown>): { id: string; defs: string } {
    const [[a, c, e], [b, d, f]] = paint.gradientTransform as Matrix;
    const det = a * d - b * c;
    const W = node.width;
    const H = node.height;
    const toLayer: Matrix = [
      [(W * d) / det, (-W * c) / det, (W * (c * f - d * e)) / det],
      [(-H * b) / det, (H * a) / det, (H * (b * e - a * f)) / det],
    ];
    const id = this.id('grad');
    const stops = (paint.gradientStops as { position: number; color: { r: number; g: number; b: number; a: number } }[])
      .map((s) => `<stop offset="${s.position}" stop-color="${rgb(s.color)}" stop-opacity="${s.color.a}"/>`)
      .join('');
    const common = `id="${id}" gradientUnits="userSpaceOnUse" gradientTransform="${matrixAttr(toLayer)}"`;
    const element =
      paint.type === 'GRADIENT_LINEAR'
        ? `<linearGradient ${common} x1="0" y1="0.5" x2="1" y2="0.5">${stops}</linearGradient>`
        : `<radialGradient ${common} cx="0.5" cy="0.5" r="0.5">${stops}</radialGradient>`;
    return { id, defs: `<defs>${element}</defs>` };
  }

  private stroke(node: Drawable, paint: Record<string, unknown>, geometry: { windingRule: string; data: string }[]): string {
    // Gradient strokes are placed by the layer's box, as gradient fills are.
    const gradient = paint.type === 'GRADIENT_LINEAR' || paint.type === 'GRADIENT_RADIAL' ? this.gradient(node, paint) : null;
    if (paint.type !== 'SOLID' && !gradient) throw new Error(`fake Figma: drawing ${String(paint.type)} strokes is not modelled`);
    const colour = gradient ? `url(#${gradient.id})` : rgb(paint.color as { r: number; g: number; b: number });
    const defs = gradient?.defs ?? '';
    const w = node.strokeWeight ?? 1;
    const dash = node.dashPattern?.length ? ` stroke-dasharray="${node.dashPattern.join(' ')}"` : '';
    const common = `fill="none" stroke="${colour}" stroke-opacity="${(paint.opacity as number | undefined) ?? 1}" stroke-linejoin="miter" stroke-miterlimit="4" stroke-linecap="butt"${dash}`;
    if (node.type === 'LINE') return `${defs}<path d="M 0 0 L ${node.width} 0" stroke-width="${w}" ${common}/>`;
    const d = geometry.map((g) => g.data).join(' ');
    const align = node.strokeAlign ?? 'CENTER';
    if (align === 'CENTER') return `${defs}<path d="${d}" stroke-width="${w}" ${common}/>`;
    const id = this.id(align === 'INSIDE' ? 'inside' : 'outside');
    if (align === 'INSIDE')
      return `${defs}<clipPath id="${id}"><path d="${d}"/></clipPath><path d="${d}" stroke-width="${2 * w}" ${common} clip-path="url(#${id})"/>`;
    const big = Math.max(node.width, node.height) + 4 * w + 10; // the mask is allocated: keep it near the shape
    return `${defs}<mask id="${id}" maskUnits="userSpaceOnUse" x="${-big}" y="${-big}" width="${3 * big}" height="${3 * big}"><rect x="${-big}" y="${-big}" width="${3 * big}" height="${3 * big}" fill="white"/><path d="${d}" fill="black"/></mask><path d="${d}" stroke-width="${2 * w}" ${common} mask="url(#${id})"/>`;
  }
}

/** The node as an SVG document showing the page area `bounds` at `scale` device pixels per unit. */
export function nodeSvgDocument(node: Drawable, images: ImageStore, bounds: Box, scale = 1, background?: string): string {
  const w = Math.max(1, Math.round(bounds.width * scale));
  const h = Math.max(1, Math.round(bounds.height * scale));
  const bg = background ? `<rect x="${bounds.x}" y="${bounds.y}" width="${bounds.width}" height="${bounds.height}" fill="${background}"/>` : '';
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="${bounds.x} ${bounds.y} ${bounds.width} ${bounds.height}">${bg}${new SvgWriter(images).node(node)}</svg>`;
}

/** PNG of the node over `bounds`, transparent where nothing is drawn. */
export function renderNodePng(node: Drawable, images: ImageStore, bounds: Box, scale: number): Uint8Array {
  const svg = nodeSvgDocument(node, images, bounds, scale);
  const png = new Resvg(svg, { fitTo: { mode: 'width', value: Math.max(1, Math.round(bounds.width * scale)) }, font: { loadSystemFonts: false } })
    .render()
    .asPng();
  return new Uint8Array(png);
}

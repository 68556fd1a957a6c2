import { emptyScene, type Scene, type ShapeGroup } from './scene.ts';
import type { SvgImportOptions, SvgImportResult, SvgImportStats } from './svg-import-types.ts';
import { SvgImportError } from './svg-import-error.ts';
import { groupPaint, resolvePaint, type PaintContext } from './svg-paint.ts';
import { contourBounds } from './contour-bounds.ts';
import { closedSubPaths, type Contour, parseLength, shapeContours, type Viewport } from './svg-shapes.ts';
import { drawMarkers, MARKER_PROPERTIES, type MarkerHost } from './svg-markers.ts';
import { outlineStroke } from './svg-stroke.ts';
import { dashContours, readDashes } from './svg-dash.ts';
import { computeStyle, StyleSheet, type ComputedStyle } from './svg-style.ts';
import { elementTransform, maxScale, meanScale, multiply, transformPointsInPlace, translation, type Matrix } from './svg-transform.ts';
import { canvasSize, fitCanvasToDrawing, readViewBox, viewBoxMatrix } from './svg-viewport.ts';
import { failedCondition, switchChoice } from './svg-conditional.ts';
import { parseXml, type XmlElement } from './svg-xml.ts';
import { CONTAINERS, countShapes, NON_RENDERING, parseFraction, provenanceOf, SHAPES, UNSUPPORTED } from './svg-elements.ts';
import { anyOverlap } from './group-bounds.ts';
import { clipSubPathsToConvex } from './clip-convex.ts';
import { readImage } from './svg-image.ts';
import { parsePaintOrder, reorderPaintLayers } from './svg-paint-order.ts';
import { type ClipHost, clipPathTarget, clipRegion } from './svg-clip-path.ts';
import { clipSubPathsToTrapezoids } from './clip-trapezoids.ts';

export { SvgImportError } from './svg-import-error.ts';
export type { SvgImportOptions, SvgImportResult, SvgImportStats } from './svg-import-types.ts';

// SVG text to a scene in canvas pixels: one shape group per filled element (and one per
// stroke, as its outline), in document order. Everything the scene cannot hold is either
// approximated or skipped, and each case leaves a warning naming the element.

/** Flattening tolerance of stroke outlines, in canvas pixels: well below what anti-aliasing shows. */
const DEFAULT_STROKE_TOLERANCE_PX = 0.05;
const MARKABLE = new Set(['path', 'line', 'polyline', 'polygon']);

interface Ctx {
  style: ComputedStyle;
  matrix: Matrix;
  /** Product of ancestor opacities, multiplied into each fill's alpha. */
  opacity: number;
  viewport: Viewport;
  /** `use` elements being expanded, against reference cycles. */
  useChain: readonly XmlElement[];
}

class Importer {
  readonly scene: Scene = emptyScene(1, 1);
  readonly stats: SvgImportStats = { shapeElements: 0, groups: 0, subPaths: 0, hidden: 0, unpainted: 0, noArea: 0, strokes: 0 };
  private readonly sheet = new StyleSheet();
  private readonly ids = new Map<string, XmlElement>();
  private readonly paint: PaintContext;
  private readonly styles = new Map<XmlElement, ComputedStyle>();
  private readonly markerHost: MarkerHost;

  constructor(
    private readonly root: XmlElement,
    private readonly strokeTolerancePx: number,
  ) {
    this.paint = { ids: this.ids, warn: this.warn, styleOf: (el) => this.styleOf(el) };
    this.markerHost = { ids: this.ids, warn: this.warn, styleOf: (el) => this.styleOf(el), active: [] };
    this.index(root, 'svg');
  }

  readonly warn = (where: string, message: string): void => {
    this.scene.warnings.push({ where, message });
  };

  private index(el: XmlElement, ref: string): void {
    const id = el.attrs.id;
    if (id !== undefined && !this.ids.has(id)) this.ids.set(id, el);
    if (el.name === 'style' && !el.foreign) {
      const type = el.attrs.type;
      if (type === undefined || type === '' || type === 'text/css') this.sheet.add(el.text, ref, this.warn);
      else this.warn(ref, `<style type="${type}"> is not CSS; ignored`);
    }
    const counts = new Map<string, number>();
    for (const c of el.children) {
      const k = (counts.get(c.name) ?? 0) + 1;
      counts.set(c.name, k);
      this.index(c, `${ref}/${c.name}[${k}]`);
    }
  }

  run(): void {
    const root = this.root;
    const vb = readViewBox(root, 'svg', this.warn);
    const { width: w, height: h, fit } = canvasSize(root, vb, this.warn);
    this.scene.width = w;
    this.scene.height = h;
    const style = computeStyle(root, null, this.sheet);
    // The canvas keeps its size, so an empty document still reads as what it is.
    const failed = style.display === 'none' ? 'display:none on the root <svg>; renderers draw nothing' : failedCondition(root);
    if (failed) {
      this.warn('svg', `the root <svg> is not drawn: ${failed}, so nothing is imported`);
      return;
    }
    this.effects(root, style, 'svg');
    const ctx: Ctx = {
      style,
      matrix: multiply(viewBoxMatrix(vb ?? undefined, w, h, root.attrs.preserveAspectRatio), elementTransform(root, style, 'svg', this.warn)),
      opacity: 1,
      viewport: this.sized(vb ? { width: vb.width, height: vb.height } : { width: w, height: h }, style),
      useChain: [],
    };
    this.withOpacity(root, style, ctx, 'svg', (c) => this.children(root, c, 'svg'));
    if (style['clip-path'] !== 'none') this.clip(style['clip-path']!, ctx, 0, 'svg', []);
    if (fit) this.warn('svg', fitCanvasToDrawing(this.scene, fit));
  }

  /** The viewport with the element's computed font-size, which em and ex lengths below it use. */
  private sized(vp: Viewport, style: ComputedStyle): Viewport {
    return { width: vp.width, height: vp.height, fontSize: Number(style['font-size']) };
  }

  private children(el: XmlElement, ctx: Ctx, ref: string): void {
    const counts = new Map<string, number>();
    for (const c of el.children) {
      const k = (counts.get(c.name) ?? 0) + 1;
      counts.set(c.name, k);
      this.visit(c, ctx, `${ref}/${c.name}[${k}]`);
    }
  }

  /** Runs `draw` with the element's opacity folded into the context; warns when folding is not exact. */
  private withOpacity(el: XmlElement, style: ComputedStyle, ctx: Ctx, where: string, draw: (c: Ctx) => void): void {
    const op = parseFraction(style.opacity);
    if (op === null) this.warn(where, `opacity '${style.opacity}' is not a number; used 1`);
    const o = op ?? 1;
    const before = this.scene.groups.length;
    draw(o === 1 ? ctx : { ...ctx, opacity: ctx.opacity * o });
    if (o < 1) {
      const made = this.scene.groups.slice(before);
      if (made.length > 1 && anyOverlap(made)) {
        this.warn(
          where,
          `opacity ${o} of <${el.name}> applied to each of its ${made.length} shapes; where they overlap the result is darker than SVG's group compositing`,
        );
      }
    }
  }

  private effects(el: XmlElement, style: ComputedStyle, where: string): void {
    // clip-path is applied after drawing (clip()).
    if (style.mask !== 'none') this.warn(where, `mask ${style.mask} ignored; drawn unmasked`);
    if (style.filter !== 'none') this.warn(where, `filter ${style.filter} ignored; drawn unfiltered`);
    const blend = style['mix-blend-mode']!.trim();
    if (blend !== 'normal') this.warn(where, `mix-blend-mode ${blend} ignored; drawn with normal blending (the scene composites by alpha only)`);
  }

  private visit(el: XmlElement, parent: Ctx, ref: string): void {
    if (el.foreign || NON_RENDERING.has(el.name)) return;
    const where = el.attrs.id !== undefined ? `${ref}#${el.attrs.id}` : ref;
    const before = this.scene.groups.length;
    try {
      this.visitElement(el, parent, ref, where);
    } catch (err) {
      if (!(err instanceof SvgImportError)) throw err;
      // resvg's recovery: the bad element goes, with what it had drawn; the rest of the file is read.
      for (const g of this.scene.groups.splice(before)) {
        this.stats.groups--;
        this.stats.subPaths -= g.paths.length;
      }
      this.warn(where, `line ${el.line}: ${err.message.replace(`${where}: `, '')}; <${el.name}> skipped, the rest of the file is read`);
    }
  }

  private visitElement(el: XmlElement, parent: Ctx, ref: string, where: string): void {
    const style = computeStyle(el, parent.style, this.sheet);
    const failed = failedCondition(el);
    if (style.display === 'none' || failed) {
      this.hide(el, where, (n) =>
        failed ? `${failed}; its ${n} not drawn, as renderers do` : `display:none hides ${n}; not imported, as renderers do not draw them`,
      );
      return;
    }
    const unsupported = UNSUPPORTED[el.name];
    if (unsupported !== undefined) {
      this.warn(where, unsupported);
      return;
    }
    const known = SHAPES.has(el.name) || CONTAINERS.has(el.name) || ['svg', 'use', 'switch', 'image'].includes(el.name);
    if (!known) {
      this.warn(where, `unknown element <${el.name}> ignored`);
      return;
    }
    this.effects(el, style, where);
    const viewport = this.sized(parent.viewport, style);
    const ctx: Ctx = { ...parent, style, viewport, matrix: multiply(parent.matrix, elementTransform(el, style, where, this.warn)) };
    const drawnFrom = this.scene.groups.length;
    this.withOpacity(el, style, ctx, where, (c) => {
      if (SHAPES.has(el.name)) this.shape(el, c, ref, where);
      else if (el.name === 'use') this.use(el, c, ref, where);
      else if (el.name === 'svg') this.nestedSvg(el, c, ref, where);
      else if (el.name === 'switch') this.switchChild(el, c, ref, where);
      else if (el.name === 'image') this.image(el, c, ref, where);
      else this.children(el, c, ref);
    });
    if (style['clip-path'] !== 'none') this.clip(style['clip-path']!, ctx, drawnFrom, where, []);
  }

  private readonly clipHost: ClipHost = {
    ids: this.ids,
    warn: this.warn,
    styleOf: (el) => this.styleOf(el),
    childStyle: (el, parent) => computeStyle(el, parent, this.sheet),
  };

  /** Cuts the groups drawn since `from` to a <clipPath>'s region (and that clipPath's own clip-path, in turn). */
  private clip(value: string, ctx: Ctx, from: number, where: string, chain: readonly XmlElement[]): void {
    const target = clipPathTarget(value, this.ids);
    if (typeof target === 'string') {
      this.warn(where, `${target}; drawn unclipped`);
      return;
    }
    if (chain.includes(target)) {
      this.warn(where, `clip-path ${value} refers to itself through its own clip-path; the cycle is not followed`);
      return;
    }
    const region = clipRegion(target, this.scene.groups.slice(from), ctx.matrix, ctx.viewport, where, this.clipHost);
    if ('ignored' in region) {
      this.warn(where, `clip-path ${value} ignored: ${region.ignored}; drawn unclipped`);
      return;
    }
    const kept: ShapeGroup[] = [];
    let [before, after] = [0, 0];
    for (const g of this.scene.groups.splice(from)) {
      const paths = clipSubPathsToTrapezoids(g.paths, region.trapezoids);
      this.stats.subPaths += paths.length - g.paths.length;
      before += g.paths.length;
      after += paths.length;
      if (paths.length > 0) kept.push({ ...g, paths });
      else {
        this.stats.groups--;
        if (g.source.ref.endsWith(':stroke')) this.stats.strokes--;
      }
    }
    this.scene.groups.push(...kept);
    // Exact as drawn, but an edit that moves the points can open seams between the pieces.
    if (region.trapezoids.length > 1 && after > 0)
      this.warn(where, `clip-path ${value} applied by cutting ${before} sub-path${before === 1 ? '' : 's'} into ${after} pieces along the clip outline`);
    const own = this.styleOf(target)['clip-path']!;
    if (own !== 'none') this.clip(own, ctx, from, where, [...chain, target]);
  }

  /** Counts the shapes in a subtree that is not drawn, and says why (`says` gets "n shape element(s)"). */
  private hide(el: XmlElement, where: string, says: (n: string) => string): void {
    const n = countShapes(el);
    this.stats.shapeElements += n;
    this.stats.hidden += n;
    if (n > 0) this.warn(where, says(`${n} shape element${n === 1 ? '' : 's'}`));
  }

  /** A <switch> draws its first child whose conditions pass; the others are named, so nothing goes unexplained. */
  private switchChild(el: XmlElement, ctx: Ctx, ref: string, where: string): void {
    const chosen = switchChoice(el);
    const others = countShapes(el) - (chosen ? countShapes(chosen) : 0);
    if (others > 0) {
      this.stats.shapeElements += others;
      this.stats.hidden += others;
      const what = chosen ? `it draws its child <${chosen.name}>${chosen.attrs.id ? ` #${chosen.attrs.id}` : ''}` : 'no child passes its conditions';
      this.warn(where, `<switch>: ${what}; ${others} shape element${others === 1 ? '' : 's'} in the other children not drawn, as renderers do`);
    }
    if (!chosen) return;
    const k = el.children.filter((c) => c.name === chosen.name).indexOf(chosen) + 1;
    this.visit(chosen, ctx, `${ref}/${chosen.name}[${k}]`);
  }

  /** A nested viewport (inner <svg>, or <use> of a <symbol>): its placement, user space and clip rectangle. */
  private viewportOf(
    el: XmlElement,
    vbEl: XmlElement,
    ctx: Ctx,
    where: string,
    use?: XmlElement,
  ): { matrix: Matrix; viewport: Viewport; clip: number[] } | null {
    const vp = ctx.viewport;
    // <use> of an <svg>: the use's width and height, where given, replace the svg's.
    const len = (n: string, axis: 'x' | 'y', d: string) => {
      const from = n.length > 1 && use?.attrs[n] !== undefined ? use : el;
      return parseLength(from.attrs[n] ?? d, axis, vp, `${where}: attribute ${n}`);
    };
    const x = len('x', 'x', '0');
    const y = len('y', 'y', '0');
    const w = len('width', 'x', '100%');
    const h = len('height', 'y', '100%');
    const vb = readViewBox(vbEl, where, this.warn);
    if (vb === null || !(w > 0 && h > 0)) {
      this.warn(where, `line ${vbEl.line}: <${vbEl.name}> has an empty viewport or viewBox (${w}x${h}); nothing in it is drawn, as SVG specifies`);
      return null;
    }
    const m = multiply(translation(x, y), viewBoxMatrix(vb ?? undefined, w, h, vbEl.attrs.preserveAspectRatio));
    const clip = [x, y, x + w, y, x + w, y + h, x, y + h];
    transformPointsInPlace(ctx.matrix, clip);
    const viewport = vb ? { width: vb.width, height: vb.height } : { width: w, height: h };
    return { matrix: multiply(ctx.matrix, m), viewport: { ...viewport, fontSize: vp.fontSize }, clip };
  }

  /** Draws a nested viewport's content clipped to the viewport (a parallelogram on the canvas), as renderers do. */
  private inViewport(overflow: string, clip: number[], draw: () => void): void {
    const before = this.scene.groups.length;
    draw();
    if (overflow === 'visible' || overflow === 'auto') return;
    const kept: ShapeGroup[] = [];
    for (const g of this.scene.groups.splice(before)) {
      const paths = clipSubPathsToConvex(g.paths, clip);
      this.stats.subPaths += paths.length - g.paths.length;
      if (paths.length > 0) kept.push({ ...g, paths });
      else {
        this.stats.groups--;
        if (g.source.ref.endsWith(':stroke')) this.stats.strokes--;
      }
    }
    this.scene.groups.push(...kept);
  }

  /** An inner <svg>, or one a <use> instantiates (whose width and height then override the svg's). */
  private nestedSvg(el: XmlElement, ctx: Ctx, ref: string, where: string, use?: XmlElement): void {
    const v = this.viewportOf(el, el, ctx, where, use);
    if (!v) return;
    this.inViewport(ctx.style.overflow!, v.clip, () => this.children(el, { ...ctx, matrix: v.matrix, viewport: v.viewport }, ref));
  }

  private use(el: XmlElement, ctx: Ctx, ref: string, where: string): void {
    const href = el.attrs.href ?? el.attrs['xlink:href'];
    const target = href?.startsWith('#') ? this.ids.get(href.slice(1)) : undefined;
    if (!target) {
      this.warn(where, href ? `<use> refers to ${href}, which is not in this file; nothing drawn` : '<use> without href; nothing drawn');
      return;
    }
    let anc: XmlElement | null = el;
    while (anc && anc !== target) anc = anc.parent;
    if (anc === target || ctx.useChain.includes(el)) {
      this.warn(where, `<use> of ${href} refers to itself; reference cycle not drawn`);
      return;
    }
    const inner: Ctx = { ...ctx, useChain: [...ctx.useChain, el] };
    const tref = `${ref}/${target.name}${href}`;
    if (target.name === 'symbol') {
      const style = computeStyle(target, ctx.style, this.sheet);
      const v = this.viewportOf(el, target, inner, where);
      if (!v) return;
      const symCtx: Ctx = { ...inner, style, matrix: v.matrix, viewport: v.viewport };
      this.inViewport(style.overflow!, v.clip, () => this.withOpacity(target, style, symCtx, where, (c) => this.children(target, c, tref)));
      return;
    }
    const x = parseLength(el.attrs.x ?? '0', 'x', ctx.viewport, `${where}: attribute x`);
    const y = parseLength(el.attrs.y ?? '0', 'y', ctx.viewport, `${where}: attribute y`);
    if (target.name === 'svg') {
      const style = computeStyle(target, ctx.style, this.sheet);
      const m = multiply(multiply(inner.matrix, translation(x, y)), elementTransform(target, style, where, this.warn));
      this.withOpacity(target, style, { ...inner, style, matrix: m }, where, (c) => this.nestedSvg(target, c, tref, where, el));
      return;
    }
    this.visit(target, { ...inner, matrix: multiply(ctx.matrix, translation(x, y)) }, tref);
  }

  /** An <image>: its picture's groups (an SVG's, or a raster's traced ones) placed and clipped as renderers do. */
  private image(el: XmlElement, ctx: Ctx, ref: string, where: string): void {
    if (ctx.style.visibility === 'hidden' || ctx.style.visibility === 'collapse') {
      this.warn(where, `visibility:${ctx.style.visibility}; <image> not imported, as renderers do not draw it`);
      return;
    }
    const importSvg = (text: string, scale: number) => importSvgDetailed(text, { strokeTolerancePx: this.strokeTolerancePx / scale }).scene;
    const placed = readImage(el, ctx.viewport, ctx.matrix, ctx.style['image-rendering']!, where, { warn: this.warn, importSvg });
    if (!placed) return;
    for (const w of placed.scene.warnings) this.warn(`${where} (embedded SVG) ${w.where}`, w.message);
    const m = multiply(ctx.matrix, placed.matrix);
    const clip = [...placed.clip];
    transformPointsInPlace(ctx.matrix, clip);
    const canvas = [...placed.canvas];
    transformPointsInPlace(m, canvas);
    const overflow = ctx.style.overflow!;
    this.inViewport(overflow, clip, () =>
      this.inViewport('hidden', canvas, () => {
        for (const g of placed.scene.groups) {
          const group: ShapeGroup = { ...g, fill: { ...g.fill, a: g.fill.a * ctx.opacity }, source: { ...g.source, ref: `${ref}/${g.source.ref}` } };
          if (g.gradient) group.gradient = { ...g.gradient, transform: [...multiply(m, g.gradient.transform)] };
          this.push(group, m, where);
        }
      }),
    );
  }

  private shape(el: XmlElement, ctx: Ctx, ref: string, where: string): void {
    this.stats.shapeElements++;
    const style = ctx.style;
    if (style.visibility === 'hidden' || style.visibility === 'collapse') {
      this.stats.hidden++;
      this.warn(where, `visibility:${style.visibility}; not imported, as renderers do not draw it`);
      return;
    }
    // A line is one open segment: SVG never fills it.
    let read: Contour[] | undefined;
    const contoursOf = () => (read ??= shapeContours(el, ctx.viewport, where, (w, m) => this.warn(w, `line ${el.line}: ${m}`)));
    // Gradients in objectBoundingBox units span the geometry's box (strokes included: the box stays the geometry's).
    const target = { bbox: () => contourBounds(contoursOf()), viewport: ctx.viewport };
    const fill = el.name === 'line' ? null : resolvePaint(style.fill!, style, 'fill', where, this.paint, target);
    let strokeWidth = 0;
    if (style.stroke !== 'none') {
      try {
        strokeWidth = parseLength(style['stroke-width']!, 'diag', ctx.viewport, `${where}: stroke-width`);
      } catch {
        this.warn(where, `stroke-width '${style['stroke-width']}' is not a length; used 1`);
        strokeWidth = 1;
      }
    }
    const stroke = strokeWidth > 0 ? resolvePaint(style.stroke!, style, 'stroke', where, this.paint, target) : null;
    // Markers go on paths, lines, polylines and polygons only (SVG 1.1, and resvg), painted or not.
    const marked = MARKABLE.has(el.name) && MARKER_PROPERTIES.some((m) => style[m] !== 'none');
    if (!fill && !stroke) {
      this.stats.unpainted++;
      if (!marked) return;
    }
    const contours = contoursOf();
    const source = provenanceOf(el, ref);
    const start = this.scene.groups.length;
    let drew = false;
    if (fill) {
      const paths = closedSubPaths(contours);
      if (paths.length > 0) {
        const fo = this.fraction(style['fill-opacity']!, 'fill-opacity', where);
        const fillRule = style['fill-rule'] === 'evenodd' ? 'evenodd' : 'nonzero';
        this.push({ ...groupPaint(fill, fo * ctx.opacity, ctx.matrix, (m) => this.warn(where, `fill ${m}`)), fillRule, paths, source }, ctx.matrix, where);
        drew = true;
      }
    }
    const afterFill = this.scene.groups.length;
    if (stroke) {
      const so = this.fraction(style['stroke-opacity']!, 'stroke-opacity', where);
      const dashes = readDashes(style, ctx.viewport, contours, where, this.warn);
      const paths = outlineStroke(dashes ? dashContours(contours, dashes.pattern, dashes.offset) : contours, {
        width: strokeWidth,
        join: style['stroke-linejoin']!,
        cap: style['stroke-linecap']!,
        miterLimit: Number(style['stroke-miterlimit']) || 4,
        tolerance: this.strokeTolerancePx / Math.max(1e-9, maxScale(ctx.matrix)),
      });
      this.warn(
        where,
        `stroke (width ${+strokeWidth.toFixed(4)}, ${style['stroke-linejoin']} joins, ${style['stroke-linecap']} caps) converted to a filled outline of ${paths.length} piece${paths.length === 1 ? '' : 's'}, curves flattened to ${this.strokeTolerancePx} px`,
      );
      if (style['vector-effect'] === 'non-scaling-stroke') {
        this.warn(where, `non-scaling-stroke ignored; the stroke width scales with the transform (x${meanScale(ctx.matrix).toFixed(3)})`);
      }
      if (paths.length > 0) {
        this.push(
          {
            ...groupPaint(stroke, so * ctx.opacity, ctx.matrix, (m) => this.warn(where, `stroke ${m}`)),
            fillRule: 'nonzero',
            paths,
            source: { ...source, ref: `${source.ref}:stroke`, name: `${source.name ?? el.name} stroke` },
          },
          ctx.matrix,
          where,
        );
        this.stats.strokes++;
        drew = true;
      }
    }
    if (!drew && (fill || stroke)) this.stats.noArea++;
    const afterStroke = this.scene.groups.length;
    if (marked) this.markers(ctx, contours, ref, where);
    this.paintOrder(style['paint-order']!, start, afterFill, afterStroke, where);
  }

  private paintOrder(value: string, start: number, afterFill: number, afterStroke: number, where: string): void {
    if (value === 'normal') return;
    const order = parsePaintOrder(value);
    if (order) reorderPaintLayers(this.scene.groups, start, afterFill, afterStroke, order);
    else this.warn(where, `paint-order '${value}' is not a valid order of fill, stroke and markers; painted in the normal order, as renderers do`);
  }

  /** Each marker's content drawn at the vertices, in the marker's frame, clipped to its viewport unless overflow shows it. */
  private markers(ctx: Ctx, contours: Contour[], ref: string, where: string): void {
    drawMarkers(this.markerHost, ctx.style, ctx.viewport, contours, where, (marker, frame, style) => {
      const clip = [...frame.clip];
      transformPointsInPlace(ctx.matrix, clip);
      const inner: Ctx = { ...ctx, style, matrix: multiply(ctx.matrix, frame.matrix), viewport: frame.viewport };
      this.inViewport(style.overflow!, clip, () => this.children(marker, inner, `${ref}/marker#${marker.attrs.id}`));
    });
  }

  /** An element's computed style from the root down, for content drawn away from its place (markers). */
  private styleOf(el: XmlElement): ComputedStyle {
    const cached = this.styles.get(el);
    if (cached) return cached;
    const style = computeStyle(el, el.parent ? this.styleOf(el.parent) : null, this.sheet);
    this.styles.set(el, style);
    return style;
  }

  private fraction(v: string, name: string, where: string): number {
    const f = parseFraction(v);
    if (f === null) this.warn(where, `${name} '${v}' is not a number; used 1`);
    return f ?? 1;
  }

  private push(group: ShapeGroup, m: Matrix, where: string): void {
    for (const p of group.paths) {
      transformPointsInPlace(m, p.points);
      for (const v of p.points) {
        if (!Number.isFinite(v))
          throw new SvgImportError(`${where}: a coordinate is not finite (${v}) after transforms; check for huge numbers or scale factors`);
      }
    }
    this.scene.groups.push(group);
    this.stats.groups++;
    this.stats.subPaths += group.paths.length;
  }
}

/** SVG text to a scene plus counts of what was met and kept. Throws SvgImportError for input that is not usable SVG. */
export function importSvgDetailed(text: string, options: SvgImportOptions = {}): SvgImportResult {
  const root = parseXml(text);
  if (root.name === 'svg' && root.foreign)
    throw new SvgImportError('the root <svg> is not in the SVG namespace (its xmlns says otherwise): this is not an SVG file');
  if (root.name !== 'svg' || root.foreign) throw new SvgImportError(`the root element is <${root.name}>, not <svg>: this is not an SVG file`);
  const tol = options.strokeTolerancePx ?? DEFAULT_STROKE_TOLERANCE_PX;
  if (!(tol > 0)) throw new RangeError(`strokeTolerancePx must be positive, got ${tol}`);
  const imp = new Importer(root, tol);
  imp.run();
  return { scene: imp.scene, stats: imp.stats };
}

/** SVG text to a scene in canvas pixels (warnings in scene.warnings). Throws SvgImportError for unusable input. */
export function importSvg(text: string, options: SvgImportOptions = {}): Scene {
  return importSvgDetailed(text, options).scene;
}

import { polygonsOf, roundedPolygonData } from './fake-corners.ts';
import { renderBounds, renderNodePng, type Box, type Drawable, type Effect, type ImageStore } from './fake-render.ts';
import { lineStrokeOutline, rectangleStrokeOutline } from './fake-stroke-outline.ts';
import { ellipseData, fmt, lineStrokeData, polygonOrStarData, rectangleData, rectangleStrokeData, textFillData } from './fake-geometry.ts';

// Nodes of the fake Figma. Each class carries only the properties its real counterpart has,
// so `'fills' in node` and friends answer as they do in Figma. Positions follow Figma's rules:
// relativeTransform is relative to the nearest container that is not a GROUP or
// BOOLEAN_OPERATION; absoluteTransform composes those up to the page.

export type Matrix = [[number, number, number], [number, number, number]];
export interface FakeVectorPath {
  windingRule: 'NONZERO' | 'EVENODD' | 'NONE';
  data: string;
}

export interface FakeHost extends ImageStore {
  nextId(): string;
  deleted(node: FakeNode): void;
  /** Registers a node made outside the create* calls (clone, outlineStroke). */
  track<T extends FakeNode>(node: T): T;
  /** Where new nodes go: PluginAPI.currentPage. */
  readonly currentPage: FakeContainer;
  /** Counts exportAsync calls (tests check when images are exported). */
  exported(node: FakeNode, settings: unknown): void;
}

const IDENTITY: Matrix = [
  [1, 0, 0],
  [0, 1, 0],
];

export function mul(a: Matrix, b: Matrix): Matrix {
  return [
    [a[0][0] * b[0][0] + a[0][1] * b[1][0], a[0][0] * b[0][1] + a[0][1] * b[1][1], a[0][0] * b[0][2] + a[0][1] * b[1][2] + a[0][2]],
    [a[1][0] * b[0][0] + a[1][1] * b[1][0], a[1][0] * b[0][1] + a[1][1] * b[1][1], a[1][0] * b[0][2] + a[1][1] * b[1][2] + a[1][2]],
  ];
}

function copyMatrix(m: Matrix): Matrix {
  return [
    [m[0][0], m[0][1], m[0][2]],
    [m[1][0], m[1][1], m[1][2]],
  ];
}

function frozenClone<T>(v: T): T {
  // Figma hands out frozen copies: mutating node.fills[0] in place throws, assigning works.
  const deepFreeze = (o: unknown): unknown => {
    if (typeof o === 'object' && o !== null) {
      for (const k of Object.keys(o)) deepFreeze((o as Record<string, unknown>)[k]);
      Object.freeze(o);
    }
    return o;
  };
  return deepFreeze(structuredClone(v)) as T;
}

export class FakeNode {
  readonly id: string;
  name: string;
  parent: FakeContainer | null = null;
  removed = false;
  visible = true;
  private pluginData = new Map<string, string>();

  constructor(
    readonly type: string,
    protected readonly host: FakeHost,
  ) {
    this.id = host.nextId();
    this.name = type.charAt(0) + type.slice(1).toLowerCase();
  }

  getPluginData(key: string): string {
    return this.pluginData.get(key) ?? '';
  }

  setPluginData(key: string, value: string): void {
    if (typeof value !== 'string') throw new Error('setPluginData: value must be a string');
    if (value === '') this.pluginData.delete(key);
    else this.pluginData.set(key, value);
  }

  getPluginDataKeys(): string[] {
    return [...this.pluginData.keys()];
  }

  remove(): void {
    if (this.parent) {
      const siblings = this.parent.kids;
      siblings.splice(siblings.indexOf(this as unknown as FakeSceneNode), 1);
      this.parent = null;
    }
    this.removed = true;
    this.host.deleted(this);
  }
}

export class FakeSceneNode extends FakeNode {
  /**
   * SceneNodeMixin.locked: "Whether the node is locked or not, preventing certain user
   * interactions on the canvas ... Does not affect a plugin's ability to write to those
   * properties", and "An object is locked if `.locked == true` for itself or **any** of its
   * parents": the flag is the node's own; the reader walks the parents.
   */
  locked = false;
  opacity = 1;
  blendMode = 'PASS_THROUGH';
  isMask = false;
  effects: readonly Effect[] = [];
  protected rel: Matrix = copyMatrix(IDENTITY);
  width = 0;
  height = 0;

  get relativeTransform(): Matrix {
    return copyMatrix(this.rel);
  }

  set relativeTransform(m: Matrix) {
    for (const row of m) for (const v of row) if (!Number.isFinite(v)) throw new Error('relativeTransform: non-finite value');
    this.rel = copyMatrix(m);
  }

  get x(): number {
    return this.rel[0][2];
  }

  set x(v: number) {
    this.rel[0][2] = v;
  }

  get y(): number {
    return this.rel[1][2];
  }

  set y(v: number) {
    this.rel[1][2] = v;
  }

  /** The container whose space relativeTransform is in (groups and booleans are skipped, as in Figma). */
  protected container(): FakeContainer | null {
    let p = this.parent;
    while (p && (p.type === 'GROUP' || p.type === 'BOOLEAN_OPERATION')) p = p.parent;
    return p;
  }

  get absoluteTransform(): Matrix {
    const c = this.container();
    const base = c instanceof FakeSceneNode ? c.absoluteTransform : IDENTITY;
    return mul(base, this.rel);
  }

  get absoluteBoundingBox(): { x: number; y: number; width: number; height: number } {
    const m = this.absoluteTransform;
    const xs: number[] = [];
    const ys: number[] = [];
    for (const [u, v] of [
      [0, 0],
      [this.width, 0],
      [0, this.height],
      [this.width, this.height],
    ] as const) {
      xs.push(m[0][0] * u + m[0][1] * v + m[0][2]);
      ys.push(m[1][0] * u + m[1][1] * v + m[1][2]);
    }
    const x = Math.min(...xs);
    const y = Math.min(...ys);
    return { x, y, width: Math.max(...xs) - x, height: Math.max(...ys) - y };
  }

  /**
   * LayoutMixin.resize: "width - New width of the node. Must be >= 0.01"; "height - ... Must be
   * >= 0.01, except for LineNode which must always be given a height of exactly 0".
   */
  resize(w: number, h: number): void {
    if (!(w >= 0.01) || !(h >= 0.01)) throw new Error(`resize: width and height must be >= 0.01 (got ${w} x ${h})`);
    this.width = w;
    this.height = h;
  }

  /** See fake-render.ts renderBounds (LayoutMixin.absoluteRenderBounds). */
  get absoluteRenderBounds(): Box | null {
    return renderBounds(this as unknown as Drawable);
  }

  /**
   * ExportSettingsImage.useAbsoluteBounds: "Use the full dimensions of the node regardless of
   * whether or not it is cropped or the space around it is empty ... Defaults to false", so by
   * default the export covers the render bounds (shadows, outside strokes, unclipped children).
   * The pixels are the fake's own drawing (fake-render.ts).
   */
  async exportAsync(settings?: { format?: string; constraint?: { type: string; value: number }; useAbsoluteBounds?: boolean }): Promise<Uint8Array> {
    const format = settings?.format ?? 'PNG';
    if (format !== 'PNG') throw new Error(`fake Figma: exportAsync format ${format} is not modelled`);
    this.host.exported(this, settings);
    const box = settings?.useAbsoluteBounds ? this.absoluteBoundingBox : this.absoluteRenderBounds;
    if (!box || box.width <= 0 || box.height <= 0) throw new Error('exportAsync: the node has nothing to export');
    const c = settings?.constraint;
    let scale = 1;
    if (c?.type === 'SCALE') scale = c.value;
    else if (c?.type === 'WIDTH') scale = c.value / box.width;
    else if (c?.type === 'HEIGHT') scale = c.value / box.height;
    return renderNodePng(this as unknown as Drawable, this.host, box, scale);
  }

  /** "Duplicates the node. By default, the duplicate will be parented under figma.currentPage" (e.g. RectangleNode.clone). */
  clone(): this {
    const copy = this.copyTree();
    this.host.currentPage.appendChild(copy);
    return copy;
  }

  protected copyTree(): this {
    const copy = Object.create(Object.getPrototypeOf(this)) as this;
    const fields = copy as unknown as Record<string, unknown>;
    for (const [k, v] of Object.entries(this)) fields[k] = v;
    fields.id = this.host.nextId();
    fields.parent = null;
    fields.rel = copyMatrix(this.rel);
    fields.pluginData = new Map(this.getPluginDataKeys().map((k) => [k, this.getPluginData(k)]));
    if ('fills' in this) (copy as unknown as { fills: unknown }).fills = (this as unknown as { fills: unknown }).fills;
    if ('strokes' in this) (copy as unknown as { strokes: unknown }).strokes = (this as unknown as { strokes: unknown }).strokes;
    if (this instanceof FakeContainer) {
      fields.kids = [];
      for (const k of this.kids) (copy as unknown as FakeContainer).appendChild(k.copyTree());
    }
    return this.host.track(copy);
  }
}

export class FakeContainer extends FakeSceneNode {
  /** The live child list; `children` hands out a frozen copy, as Figma does. */
  kids: FakeSceneNode[] = [];

  /**
   * ChildrenMixin.children: "calling this property always returns a new array, and both the
   * property and the new array are read-only"; "sorted back-to-front".
   */
  get children(): readonly FakeSceneNode[] {
    return Object.freeze([...this.kids]);
  }

  appendChild(child: FakeSceneNode): void {
    this.insertChild(this.kids.length, child);
  }

  insertChild(index: number, child: FakeSceneNode): void {
    if (child.removed) throw new Error(`The node with id ${child.id} does not exist`);
    if (index < 0 || index > this.kids.length) throw new Error(`insertChild: index ${index} is out of range (0..${this.kids.length})`);
    if (child.parent) {
      const old = child.parent.kids;
      const at = old.indexOf(child);
      old.splice(at, 1);
      if (child.parent === this && at < index) index--;
    }
    this.kids.splice(index, 0, child);
    child.parent = this;
  }

  findAll(pred: (n: FakeSceneNode) => boolean): FakeSceneNode[] {
    const out: FakeSceneNode[] = [];
    for (const c of this.kids) {
      if (pred(c)) out.push(c);
      if (c instanceof FakeContainer) out.push(...c.findAll(pred));
    }
    return out;
  }
}

type Paints = readonly Record<string, unknown>[];

/** GeometryMixin: fills, strokes and their geometry. Subclasses say what their outline is. */
interface Geometry {
  fills: Paints;
  strokes: Paints;
  strokeWeight: number;
  strokeAlign: 'CENTER' | 'INSIDE' | 'OUTSIDE';
  dashPattern: readonly number[];
  readonly fillGeometry: FakeVectorPath[];
  readonly strokeGeometry: FakeVectorPath[];
}

function paintsAccessors(target: object): void {
  const store = new WeakMap<object, { fills: Paints; strokes: Paints }>();
  const get = (o: object) => {
    let s = store.get(o);
    if (!s) store.set(o, (s = { fills: frozenClone([]), strokes: frozenClone([]) }));
    return s;
  };
  for (const key of ['fills', 'strokes'] as const) {
    Object.defineProperty(target, key, {
      get(this: object) {
        return get(this)[key];
      },
      set(this: object, v: Paints) {
        if (!Array.isArray(v)) throw new Error(`${key} must be an array of paints`);
        for (const p of v) validatePaint(p);
        get(this)[key] = frozenClone(v);
      },
      enumerable: true,
    });
  }
}

const GRADIENT_TYPES = new Set(['GRADIENT_LINEAR', 'GRADIENT_RADIAL', 'GRADIENT_ANGULAR', 'GRADIENT_DIAMOND']);

/**
 * GradientPaint: gradientTransform is a Transform (two rows of three numbers); each ColorStop has
 * "the position of the stop along the gradient between 0 and 1" and an RGBA colour.
 */
function validateGradient(p: Record<string, unknown>): void {
  const t = p.gradientTransform as unknown;
  if (!Array.isArray(t) || t.length !== 2 || !t.every((row) => Array.isArray(row) && row.length === 3 && row.every(Number.isFinite))) {
    throw new Error(`Invalid ${String(p.type)} paint: gradientTransform must be [[a, c, e], [b, d, f]] of finite numbers`);
  }
  const stops = p.gradientStops as unknown;
  if (!Array.isArray(stops)) throw new Error(`Invalid ${String(p.type)} paint: gradientStops must be an array`);
  for (const s of stops as Record<string, unknown>[]) {
    const c = s.color as Record<string, unknown> | undefined;
    if (typeof s.position !== 'number' || s.position < 0 || s.position > 1) throw new Error('Invalid ColorStop: position must be between 0 and 1');
    if (!c || ['r', 'g', 'b', 'a'].some((k) => typeof c[k] !== 'number' || (c[k] as number) < 0 || (c[k] as number) > 1)) {
      throw new Error('Invalid ColorStop: color must have r, g, b, a in [0, 1]');
    }
  }
}

function validatePaint(p: Record<string, unknown>): void {
  if (GRADIENT_TYPES.has(String(p.type))) validateGradient(p);
  if (p.type === 'SOLID') {
    const c = p.color as Record<string, unknown> | undefined;
    if (!c || ['r', 'g', 'b'].some((k) => typeof c[k] !== 'number' || (c[k] as number) < 0 || (c[k] as number) > 1)) {
      throw new Error('Invalid SOLID paint: color must have r, g, b in [0, 1]');
    }
    if ('a' in c) throw new Error('Invalid SOLID paint: color has an unexpected property "a" (use opacity)');
    if (p.opacity !== undefined && (typeof p.opacity !== 'number' || p.opacity < 0 || p.opacity > 1)) throw new Error('Invalid paint opacity');
  }
}

/**
 * GeometryMixin.outlineStroke: "creates and returns a new node while leaving the original intact.
 * Returns null if the node has no strokes." The typings do not say where the node goes; the fake
 * puts it just above the node, as the editor's Outline Stroke does, filled with the strokes.
 */
function outlineStrokeOf(node: FakeSceneNode & { strokes: Paints }, host: FakeHost, outline: () => string): FakeVector | null {
  if (node.strokes.length === 0) return null;
  const data = outline();
  const v = host.track(new FakeVector(host));
  const parent = node.parent ?? host.currentPage;
  parent.insertChild(parent.kids.indexOf(node) + 1, v);
  v.relativeTransform = node.relativeTransform;
  v.vectorPaths = [{ windingRule: 'NONZERO', data }];
  v.fills = node.strokes;
  v.name = `${node.name} outline`;
  return v;
}

export class FakeFrame extends FakeContainer implements Geometry {
  declare fills: Paints;
  declare strokes: Paints;
  strokeWeight = 1;
  strokeAlign: 'CENTER' | 'INSIDE' | 'OUTSIDE' = 'INSIDE';
  dashPattern: readonly number[] = [];
  clipsContent = true;
  /** AutoLayoutMixin.layoutMode; the fake does not lay children out, tests place them. */
  layoutMode: 'NONE' | 'HORIZONTAL' | 'VERTICAL' = 'NONE';
  /** AutoLayoutMixin.itemReverseZIndex: drawn first child on top (fake-render.ts drawOrder). */
  itemReverseZIndex = false;

  constructor(type: 'FRAME' | 'COMPONENT' | 'INSTANCE', host: FakeHost) {
    super(type, host);
    this.width = 100;
    this.height = 100;
    this.fills = [{ type: 'SOLID', color: { r: 1, g: 1, b: 1 }, opacity: 1, visible: true, blendMode: 'NORMAL' }];
  }

  get fillGeometry(): FakeVectorPath[] {
    return [{ windingRule: 'NONZERO', data: rectangleData(this.width, this.height) }];
  }

  /** MinimalStrokesMixin.strokeGeometry: "always from the center regardless of the nodes strokeAlign" (and, the fake assumes, undashed: the typings are silent on dashes). */
  get strokeGeometry(): FakeVectorPath[] {
    return this.strokes.length ? [{ windingRule: 'NONZERO', data: rectangleStrokeData(this.width, this.height, this.strokeWeight) }] : [];
  }

  outlineStroke(): FakeVector | null {
    return outlineStrokeOf(this, this.host, () => rectangleStrokeOutline(this.width, this.height, this.strokeWeight, this.strokeAlign, this.dashPattern));
  }
}
paintsAccessors(FakeFrame.prototype);

export class FakeGroup extends FakeContainer {
  constructor(host: FakeHost) {
    super('GROUP', host);
  }
}

export class FakeShape extends FakeSceneNode implements Geometry {
  declare fills: Paints;
  declare strokes: Paints;
  strokeWeight = 1;
  strokeAlign: 'CENTER' | 'INSIDE' | 'OUTSIDE' = 'CENTER';
  dashPattern: readonly number[] = [];
  pointCount = 3;
  innerRadius = 0.382;

  constructor(type: 'RECTANGLE' | 'ELLIPSE' | 'POLYGON' | 'STAR' | 'LINE', host: FakeHost) {
    super(type, host);
    this.width = 100;
    this.height = type === 'LINE' ? 0 : 100;
    // As the editor's R/O/L tools: shapes get the default grey fill, a line a black stroke.
    if (type === 'LINE') this.strokes = [{ type: 'SOLID', color: { r: 0, g: 0, b: 0 }, opacity: 1, visible: true, blendMode: 'NORMAL' }];
    else this.fills = [{ type: 'SOLID', color: { r: 217 / 255, g: 217 / 255, b: 217 / 255 }, opacity: 1, visible: true, blendMode: 'NORMAL' }];
  }

  override resize(w: number, h: number): void {
    if (this.type === 'LINE') {
      if (h !== 0) throw new Error('resize: a LINE must have height 0');
      this.width = w;
      return;
    }
    super.resize(w, h);
  }

  get fillGeometry(): FakeVectorPath[] {
    const w = this.width;
    const h = this.height;
    switch (this.type) {
      case 'RECTANGLE':
        return [{ windingRule: 'NONZERO', data: rectangleData(w, h) }];
      case 'ELLIPSE':
        return [{ windingRule: 'NONZERO', data: ellipseData(w, h) }];
      case 'POLYGON':
        return [{ windingRule: 'NONZERO', data: polygonOrStarData(w, h, this.pointCount, null) }];
      case 'STAR':
        return [{ windingRule: 'NONZERO', data: polygonOrStarData(w, h, this.pointCount, this.innerRadius) }];
      default:
        return []; // a line encloses nothing
    }
  }

  get strokeGeometry(): FakeVectorPath[] {
    if (this.strokes.length === 0) return [];
    if (this.type === 'LINE') return [{ windingRule: 'NONZERO', data: lineStrokeData(this.width, this.strokeWeight) }];
    if (this.type === 'RECTANGLE') return [{ windingRule: 'NONZERO', data: rectangleStrokeData(this.width, this.height, this.strokeWeight) }];
    throw new Error(`fake Figma: strokeGeometry of ${this.type} is not modelled`);
  }

  outlineStroke(): FakeVector | null {
    return outlineStrokeOf(this, this.host, () => {
      if (this.type === 'LINE') {
        if (this.strokeAlign !== 'CENTER') throw new Error('fake Figma: a LINE stroke aligned other than CENTER is not modelled');
        return lineStrokeOutline(this.width, this.strokeWeight, this.dashPattern);
      }
      if (this.type === 'RECTANGLE') return rectangleStrokeOutline(this.width, this.height, this.strokeWeight, this.strokeAlign, this.dashPattern);
      throw new Error(`fake Figma: outlineStroke of ${this.type} is not modelled`);
    });
  }
}
paintsAccessors(FakeShape.prototype);

export class FakeVector extends FakeSceneNode implements Geometry {
  declare fills: Paints;
  declare strokes: Paints;
  strokeWeight = 1;
  strokeAlign: 'CENTER' | 'INSIDE' | 'OUTSIDE' = 'CENTER';
  dashPattern: readonly number[] = [];
  /** CornerMixin.cornerRadius, applied to every vertex (fake-corners.ts). */
  cornerRadius = 0;
  private paths: FakeVectorPath[] = [];

  constructor(host: FakeHost) {
    super('VECTOR', host);
  }

  get vectorPaths(): FakeVectorPath[] {
    return frozenClone(this.paths);
  }

  /**
   * Figma stores a vector's vertices relative to its bounding box: after assignment the path
   * data starts at (0, 0) and the node moves by the offset, so the drawing stays where it was.
   */
  set vectorPaths(paths: FakeVectorPath[]) {
    const parsed = paths.map((p) => {
      if (!['NONZERO', 'EVENODD', 'NONE'].includes(p.windingRule)) throw new Error(`Invalid windingRule ${String(p.windingRule)}`);
      return { windingRule: p.windingRule, tokens: tokenize(p.data) };
    });
    let minX = Infinity;
    let minY = Infinity;
    let maxX = -Infinity;
    let maxY = -Infinity;
    for (const p of parsed) {
      for (const t of p.tokens) {
        for (let i = 0; i + 1 < t.args.length; i += 2) {
          minX = Math.min(minX, t.args[i]!);
          maxX = Math.max(maxX, t.args[i]!);
          minY = Math.min(minY, t.args[i + 1]!);
          maxY = Math.max(maxY, t.args[i + 1]!);
        }
      }
    }
    if (minX === Infinity) minX = minY = maxX = maxY = 0;
    this.paths = parsed.map((p) => ({
      windingRule: p.windingRule,
      data: p.tokens.map((t) => [t.cmd, ...t.args.map((v, i) => fmt(i % 2 === 0 ? v - minX : v - minY))].join(' ')).join(' '),
    }));
    const m = this.rel;
    m[0][2] += m[0][0] * minX + m[0][1] * minY;
    m[1][2] += m[1][0] * minX + m[1][1] * minY;
    this.width = maxX - minX;
    this.height = maxY - minY;
  }

  /** GeometryMixin.fillGeometry: "paths representing the object fills", so with rounded corners, which vectorPaths lack. */
  get fillGeometry(): FakeVectorPath[] {
    return this.paths
      .filter((p) => p.windingRule !== 'NONE')
      .map((p) => {
        if (this.cornerRadius <= 0) return { ...p };
        const polys = polygonsOf(p.data);
        if (!polys) throw new Error('fake Figma: rounding the corners of curved vector paths is not modelled');
        return {
          windingRule: p.windingRule,
          data: polys
            .map((poly) =>
              roundedPolygonData(
                poly,
                poly.map(() => this.cornerRadius),
              ),
            )
            .join(' '),
        };
      });
  }

  get strokeGeometry(): FakeVectorPath[] {
    if (this.strokes.length === 0) return [];
    throw new Error('fake Figma: strokeGeometry of VECTOR is not modelled');
  }
}
paintsAccessors(FakeVector.prototype);

/** Figma's documented path grammar: M, L, Q, C, Z, absolute, separated by single spaces. */
function tokenize(data: string): { cmd: string; args: number[] }[] {
  const arity: Record<string, number> = { M: 2, L: 2, Q: 4, C: 6, Z: 0 };
  const words = data.trim() === '' ? [] : data.trim().split(' ');
  const out: { cmd: string; args: number[] }[] = [];
  for (let i = 0; i < words.length; ) {
    const cmd = words[i++]!;
    const n = arity[cmd];
    if (n === undefined) throw new Error(`Failed to parse path data: unknown command '${cmd}' in "${data.slice(0, 60)}"`);
    const args = words.slice(i, i + n).map(Number);
    if (args.length !== n || args.some((v, k) => !Number.isFinite(v) || !/^-?\d+(\.\d+)?$/.test(words[i + k]!))) {
      throw new Error(`Failed to parse path data near '${[cmd, ...words.slice(i, i + n)].join(' ')}'`);
    }
    i += n;
    out.push({ cmd, args });
  }
  return out;
}

export class FakeText extends FakeSceneNode implements Geometry {
  declare fills: Paints;
  declare strokes: Paints;
  strokeWeight = 1;
  strokeAlign: 'CENTER' | 'INSIDE' | 'OUTSIDE' = 'OUTSIDE';
  dashPattern: readonly number[] = [];
  characters = '';
  fontSize = 12;
  fontName = { family: 'DejaVu Sans', style: 'Book' };

  constructor(host: FakeHost) {
    super('TEXT', host);
    this.fills = [{ type: 'SOLID', color: { r: 0, g: 0, b: 0 }, opacity: 1, visible: true, blendMode: 'NORMAL' }];
  }

  get fillGeometry(): FakeVectorPath[] {
    const data = textFillData(this.fontName.family, this.characters, this.fontSize);
    return data ? [{ windingRule: 'NONZERO', data }] : [];
  }

  get strokeGeometry(): FakeVectorPath[] {
    if (this.strokes.length === 0) return [];
    throw new Error('fake Figma: strokeGeometry of TEXT is not modelled');
  }
}
paintsAccessors(FakeText.prototype);

/** A union of its children (the only boolean operation the fake models). */
export class FakeBooleanOperation extends FakeContainer implements Geometry {
  declare fills: Paints;
  declare strokes: Paints;
  strokeWeight = 1;
  strokeAlign: 'CENTER' | 'INSIDE' | 'OUTSIDE' = 'CENTER';
  dashPattern: readonly number[] = [];
  booleanOperation: 'UNION' | 'INTERSECT' | 'SUBTRACT' | 'EXCLUDE' = 'UNION';

  constructor(host: FakeHost) {
    super('BOOLEAN_OPERATION', host);
  }

  get fillGeometry(): FakeVectorPath[] {
    if (this.booleanOperation !== 'UNION') throw new Error(`fake Figma: boolean ${this.booleanOperation} is not modelled`);
    // The children's outlines in the boolean's own space; NONZERO fills their union.
    const inv = invert(this.absoluteTransform);
    const out: FakeVectorPath[] = [];
    for (const c of this.children) {
      if (!c.visible || !('fillGeometry' in c)) continue;
      const m = mul(inv, c.absoluteTransform);
      for (const g of (c as unknown as Geometry).fillGeometry) out.push({ windingRule: 'NONZERO', data: mapData(g.data, m) });
    }
    return out;
  }

  get strokeGeometry(): FakeVectorPath[] {
    if (this.strokes.length === 0) return [];
    throw new Error('fake Figma: strokeGeometry of BOOLEAN_OPERATION is not modelled');
  }
}
paintsAccessors(FakeBooleanOperation.prototype);

function invert(m: Matrix): Matrix {
  const [[a, c, e], [b, d, f]] = m;
  const det = a * d - b * c;
  return [
    [d / det, -c / det, (c * f - d * e) / det],
    [-b / det, a / det, (b * e - a * f) / det],
  ];
}

function mapData(data: string, m: Matrix): string {
  return tokenize(data)
    .map((t) => {
      const a: string[] = [];
      for (let i = 0; i + 1 < t.args.length; i += 2) {
        const x = t.args[i]!;
        const y = t.args[i + 1]!;
        a.push(fmt(m[0][0] * x + m[0][1] * y + m[0][2]), fmt(m[1][0] * x + m[1][1] * y + m[1][2]));
      }
      return [t.cmd, ...a].join(' ');
    })
    .join(' ');
}

export class FakePage extends FakeContainer {
  private sel: FakeSceneNode[] = [];
  onSelectionChange: () => void = () => {};
  /**
   * ChildrenMixin.children / appendChild / insertChild: "If the manifest contains
   * "documentAccess": "dynamic-page", and the node is a PageNode, you must first call
   * PageNode.loadAsync". Tests set loaded = false for a page the session has not opened.
   */
  loaded = true;

  constructor(host: FakeHost) {
    super('PAGE', host);
  }

  private mustBeLoaded(what: string): void {
    if (!this.loaded) throw new Error(`Cannot access ${what} on a page that has not been explored. Call \`await page.loadAsync()\` first.`);
  }

  override get children(): readonly FakeSceneNode[] {
    this.mustBeLoaded('children');
    return super.children;
  }

  override insertChild(index: number, child: FakeSceneNode): void {
    this.mustBeLoaded('insertChild');
    super.insertChild(index, child);
  }

  /** PageNode.loadAsync: "Loads the contents of the page node." */
  async loadAsync(): Promise<void> {
    this.loaded = true;
  }

  get selection(): readonly FakeSceneNode[] {
    return Object.freeze([...this.sel]);
  }

  set selection(nodes: readonly FakeSceneNode[]) {
    this.sel = [...nodes];
    this.onSelectionChange();
  }
}

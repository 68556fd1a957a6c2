// The scene model: what CLIPVG optimises (control points and fill colours), plus what the
// hosts need to write results back where they came from. Pure data, structured-clone safe,
// shared by the Figma sandbox, the UI/engine worker and the CLI.

export type FillRule = 'nonzero' | 'evenodd';

/** Straight (non-premultiplied) RGBA, each channel in [0, 1]. */
export interface Rgba {
  r: number;
  g: number;
  b: number;
  a: number;
}

/**
 * A closed sub-path of n cubic Bézier segments, in canvas pixels.
 * `points` holds 3n (x, y) pairs, flattened: segment i runs from point 3i through the
 * control points 3i+1 and 3i+2 to point 3(i+1) mod 3n. Closing is implicit (diffvg's
 * convention), so the start point is one parameter, not two copies that could drift apart.
 */
export interface SubPath {
  points: number[];
}

/** Where a group came from, so results can be written back and layers named. */
export interface Provenance {
  kind: 'svg' | 'figma' | 'vectorize' | 'synthetic';
  /** SVG: element path such as `svg/g[2]/path[5]`; Figma: node id; vectorize: `round-1`. */
  ref: string;
  /** A human-readable name (the SVG id or class, the Figma layer name). */
  name?: string;
}

/** A gradient colour stop: `offset` in [0, 1], non-decreasing along a gradient's stops. */
export interface GradientStop {
  offset: number;
  color: Rgba;
}

/**
 * An affine map [a, b, c, d, e, f] in SVG's order: (x, y) -> (a x + c y + e, b x + d y + f).
 * Same layout as svg-transform.ts's Matrix, mutable so scenes stay plain data.
 */
export type Affine = [number, number, number, number, number, number];

/** What happens outside [0, 1]: SVG's spreadMethod (Figma's gradients always pad). */
export type GradientSpread = 'pad' | 'reflect' | 'repeat';

interface GradientBase {
  /** At least one stop; one stop paints a solid colour, as SVG specifies. */
  stops: GradientStop[];
  spread: GradientSpread;
  /**
   * From the gradient's own space (where its geometry below lives) to canvas pixels, the
   * space of the group's points. SVG: the element's CTM, then the bounding box for
   * objectBoundingBox units, then gradientTransform. Fixed during an edit; the geometry
   * and stops are the parameters.
   */
  transform: Affine;
}

/** t = projection of the point onto (x1, y1) -> (x2, y2), in the gradient's space. */
export interface LinearGradient extends GradientBase {
  kind: 'linear';
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

/**
 * SVG's radial gradient (a two-point conical one): t = 0 on the focal circle (fx, fy, fr),
 * t = 1 on the circle (cx, cy, r), in the gradient's space.
 */
export interface RadialGradient extends GradientBase {
  kind: 'radial';
  cx: number;
  cy: number;
  r: number;
  fx: number;
  fy: number;
  fr: number;
}

export type Gradient = LinearGradient | RadialGradient;

/** One paint shared by one or more sub-paths: one colour (or gradient) parameter in the optimiser. */
export interface ShapeGroup {
  /** The solid colour; for a gradient group, its stops' mean (what one-colour consumers use). */
  fill: Rgba;
  /** When present the group is painted with this gradient, and `fill` is only its summary. */
  gradient?: Gradient;
  fillRule: FillRule;
  paths: SubPath[];
  source: Provenance;
}

/** A region of interest with its own prompt (CLIPVG's ROI; a nested frame in Figma). */
export interface Roi {
  x: number;
  y: number;
  width: number;
  height: number;
  prompt: string;
  source?: Provenance;
}

/** Something the importer could not represent exactly, and what it did instead. */
export interface SceneWarning {
  /** The element or node concerned, e.g. `svg/g[1]/path[3]#hair` or a Figma node id. */
  where: string;
  message: string;
}

export interface Scene {
  width: number;
  height: number;
  /** Groups in draw order, bottom first. */
  groups: ShapeGroup[];
  /** ROIs other than the whole canvas (the whole canvas is always ROI 0 implicitly). */
  rois: Roi[];
  warnings: SceneWarning[];
}

export function emptyScene(width: number, height: number): Scene {
  return { width, height, groups: [], rois: [], warnings: [] };
}

export function segmentCount(path: SubPath): number {
  return path.points.length / 6;
}

export function countSegments(scene: Scene): number {
  let n = 0;
  for (const g of scene.groups) for (const p of g.paths) n += segmentCount(p);
  return n;
}

export function countPaths(scene: Scene): number {
  let n = 0;
  for (const g of scene.groups) n += g.paths.length;
  return n;
}

export function cloneScene(scene: Scene): Scene {
  return structuredClone(scene);
}

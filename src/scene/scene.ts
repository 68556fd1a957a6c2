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

/** One fill colour shared by one or more sub-paths: one colour parameter in the optimiser. */
export interface ShapeGroup {
  fill: Rgba;
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

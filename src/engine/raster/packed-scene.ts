import type { Rgba, Scene, ShapeGroup } from '../../scene/scene.ts';

// The scene as flat arrays: what both backends (WebGPU kernels and their float64 twins)
// consume. Built once per upload. Each cubic segment gets a line count that is frozen here,
// so line vertices are fixed linear combinations of control points (exact chain rule) and
// GPU buffer sizes never change while the optimiser moves points.

/** Largest flattening error (pixels) allowed when the counts are chosen. */
export const FLATTEN_TOLERANCE = 0.1;
/** Bound on lines per cubic segment, whatever its size. */
export const MAX_LINES_PER_SEGMENT = 32;

export const FILL_NONZERO = 0;
export const FILL_EVENODD = 1;

export interface PackedScene {
  width: number;
  height: number;
  groupCount: number;
  pointCount: number;
  segmentCount: number;
  lineCount: number;
  /** Control points, x,y interleaved (2 * pointCount). */
  points: Float64Array;
  /** Straight RGBA per group (4 * groupCount). */
  colors: Float64Array;
  /** Per segment: the indices of its 4 control points (implicit close: last = first of sub-path). */
  segPoints: Uint32Array;
  segLineStart: Uint32Array;
  segLineCount: Uint32Array;
  /** Per line: the segment it belongs to. */
  lineSeg: Uint32Array;
  /** Per group: [lineStart, lineEnd). Lines of a group are contiguous, in draw order. */
  groupLineStart: Uint32Array;
  groupLineEnd: Uint32Array;
  groupRule: Uint32Array;
  /** Per point: its group (for per-group masks). */
  pointGroup: Uint32Array;
  /** Per group: point count of each sub-path, to rebuild the scene on download. */
  subPathSizes: number[][];
}

/** Lines for one cubic: uniform in t, enough that the chord error stays under FLATTEN_TOLERANCE. */
export function lineCountForCubic(p: ArrayLike<number>, o0: number, o1: number, o2: number, o3: number): number {
  // Uniform subdivision of a cubic deviates from it by at most |B''|max / (8 n^2), and
  // |B''| <= 6 * max(|P0 - 2P1 + P2|, |P1 - 2P2 + P3|): the second differences, not the
  // polygon length, bound the error (a long straight segment needs one line).
  const ax = p[o0]! - 2 * p[o1]! + p[o2]!;
  const ay = p[o0 + 1]! - 2 * p[o1 + 1]! + p[o2 + 1]!;
  const bx = p[o1]! - 2 * p[o2]! + p[o3]!;
  const by = p[o1 + 1]! - 2 * p[o2 + 1]! + p[o3 + 1]!;
  const d = Math.max(Math.hypot(ax, ay), Math.hypot(bx, by));
  if (!Number.isFinite(d)) return 1;
  const n = Math.ceil(Math.sqrt((0.75 * d) / FLATTEN_TOLERANCE));
  return Math.min(MAX_LINES_PER_SEGMENT, Math.max(1, n));
}

export function packScene(scene: Scene): PackedScene {
  let pointCount = 0;
  let segmentCount = 0;
  for (const g of scene.groups) {
    for (const p of g.paths) {
      if (p.points.length % 6 !== 0) throw new Error(`sub-path has ${p.points.length} coordinates, not a multiple of 6 (3 points per cubic)`);
      pointCount += p.points.length / 2;
      segmentCount += p.points.length / 6;
    }
  }
  const points = new Float64Array(pointCount * 2);
  const colors = new Float64Array(scene.groups.length * 4);
  const segPoints = new Uint32Array(segmentCount * 4);
  const segLineStart = new Uint32Array(segmentCount);
  const segLineCount = new Uint32Array(segmentCount);
  const groupLineStart = new Uint32Array(scene.groups.length);
  const groupLineEnd = new Uint32Array(scene.groups.length);
  const groupRule = new Uint32Array(scene.groups.length);
  const pointGroup = new Uint32Array(pointCount);
  const subPathSizes: number[][] = [];
  let pi = 0;
  let si = 0;
  let lines = 0;
  scene.groups.forEach((g: ShapeGroup, gi: number) => {
    const c: Rgba = g.fill;
    colors.set([c.r, c.g, c.b, c.a], gi * 4);
    groupRule[gi] = g.fillRule === 'evenodd' ? FILL_EVENODD : FILL_NONZERO;
    groupLineStart[gi] = lines;
    const sizes: number[] = [];
    for (const path of g.paths) {
      const n = path.points.length / 2;
      sizes.push(n);
      for (let k = 0; k < path.points.length; k++) {
        const v = path.points[k]!;
        points[pi * 2 + k] = Number.isFinite(v) ? v : 0;
      }
      for (let k = 0; k < n; k++) pointGroup[pi + k] = gi;
      for (let s = 0; s < n / 3; s++) {
        const i0 = pi + 3 * s;
        const i3 = pi + ((3 * s + 3) % n);
        segPoints.set([i0, i0 + 1, i0 + 2, i3], si * 4);
        const count = lineCountForCubic(points, 2 * i0, 2 * (i0 + 1), 2 * (i0 + 2), 2 * i3);
        segLineStart[si] = lines;
        segLineCount[si] = count;
        lines += count;
        si++;
      }
      pi += n;
    }
    groupLineEnd[gi] = lines;
    subPathSizes.push(sizes);
  });
  const lineSeg = new Uint32Array(lines);
  for (let s = 0; s < segmentCount; s++) lineSeg.fill(s, segLineStart[s]!, segLineStart[s]! + segLineCount[s]!);
  return {
    width: scene.width,
    height: scene.height,
    groupCount: scene.groups.length,
    pointCount,
    segmentCount,
    lineCount: lines,
    points,
    colors,
    segPoints,
    segLineStart,
    segLineCount,
    lineSeg,
    groupLineStart,
    groupLineEnd,
    groupRule,
    pointGroup,
    subPathSizes,
  };
}

/** The scene with points and colours replaced by (optimised) parameter values. */
export function unpackScene(template: Scene, packed: PackedScene, points: ArrayLike<number>, colors: ArrayLike<number>): Scene {
  let pi = 0;
  return {
    ...template,
    groups: template.groups.map((g, gi) => ({
      ...g,
      fill: { r: colors[gi * 4]!, g: colors[gi * 4 + 1]!, b: colors[gi * 4 + 2]!, a: colors[gi * 4 + 3]! },
      paths: packed.subPathSizes[gi]!.map((n) => {
        const pts = Array.from({ length: n * 2 }, (_, k) => points[pi * 2 + k]!);
        pi += n;
        return { points: pts };
      }),
    })),
  };
}

/** For each point, the (segment, role) pairs that use it: at most two (a shared end point), 0xffffffff where unused. */
export function pointRefs(ps: PackedScene): Uint32Array {
  const refs = new Uint32Array(ps.pointCount * 4).fill(0xffffffff);
  for (let s = 0; s < ps.segmentCount; s++) {
    for (let role = 0; role < 4; role++) {
      const pi = ps.segPoints[s * 4 + role]!;
      const slot = refs[pi * 4] === 0xffffffff ? 0 : 2;
      refs[pi * 4 + slot] = s;
      refs[pi * 4 + slot + 1] = role;
    }
  }
  return refs;
}

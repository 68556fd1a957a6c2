import { meanStopColour } from '../../scene/gradient-mean.ts';
import type { Gradient, Rgba, Scene, ShapeGroup } from '../../scene/scene.ts';
import { packPaints, PAINT_GEOMETRY, PAINT_SOLID, STOP_WORDS, type PackedPaint } from './paint.ts';

// The scene as flat arrays: what both backends (WebGPU kernels and their float64 twins)
// consume. Built once per upload. The line counts here are those of the uploaded points;
// the GPU recounts them from the current points before every render (allocate-lines.wgsl),
// and these stay as its fallback when the line buffer is too small (they always fit it).

/** Largest flattening error (pixels) allowed when the counts are chosen. */
export const FLATTEN_TOLERANCE = 0.1;
/** Bound on lines per cubic segment: enough for a curve bending across a 2048-pixel canvas. */
export const MAX_LINES_PER_SEGMENT = 128;

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
  /** Per group: [lineStart, lineEnd). Lines of a group are contiguous, in draw order. */
  groupLineStart: Uint32Array;
  groupLineEnd: Uint32Array;
  /** Per group: [segStart, segEnd), fixed (segments are in draw order too). */
  groupSegStart: Uint32Array;
  groupSegEnd: Uint32Array;
  groupRule: Uint32Array;
  /** Per point: its group (for per-group masks). */
  pointGroup: Uint32Array;
  /** Per group: point count of each sub-path, to rebuild the scene on download. */
  subPathSizes: number[][];
  /** Each group's paint: solid (colors) or a gradient (paint.ts). */
  paint: PackedPaint;
}

const f = Math.fround;

/**
 * Lines for one cubic: uniform in t, enough that the chord error stays under FLATTEN_TOLERANCE.
 * Computed in float32 step by step as allocate-lines.wgsl does, so GPU and twins agree on counts.
 */
export function lineCountForCubic(p: ArrayLike<number>, o0: number, o1: number, o2: number, o3: number): number {
  // Uniform subdivision of a cubic deviates from it by at most |B''|max / (8 n^2), and
  // |B''| <= 6 * max(|P0 - 2P1 + P2|, |P1 - 2P2 + P3|) (Wang's formula): the second
  // differences, not the polygon length, bound the error (a long straight segment needs one line).
  const secondDiff = (a: number, b: number, c: number) => f(f(f(p[a]!) - f(2 * f(p[b]!))) + f(p[c]!));
  const ax = secondDiff(o0, o1, o2);
  const ay = secondDiff(o0 + 1, o1 + 1, o2 + 1);
  const bx = secondDiff(o1, o2, o3);
  const by = secondDiff(o1 + 1, o2 + 1, o3 + 1);
  const d = Math.max(f(Math.sqrt(f(f(ax * ax) + f(ay * ay)))), f(Math.sqrt(f(f(bx * bx) + f(by * by)))));
  if (!(d < 1e30)) return 1;
  const n = Math.ceil(f(Math.sqrt(f(f(0.75 / FLATTEN_TOLERANCE) * d))));
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
  const groupSegStart = new Uint32Array(scene.groups.length);
  const groupSegEnd = new Uint32Array(scene.groups.length);
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
    groupSegStart[gi] = si;
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
    groupSegEnd[gi] = si;
    subPathSizes.push(sizes);
  });
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
    groupLineStart,
    groupLineEnd,
    groupSegStart,
    groupSegEnd,
    groupRule,
    pointGroup,
    subPathSizes,
    paint: packPaints(scene),
  };
}

/** Group gi's gradient with geometry and stops from `paint` (packed as packPaints does). */
function gradientFrom(g: Gradient, packed: PackedScene, gi: number, paint: ArrayLike<number>): Gradient {
  const base = packed.paint.info[gi * 4 + 2]!;
  const v = (k: number) => paint[base + k]!;
  const stops = g.stops.map((_, i) => {
    const o = base + PAINT_GEOMETRY + i * STOP_WORDS;
    return { offset: paint[o]!, color: { r: paint[o + 1]!, g: paint[o + 2]!, b: paint[o + 3]!, a: paint[o + 4]! } };
  });
  if (g.kind === 'linear') return { ...g, stops, x1: v(0), y1: v(1), x2: v(2), y2: v(3) };
  return { ...g, stops, cx: v(0), cy: v(1), r: v(2), fx: v(3), fy: v(4), fr: v(5) };
}

/**
 * The scene with points, colours and gradient parameters replaced by (optimised) values;
 * a gradient group's fill becomes its new stops' mean.
 */
export function unpackScene(
  template: Scene,
  packed: PackedScene,
  points: ArrayLike<number>,
  colors: ArrayLike<number>,
  paint: ArrayLike<number> = packed.paint.params,
): Scene {
  let pi = 0;
  return {
    ...template,
    groups: template.groups.map((g, gi) => {
      // A gradient drawn as its fill (singular transform, paint.ts) comes back as it was.
      const drawn = g.gradient && packed.paint.info[gi * 4] !== PAINT_SOLID;
      const gradient = drawn ? gradientFrom(g.gradient!, packed, gi, paint) : g.gradient && structuredClone(g.gradient);
      const fill =
        drawn && gradient ? meanStopColour(gradient.stops) : { r: colors[gi * 4]!, g: colors[gi * 4 + 1]!, b: colors[gi * 4 + 2]!, a: colors[gi * 4 + 3]! };
      return {
        ...g,
        fill,
        ...(gradient ? { gradient } : {}),
        paths: packed.subPathSizes[gi]!.map((n) => {
          const pts = Array.from({ length: n * 2 }, (_, k) => points[pi * 2 + k]!);
          pi += n;
          return { points: pts };
        }),
      };
    }),
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

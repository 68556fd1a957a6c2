import { mulberry32 } from '../../src/engine/random/seeded-random.ts';
import type { Scene, ShapeGroup, SubPath } from '../../src/scene/scene.ts';

// Small synthetic scenes for rasteriser tests and benchmarks: seeded, so failures replay.

/** A closed sub-path of `n` random cubics around (cx, cy) with radius about r. */
export function randomBlob(rand: () => number, cx: number, cy: number, r: number, n: number): SubPath {
  const pts: number[] = [];
  const anchors: [number, number][] = [];
  for (let i = 0; i < n; i++) {
    const ang = (2 * Math.PI * (i + 0.3 * rand())) / n;
    const rr = r * (0.5 + 0.7 * rand());
    anchors.push([cx + rr * Math.cos(ang), cy + rr * Math.sin(ang)]);
  }
  for (let i = 0; i < n; i++) {
    const [ax, ay] = anchors[i]!;
    const [bx, by] = anchors[(i + 1) % n]!;
    const j = () => (rand() - 0.5) * r * 0.8;
    pts.push(ax, ay, ax + (bx - ax) / 3 + j(), ay + (by - ay) / 3 + j(), ax + (2 * (bx - ax)) / 3 + j(), ay + (2 * (by - ay)) / 3 + j());
  }
  return { points: pts };
}

/** Straight-edged polygon as cubics (handles at 1/3, 2/3). */
export function polygonPath(xy: number[]): SubPath {
  const pts: number[] = [];
  const n = xy.length / 2;
  for (let i = 0; i < n; i++) {
    const ax = xy[i * 2]!;
    const ay = xy[i * 2 + 1]!;
    const bx = xy[((i + 1) % n) * 2]!;
    const by = xy[((i + 1) % n) * 2 + 1]!;
    pts.push(ax, ay, ax + (bx - ax) / 3, ay + (by - ay) / 3, ax + (2 * (bx - ax)) / 3, ay + (2 * (by - ay)) / 3);
  }
  return { points: pts };
}

function group(paths: SubPath[], fill: ShapeGroup['fill'], fillRule: ShapeGroup['fillRule'], ref: string): ShapeGroup {
  return { fill, fillRule, paths, source: { kind: 'synthetic', ref } };
}

/**
 * Random small scene: overlapping blobs (opaque and translucent), an even-odd group with
 * two nested sub-paths, a shape partly off canvas, and a background rectangle.
 */
export function randomScene(seed: number, width: number, height: number, blobs = 5): Scene {
  const rand = mulberry32(seed);
  const groups: ShapeGroup[] = [];
  const col = (a: number) => ({ r: rand(), g: rand(), b: rand(), a });
  groups.push(group([polygonPath([-3, -3, width + 3, -3, width + 3, height + 3, -3, height + 3])], col(1), 'nonzero', 'bg'));
  for (let i = 0; i < blobs; i++) {
    const r = Math.min(width, height) * (0.15 + 0.25 * rand());
    const opaque = rand() < 0.5;
    groups.push(
      group([randomBlob(rand, width * rand(), height * rand(), r, 3 + Math.floor(rand() * 3))], col(opaque ? 1 : 0.3 + 0.6 * rand()), 'nonzero', `blob${i}`),
    );
  }
  const cx = width * (0.3 + 0.4 * rand());
  const cy = height * (0.3 + 0.4 * rand());
  const R = Math.min(width, height) * 0.35;
  groups.push(group([randomBlob(rand, cx, cy, R, 4), randomBlob(rand, cx, cy, R * 0.4, 3)], col(0.8), 'evenodd', 'ring'));
  groups.push(group([randomBlob(rand, width * 0.95, height * 0.5, Math.min(width, height) * 0.3, 4)], col(0.7), 'nonzero', 'offcanvas'));
  return { width, height, groups, rois: [], warnings: [] };
}

/** Many small blobs on a white canvas: the group-count scaling scene of the benchmark. */
export function manyBlobsScene(seed: number, size: number, count: number): Scene {
  const rand = mulberry32(seed);
  const groups: ShapeGroup[] = [];
  for (let i = 0; i < count; i++) {
    const r = size * (0.004 + 0.03 * rand() * rand());
    groups.push(
      group(
        [randomBlob(rand, size * rand(), size * rand(), r, 3 + Math.floor(rand() * 3))],
        { r: rand(), g: rand(), b: rand(), a: rand() < 0.7 ? 1 : 0.6 },
        'nonzero',
        `b${i}`,
      ),
    );
  }
  return { width: size, height: size, groups, rois: [], warnings: [] };
}

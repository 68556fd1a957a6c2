import { test } from 'node:test';
import assert from 'node:assert/strict';
import { crackShare } from '../support/crack-test.ts';
import { vectorizeImage, vectorizeImageAsync, type VectorizeProgress } from '../../src/engine/vectorize/vectorize-image.ts';
import { psnr } from '../support/image-metrics.ts';
import { createRgbaImage, type RgbaImage } from '../../src/image/rgba-image.ts';
import type { Scene, SubPath } from '../../src/scene/scene.ts';
import { exportSvg } from '../../src/scene/svg-export.ts';
import { renderSvgWithResvg } from '../support/resvg-render.ts';

// A flat-colour test card exercises every boundary case of the tracer: a disc, a ring (a
// region with a hole, and an island inside it), a diagonal edge, two squares touching only at
// a corner (a diagonal junction), and regions meeting the canvas edge.

function testCard(): RgbaImage {
  const w = 96,
    h = 64;
  const img = createRgbaImage(w, h);
  const set = (x: number, y: number, c: number[]) => img.data.set([c[0]!, c[1]!, c[2]!, 255], (y * w + x) * 4);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      let c = x + y < 70 ? [240, 230, 200] : [60, 120, 60];
      const d = Math.hypot(x - 24, y - 24);
      if (d < 16) c = d < 8 ? [30, 30, 160] : [200, 40, 40];
      if (Math.hypot(x - 70, y - 16) < 9) c = [250, 200, 0];
      if (x >= 60 && x < 70 && y >= 40 && y < 50) c = [20, 20, 20];
      if (x >= 70 && x < 80 && y >= 50 && y < 60) c = [20, 20, 20];
      if (x >= 70 && x < 80 && y >= 40 && y < 50) c = [255, 255, 255];
      set(x, y, c);
    }
  }
  return img;
}

/** Signed area of a closed cubic sub-path (Green's theorem; 3-point Gauss-Legendre is exact for its degree-5 integrand). */
function signedArea(p: SubPath): number {
  const pts = p.points;
  const n = pts.length / 2;
  const gl = [
    [-Math.sqrt(3 / 5), 5 / 9],
    [0, 8 / 9],
    [Math.sqrt(3 / 5), 5 / 9],
  ] as const;
  let area = 0;
  for (let i = 0; i < n; i += 3) {
    const q = [i, i + 1, i + 2, (i + 3) % n].map((k) => [pts[2 * k]!, pts[2 * k + 1]!]);
    for (const [xi, wgt] of gl) {
      const t = (xi + 1) / 2;
      const u = 1 - t;
      const b = [u * u * u, 3 * u * u * t, 3 * u * t * t, t * t * t];
      const db = [-3 * u * u, 3 * u * u - 6 * u * t, 6 * u * t - 3 * t * t, 3 * t * t];
      let x = 0,
        y = 0,
        dx = 0,
        dy = 0;
      for (let k = 0; k < 4; k++) {
        x += b[k]! * q[k]![0]!;
        y += b[k]! * q[k]![1]!;
        dx += db[k]! * q[k]![0]!;
        dy += db[k]! * q[k]![1]!;
      }
      area += (wgt / 2) * 0.5 * (x * dy - y * dx);
    }
  }
  return area;
}

function roundOnly(scene: Scene, ref: string): Scene {
  return { ...scene, groups: scene.groups.filter((g) => g.source.ref === ref) };
}

test('each round covers the test card exactly: shared boundaries cancel, no pixel left uncovered', async () => {
  const card = testCard();
  const scene = await vectorizeImageAsync(card, { rounds: [4, 8], minRegionArea: 1, overlap: 0 });
  assert.deepEqual([scene.width, scene.height], [96, 64]);
  const refs = scene.groups.map((g) => g.source.ref);
  const firstFine = refs.indexOf('round-2');
  assert.ok(
    firstFine > 0 && refs.slice(0, firstFine).every((r) => r === 'round-1') && refs.slice(firstFine).every((r) => r === 'round-2'),
    'coarse round first',
  );
  for (const ref of ['round-1', 'round-2']) {
    const round = roundOnly(scene, ref);
    // Each region's loops walk it with the region on one side; where two regions meet they
    // use the same curves in opposite directions, so all interior boundaries cancel and the
    // total is the canvas. Any gap, overlap or unshared curve would leave a remainder.
    let total = 0;
    for (const g of round.groups) {
      assert.equal(g.source.kind, 'vectorize');
      assert.equal(g.fillRule, 'nonzero');
      for (const p of g.paths) {
        assert.equal(p.points.length % 6, 0);
        assert.ok(p.points.every(Number.isFinite));
        total += signedArea(p);
      }
    }
    assert.ok(Math.abs(Math.abs(total) - 96 * 64) < 1e-6, `${ref}: signed areas sum to ${total}`);
    const render = renderSvgWithResvg(exportSvg(round), 96, 'rgba(0,0,0,0)');
    assert.equal(crackShare(render, { margin: 0 }), 0, `${ref} leaves uncovered pixels`);
  }
  // 8 shapes for the card's 8 regions: every pixel away from an edge keeps its exact colour;
  // edge pixels differ, since smooth curves replace the card's staircases.
  const render = renderSvgWithResvg(exportSvg(scene), 96);
  const p = psnr(render, card);
  assert.ok(p > 22, `PSNR ${p.toFixed(2)} dB`);
  const at = (img: RgbaImage, x: number, y: number, c: number) => img.data[(y * 96 + x) * 4 + c]!;
  let interior = 0;
  for (let y = 1; y < 63; y++) {
    for (let x = 1; x < 95; x++) {
      let flat = true;
      for (let dy = -1; dy <= 1; dy++)
        for (let dx = -1; dx <= 1; dx++) for (let c = 0; c < 3; c++) if (at(card, x + dx, y + dy, c) !== at(card, x, y, c)) flat = false;
      if (!flat) continue;
      interior++;
      for (let c = 0; c < 3; c++)
        assert.ok(
          Math.abs(at(render, x, y, c) - at(card, x, y, c)) <= 8,
          `interior pixel (${x}, ${y}) channel ${c}: ${at(render, x, y, c)} vs ${at(card, x, y, c)}`,
        );
    }
  }
  assert.ok(interior > 4000, `${interior} interior pixels checked`);
  // The ring has a hole: its group holds two loops.
  assert.ok(
    roundOnly(scene, 'round-2').groups.some((g) => g.paths.length >= 2),
    'a region with a hole keeps it',
  );
});

test('overlap tucks lower shapes under upper ones: fewer anti-aliasing seams, still a cover', async () => {
  const card = testCard();
  const seams = async (overlap: number) => {
    const scene = await vectorizeImageAsync(card, { rounds: [8], minRegionArea: 1, overlap });
    const render = renderSvgWithResvg(exportSvg(scene), 96, 'rgba(0,0,0,0)');
    return { seam: crackShare(render, { alphaBelow: 250 }), crack: crackShare(render) };
  };
  const exact = await seams(0);
  const tucked = await seams(0.5);
  assert.equal(tucked.crack, 0);
  assert.ok(exact.seam > 0.02, `abutting shapes show seams: ${exact.seam}`);
  assert.ok(tucked.seam < exact.seam * 0.9, `seams ${tucked.seam} with overlap vs ${exact.seam} without`);
});

test('progress is reported in order and ends at 1; a signal cancels', async () => {
  const card = testCard();
  const seen: VectorizeProgress[] = [];
  await vectorizeImageAsync(card, { rounds: [3, 5, 7] }, (p) => seen.push(p));
  for (let i = 1; i < seen.length; i++) assert.ok(seen[i]!.fraction >= seen[i - 1]!.fraction, 'fractions never decrease');
  assert.deepEqual(seen.at(-1), { fraction: 1, stage: 'done' });
  assert.deepEqual([...new Set(seen.flatMap((p) => (p.round ? [p.round] : [])))], [1, 2, 3]);
  const controller = new AbortController();
  const job = vectorizeImageAsync(card, { rounds: [3, 5, 7], signal: controller.signal }, (p) => {
    if (p.round === 2) controller.abort(new Error('stop'));
  });
  await assert.rejects(job, /stop/);
});

test('larger pictures are traced shrunk to maxSize and placed back at their size; options are checked', async () => {
  const big = createRgbaImage(300, 100);
  big.data.fill(255);
  for (let p = 0; p < 300 * 100; p++) if (p % 300 < 150) big.data.set([0, 0, 255, 255], p * 4);
  const scene = await vectorizeImageAsync(big, { rounds: [2], maxSize: 60 });
  assert.deepEqual([scene.width, scene.height], [300, 100]);
  assert.equal(scene.groups.length, 2);
  // Traced at 60x20, where the colour boundary is at x = 30: it maps back to x = 150.
  const left = scene.groups.find((g) => g.fill.b > 0.9 && g.fill.r < 0.1)!;
  const xs = left.paths[0]!.points.filter((_, i) => i % 2 === 0);
  assert.ok(Math.abs(Math.max(...xs) - 150) < 1e-9, `boundary at x = ${Math.max(...xs)}`);
  await assert.rejects(vectorizeImageAsync(big, { rounds: [] }), RangeError);
  await assert.rejects(vectorizeImageAsync(big, { rounds: [10, 1] }), /must grow from the coarse round/);
  await assert.rejects(vectorizeImageAsync(big, { rounds: [0, 10] }), RangeError);
  await assert.rejects(vectorizeImageAsync(big, { maxSize: 4096 }), RangeError);
});

test('highlights of a few pixels are not drawn as spikes: no curve strays from its outline', async () => {
  // Bright blobs of 1 to 5 px (glints, a pupil's highlight) on a dark gradient.
  const w = 64,
    h = 48;
  const img = createRgbaImage(w, h);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) img.data.set([40 + x, 30, 60 + y, 255], (y * w + x) * 4);
  const blobs: [number, number][][] = [
    [[10, 10]],
    [
      [20, 10],
      [21, 10],
    ],
    [
      [30, 10],
      [30, 11],
    ],
    [
      [40, 10],
      [41, 11],
    ],
    [
      [50, 10],
      [51, 10],
      [50, 11],
      [51, 11],
    ],
    [
      [10, 30],
      [11, 30],
      [12, 30],
      [11, 31],
    ],
    [
      [20, 30],
      [21, 31],
      [22, 32],
    ],
    [
      [30, 30],
      [31, 30],
      [32, 30],
      [33, 30],
      [34, 31],
    ],
  ];
  for (const b of blobs) for (const [x, y] of b) img.data.set([255, 250, 240, 255], (y * w + x) * 4);
  const scene = await vectorizeImageAsync(img, { rounds: [4, 40], minRegionArea: 1 });
  let worst = 0;
  let bright = 0;
  for (const g of scene.groups) {
    if (g.fill.r < 0.8) continue;
    bright++;
    for (const p of g.paths) {
      const pts = p.points;
      const n = pts.length / 2;
      // The anchors lie on the traced outline; the curves between them must stay near their box.
      let x0 = Infinity,
        x1 = -Infinity,
        y0 = Infinity,
        y1 = -Infinity;
      for (let i = 0; i < n; i += 3) {
        x0 = Math.min(x0, pts[2 * i]!);
        x1 = Math.max(x1, pts[2 * i]!);
        y0 = Math.min(y0, pts[2 * i + 1]!);
        y1 = Math.max(y1, pts[2 * i + 1]!);
      }
      for (let i = 0; i < n; i += 3) {
        const q = [i, i + 1, i + 2, (i + 3) % n].map((k) => [pts[2 * k]!, pts[2 * k + 1]!] as const);
        for (let t = 0; t <= 1; t += 0.02) {
          const u = 1 - t;
          const b = [u * u * u, 3 * u * u * t, 3 * u * t * t, t * t * t];
          const x = b.reduce((s, bk, k) => s + bk * q[k]![0], 0);
          const y = b.reduce((s, bk, k) => s + bk * q[k]![1], 0);
          worst = Math.max(worst, x0 - x, x - x1, y0 - y, y - y1);
        }
      }
    }
  }
  assert.ok(bright >= blobs.length, `${bright} bright shapes for ${blobs.length} blobs`);
  assert.ok(worst <= 1.25, `a curve strays ${worst.toFixed(2)} px outside its outline's box`);
});

test('the synchronous vectorizeImage gives the same scene as vectorizeImageAsync', async () => {
  const img = testCard();
  const options = { rounds: [8, 40], maxSize: 48 };
  const sync = vectorizeImage(img, options, { width: 192, height: 128 });
  assert.deepEqual(sync, await vectorizeImageAsync(img, options, () => {}, { width: 192, height: 128 }));
  assert.equal(sync.width, 192);
  assert.ok(sync.groups.length > 8);
  assert.throws(() => vectorizeImage(createRgbaImage(0, 3)), /cannot vectorise an empty 0x3 image/);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { encode as encodePng } from 'fast-png';
import jpeg from 'jpeg-js';
import { crackShare } from '../support/crack-test.ts';
import { loadSceneFromImageFileAsync } from '../../src/engine/vectorize/load-scene-from-image-file.ts';
import { vectorizeImageAsync } from '../../src/engine/vectorize/vectorize-image.ts';
import { workingSize } from '../../src/image/resize-area.ts';
import { createRgbaImage, type RgbaImage } from '../../src/image/rgba-image.ts';
import type { Scene } from '../../src/scene/scene.ts';
import { exportSvg } from '../../src/scene/svg-export.ts';
import { renderSvgWithResvg } from '../support/resvg-render.ts';

// A vectorised picture sits exactly on the picture: same width and height, whatever the
// working size it was traced at (a 640x427 photo traced at 512x342 must not come out
// 640x428), for odd sizes and extreme aspect ratios too. Checked on the SVG we write, with
// resvg rendering it at its own declared size, and by the cover reaching every edge.

function picture(w: number, h: number): RgbaImage {
  const img = createRgbaImage(w, h);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const inDisc = Math.hypot(x - w / 3, y - h / 2) < Math.min(w, h) / 3;
      img.data.set(inDisc ? [200, 30, 40, 255] : [(x * 255) / Math.max(1, w - 1), 120, (y * 255) / Math.max(1, h - 1), 255], (y * w + x) * 4);
    }
  }
  return img;
}

function declaredSize(svg: string): [number, number] {
  const m = /<svg [^>]*width="([^"]+)" height="([^"]+)" viewBox="0 0 ([^ "]+) ([^"]+)"/.exec(svg);
  assert.ok(m, 'svg declares width, height and viewBox');
  assert.equal(m[1], m[3]);
  assert.equal(m[2], m[4]);
  return [Number(m[1]), Number(m[2])];
}

/** Bounding box of the anchors (every third point): the handles of a curve near the border may reach past it. */
function bounds(scene: Scene): [number, number, number, number] {
  let x0 = Infinity,
    y0 = Infinity,
    x1 = -Infinity,
    y1 = -Infinity;
  for (const g of scene.groups) {
    for (const p of g.paths) {
      for (let i = 0; i < p.points.length; i += 6) {
        x0 = Math.min(x0, p.points[i]!);
        x1 = Math.max(x1, p.points[i]!);
        y0 = Math.min(y0, p.points[i + 1]!);
        y1 = Math.max(y1, p.points[i + 1]!);
      }
    }
  }
  return [x0, y0, x1, y1];
}

/** The scene covers its canvas edge to edge and renders, by resvg at the SVG's own size, to exactly w x h. */
function assertExactly(scene: Scene, w: number, h: number, label: string): void {
  assert.deepEqual([scene.width, scene.height], [w, h], `${label}: scene size`);
  const svg = exportSvg(scene);
  assert.deepEqual(declaredSize(svg), [w, h], `${label}: SVG size`);
  const render = renderSvgWithResvg(svg, w, 'rgba(0,0,0,0)');
  assert.deepEqual([render.width, render.height], [w, h], `${label}: render size`);
  // Anchors sit on the canvas corners, so the cover reaches every edge.
  const [x0, y0, x1, y1] = bounds(scene);
  assert.ok(Math.abs(x0) < 1e-9 && Math.abs(y0) < 1e-9, `${label}: cover starts at the origin, got (${x0}, ${y0})`);
  assert.ok(Math.abs(x1 - w) < 1e-9 && Math.abs(y1 - h) < 1e-9, `${label}: cover ends at (${w}, ${h}), got (${x1}, ${y1})`);
  assert.equal(crackShare(render, { margin: 0 }), 0, `${label}: every pixel covered, the border ones too`);
}

const SIZES: [number, number][] = [
  [641, 427],
  [640, 427],
  [3, 1001],
  [1001, 3],
  [1, 1],
  [2, 517],
];

test('a picture file vectorises to exactly its own width and height, for odd sizes and aspect ratios', async () => {
  for (const [w, h] of SIZES) {
    const png = encodePng({ width: w, height: h, data: picture(w, h).data, channels: 4, depth: 8 });
    const loaded = await loadSceneFromImageFileAsync(png, { rounds: [3, 6] });
    assert.deepEqual([loaded.sourceWidth, loaded.sourceHeight], [w, h]);
    const work = workingSize(w, h, 512);
    assert.deepEqual([loaded.image.width, loaded.image.height], [work.width, work.height], `${w}x${h}: traced at the working size`);
    assertExactly(loaded.scene, w, h, `${w}x${h} PNG`);
  }
});

test('a 640x427 JPEG (traced at 512x342) comes out 640x427, and so does a small working size', async () => {
  const img = picture(640, 427);
  const bytes = jpeg.encode({ width: 640, height: 427, data: img.data }, 90).data;
  for (const maxSize of [512, 100, 16]) {
    const loaded = await loadSceneFromImageFileAsync(bytes, { rounds: [4, 8], maxSize });
    assert.ok(loaded.image.width === maxSize && loaded.image.height < 427, `traced at ${loaded.image.width}x${loaded.image.height}`);
    assertExactly(loaded.scene, 640, 427, `640x427 JPEG at max size ${maxSize}`);
  }
});

test('an in-memory picture larger than the working size is traced small and placed back at its own size', async () => {
  const img = picture(641, 427);
  const scene = await vectorizeImageAsync(img, { rounds: [4], maxSize: 64 });
  assertExactly(scene, 641, 427, '641x427 at max size 64');
});

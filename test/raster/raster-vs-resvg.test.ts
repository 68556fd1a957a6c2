import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { toRgba8 } from '../../src/cli/commands/render.ts';
import { psnr } from '../support/image-metrics.ts';
import { importSvg } from '../../src/scene/svg-import.ts';
import { renderSvgWithResvg } from '../support/resvg-render.ts';
import { packed, twinImage } from '../support/raster-twin.ts';

// Our forward (the float64 twin, which the WebGPU kernels equal within 1/255: see
// raster-webgpu.test.ts) against resvg, an independent renderer, on the CLIPVG demo SVGs at
// native size. Only anti-aliasing and flattening differences should remain.

for (const name of ['athlete', 'pitt', 'horseriding', 'tajmahal']) {
  test(`${name}.svg renders like resvg (PSNR >= 35 dB)`, (t) => {
    const text = readFileSync(new URL(`../../examples/${name}.svg`, import.meta.url), 'utf8');
    const scene = importSvg(text);
    const ours = { width: scene.width, height: scene.height, data: new Uint8ClampedArray(toRgba8(twinImage(packed(scene)))) };
    const ref = renderSvgWithResvg(text, scene.width);
    const db = psnr(ours, ref);
    t.diagnostic(`${name}: ${scene.width}x${scene.height}, PSNR ${db.toFixed(2)} dB`);
    assert.ok(db >= 35, `${name}: PSNR ${db.toFixed(2)} dB < 35`);
  });
}

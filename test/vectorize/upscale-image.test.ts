import { test } from 'node:test';
import assert from 'node:assert/strict';
import { upscaleImage } from '../../src/image/upscale-image.ts';

const grey = (values: number[], width: number) => ({
  width,
  height: values.length / width,
  data: new Uint8ClampedArray(values.flatMap((v) => [v, v, v, 255])),
});
const reds = (img: { data: Uint8ClampedArray }) => [...img.data].filter((_, i) => i % 4 === 0);

test('nearest repeats pixels; bilinear interpolates between pixel centres and clamps at the edges', () => {
  const img = grey([0, 200], 2);
  assert.deepEqual(reds(upscaleImage(img, 4, 1, 'nearest')), [0, 0, 200, 200]);
  assert.deepEqual(reds(upscaleImage(img, 4, 1, 'bilinear')), [0, 50, 150, 200]);
  const up = upscaleImage(grey([0, 100, 100, 200], 2), 4, 4, 'bilinear');
  assert.deepEqual(reds(up).slice(4, 8), [25, 50, 100, 125]);
  assert.throws(() => upscaleImage(img, 1, 1, 'nearest'), /not a whole size at least 2x1/);
});

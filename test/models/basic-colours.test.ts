import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { RgbaImage } from '../../src/image/rgba-image.ts';
import { BASIC_COLOURS, COLOUR_NAMES, colourName, recolourSucceeded } from '../bench/semantics-measure.ts';

// The colour-naming rule the tiny CLIP's captions and the semantics benchmark share
// (models/clip-text/basic-colours.json, nearest in OKLab) and issue 11's recolour success rule.

const image = (pixels: [number, number, number][]): RgbaImage => ({
  width: pixels.length,
  height: 1,
  data: Uint8ClampedArray.from(pixels.flatMap(([r, g, b]) => [r, g, b, 255])),
});

test('the eleven basic colours name themselves, and typical shades get the expected names', () => {
  assert.deepEqual(COLOUR_NAMES, ['red', 'orange', 'yellow', 'green', 'blue', 'purple', 'pink', 'brown', 'black', 'white', 'grey']);
  for (const n of COLOUR_NAMES) assert.equal(colourName(...BASIC_COLOURS[n]!), n);
  assert.equal(colourName(255, 0, 0), 'red');
  assert.equal(colourName(0, 0, 255), 'blue');
  assert.equal(colourName(12, 12, 12), 'black');
  // a quirk of plain nearest-in-OKLab with these values: dark greys from about (25, 25, 25) up are nearer brown than black
  assert.equal(colourName(30, 30, 30), 'brown');
  assert.equal(colourName(250, 250, 250), 'white');
  assert.equal(colourName(120, 70, 20), 'brown');
});

test('a recolour succeeds when at least half the source non-white pixels end nearest the named colour', () => {
  const source = image([
    [0, 0, 255],
    [0, 0, 255],
    [0, 0, 255],
    [0, 0, 255],
    [255, 255, 255],
  ]);
  // two of the four icon pixels red; the white background pixel turning red does not count
  const half = image([
    [230, 0, 0],
    [230, 0, 0],
    [0, 0, 255],
    [0, 0, 255],
    [230, 0, 0],
  ]);
  assert.deepEqual(recolourSucceeded(source, half, 'red'), { share: 0.5, success: true });
  const less = image([
    [230, 0, 0],
    [0, 0, 255],
    [0, 0, 255],
    [0, 0, 255],
    [230, 0, 0],
  ]);
  assert.deepEqual(recolourSucceeded(source, less, 'red'), { share: 0.25, success: false });
  // a recolour to white can succeed: the pixel set is fixed by the source
  assert.equal(recolourSucceeded(source, image(Array.from({ length: 5 }, () => [255, 255, 255] as [number, number, number])), 'white').success, true);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { InputError } from '../../src/cli/cli-errors.ts';
import { editCommand } from '../../src/cli/commands/edit.ts';
import { blendDirections, imageDirection } from '../../src/engine/edit/edit-targets.ts';
import { groupMasks } from '../../src/engine/edit/edit-group-masks.ts';
import { referencePixels } from '../../src/engine/edit/reference-image.ts';
import { resolveEditOptions, strengthFactor } from '../../src/engine/edit/resolve-edit-options.ts';
import { checkVariationSeeds } from '../../src/engine/edit/variation-seeds.ts';
import { createRgbaImage } from '../../src/image/rgba-image.ts';
import { MASK_COLOR, MASK_SHAPE } from '../../src/engine/optim/adam-step.ts';
import { blueCirclesScene } from '../support/edit-scenes.ts';

// Issue 16's engine options without a GPU: strength, locks, the image direction and its
// blend with the prompt's, the reference picture's pixels, variation seeds; and the CLI's
// refusals of the new flags (exit 2 before any browser starts).

const scene = blueCirclesScene();

test('strength: CLIPVG’s settings exactly at 0.5; iterations and both learning rates x0.5 at 0 and x2 at 1', () => {
  const mid = resolveEditOptions(scene, { prompt: 'x', strength: 0.5 });
  const none = resolveEditOptions(scene, { prompt: 'x' });
  assert.deepEqual([mid.iterations, mid.shapeLr, mid.colorLr], [150, 0.2, 0.01]);
  assert.deepEqual([none.iterations, none.shapeLr, none.colorLr], [150, 0.2, 0.01]);
  const lo = resolveEditOptions(scene, { prompt: 'x', strength: 0, iterations: 10, colorLr: 0.04 });
  assert.deepEqual([lo.iterations, lo.shapeLr, lo.colorLr], [5, 0.1, 0.02]);
  const hi = resolveEditOptions(scene, { prompt: 'x', strength: 1 });
  assert.deepEqual([hi.iterations, hi.shapeLr, hi.colorLr], [300, 0.4, 0.02]);
  assert.ok(Math.abs(strengthFactor(0.75) - Math.SQRT2) < 1e-12);
  assert.throws(() => resolveEditOptions(scene, { prompt: 'x', strength: 1.5 }), /strength must be a number in 0\.\.1/);
});

test('prompt, reference image and weight: what is required and refused', () => {
  const ref = createRgbaImage(2, 2);
  assert.throws(() => resolveEditOptions(scene, { prompt: ' ' }), /prompt is empty \(give a prompt, a reference image, or both\)/);
  assert.equal(resolveEditOptions(scene, { prompt: '', referenceImage: ref }).referenceWeight, 1);
  assert.equal(resolveEditOptions(scene, { prompt: 'red', referenceImage: ref }).referenceWeight, 0.5);
  assert.throws(() => resolveEditOptions(scene, { prompt: 'red', referenceWeight: 0.3 }), /no reference image/);
  assert.throws(() => resolveEditOptions(scene, { prompt: 'red', referenceImage: ref, referenceWeight: 2 }), /referenceWeight must be a number in 0\.\.1/);
});

test('locks: frozen groups get no mask bits at all, the others the mode’s', () => {
  assert.deepEqual([...groupMasks(scene, 'full', undefined, [1])], [MASK_SHAPE | MASK_COLOR, 0, MASK_SHAPE | MASK_COLOR]);
  assert.deepEqual([...groupMasks(scene, 'color', undefined, [0, 2])], [0, MASK_COLOR, 0]);
  assert.throws(() => resolveEditOptions(scene, { prompt: 'x', frozenGroups: [0.5] }), /frozen group 0\.5 is not a group/);
});

test('image direction and blend: unit directions, weighted; the picture alone at w = 1 or without text', () => {
  const src = Float32Array.from([1, 0, 0]);
  const refE = Float32Array.from([0.6, 0.8, 0]);
  const di = imageDirection(refE, src);
  assert.deepEqual(
    [...di].map((v) => +v.toFixed(6)),
    [-0.4, 0.8, 0],
  );
  const text = Float32Array.from([0, 0, 5]);
  const u = [-0.4 / Math.sqrt(0.8), 0.8 / Math.sqrt(0.8), 0];
  const close = (a: ArrayLike<number>, b: number[]) => b.forEach((v, i) => assert.ok(Math.abs(a[i]! - v) < 1e-6, `${a[i]} vs ${v}`));
  close(blendDirections(di, undefined, 0.5), u);
  close(blendDirections(di, text, 1), u);
  close(blendDirections(di, text, 0.25), [0.25 * u[0]!, 0.25 * u[1]!, 0.75]);
  close(blendDirections(di, text, 0), [0, 0, 1]);
  assert.throws(() => blendDirections(imageDirection(src, src), text, 0.5), /looks the same to CLIP as the artwork/);
});

test('reference pixels: alpha over white, large pictures shrunk, bad pictures refused', () => {
  const img = createRgbaImage(2, 1);
  img.data.set([255, 0, 0, 255, 0, 0, 255, 0]);
  const p = referencePixels(img);
  assert.deepEqual([...p.data], [1, 0, 0, 1, 1, 1, 1, 1]);
  const big = referencePixels(createRgbaImage(1000, 500));
  assert.deepEqual([big.width, big.height], [448, 224]);
  assert.throws(() => referencePixels(new Uint8Array([1, 2, 3, 4])), /./);
  assert.throws(() => referencePixels({ width: 2, height: 2, data: new Uint8ClampedArray(3) }), /reference image is malformed/);
});

test('variation seeds: 1 to 8 distinct whole numbers', () => {
  checkVariationSeeds([1, 2, 3]);
  assert.throws(() => checkVariationSeeds([]), /1 to 8 seeds/);
  assert.throws(() => checkVariationSeeds([1, 2.5]), /whole number/);
  assert.throws(() => checkVariationSeeds([4, 4]), /seeds repeat/);
});

test('clipvg edit refuses the new flags’ mistakes with one specific line', async () => {
  const cases: [string[], RegExp][] = [
    [['a.svg', '-o', 'o.svg', '--prompt', 'x', '--ref-weight', '0.5'], /--ref-weight blends --ref-image with --prompt; give both/],
    [['a.svg', '-o', 'o.svg', '--prompt', 'x', '--seed', '1', '--seeds', '1,2'], /give --seed N or --seeds N,N,\.\.\., not both/],
    [['a.svg', '-o', 'o.svg', '--prompt', 'x', '--strength', '2'], /--strength wants a number from 0 to 1, got '2'/],
    [['a.svg', '-o', 'o.svg', '--ref-image', '/no/such.png'], /cannot read \/no\/such\.png: no such file/],
    [['a.svg', '-o', 'o.svg'], /missing --prompt .*unless --ref-image is given/],
    [['a.svg', 'b.svg', '-o', 'o.svg', '--prompt', 'x'], /2 inputs need -o DIR\//],
    [['a.svg', '-o', 'o.svg', '--prompt', 'x', '--seeds', '1,2', '--frames', 'f'], /--frames takes one input and one seed/],
  ];
  for (const [args, message] of cases) {
    await assert.rejects(editCommand.runAsync(args), (e: unknown) => e instanceof InputError && message.test(e.message), args.join(' '));
  }
});

import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { loadSceneFromImageFileAsync } from '../../src/engine/vectorize/load-scene-from-image-file.ts';
import { psnr } from '../support/image-metrics.ts';
import { readSelectionAsync } from '../../src/plugin/read-selection.ts';
import { writeSceneAsync } from '../../src/plugin/write-scene.ts';
import { buildRunScene, type VectorisedImage } from '../../src/ui/run-scene.ts';
import { FakeFigma } from '../fake-figma/fake-figma.ts';
import type { FakeSceneNode } from '../fake-figma/fake-nodes.ts';
import { everyCaseFrame, renderNode } from './support/every-case-frame.ts';

// Issue 13's closing check, at the fake-Figma level (the browser harness adds nothing here but
// minutes: the UI only relays these messages): one frame holding every case (a shadowed image,
// a rotated frame, inside / outside / dashed strokes, a reversed auto-layout, a rounded vector, a
// rotated clipping frame) is read by the plugin, its image vectorised as the UI does, written back
// by the plugin, and the two are compared as the fake draws them: an SVG of each node tree, made
// from the fake's own geometry (fake-render.ts, independent of the reader), rendered by resvg.

const ARTIFACTS = join(import.meta.dirname, '..', '..', 'test-artifacts');
test('every case: read, vectorise the image, write back; the written frame renders like its source (PSNR)', async () => {
  const f = new FakeFigma();
  const root = everyCaseFrame(f);
  f.select(root);
  const reading = await readSelectionAsync(f.api, { images: true });
  assert.ok(reading.scene);
  assert.equal(reading.images.length, 1);
  const vectorised: VectorisedImage[] = [];
  for (const img of reading.images) vectorised.push({ source: img, scene: (await loadSceneFromImageFileAsync(img.png, { rounds: [4, 8] })).scene });
  const run = buildRunScene(reading.scene, reading.info.frames, {}, vectorised);
  const { frame } = await writeSceneAsync(f.api, { sourceId: root.id, besideIds: reading.info.sourceIds, prompt: 'every case', scene: run.scene });
  const input = renderNode(root, f);
  const output = renderNode(frame as unknown as FakeSceneNode, f);
  mkdirSync(ARTIFACTS, { recursive: true });
  writeFileSync(join(ARTIFACTS, 'every-case-input.svg'), input.svg);
  writeFileSync(join(ARTIFACTS, 'every-case-output.svg'), output.svg);
  const db = psnr(input.image, output.image);
  // The same without the one thing the scene cannot hold (the shadow, left out with a warning).
  const photo = root.children.find((n) => n.name === 'Photo')!;
  photo.effects = [];
  const dbNoShadow = psnr(renderNode(root, f).image, output.image);
  console.log(
    JSON.stringify({
      everyCasePsnrDb: Number(db.toFixed(2)),
      withoutShadowPsnrDb: Number(dbNoShadow.toFixed(2)),
      groups: run.scene.groups.length,
      warnings: reading.scene.warnings.map((w) => `${w.where}: ${w.message}`),
    }),
  );
  // The shadow is left out (with a warning) and the image is traced at 8 colours: the rest is exact.
  assert.ok(db > 30, `PSNR ${db.toFixed(2)} dB`);
  assert.ok(dbNoShadow > 34, `PSNR without the shadow ${dbNoShadow.toFixed(2)} dB`);
});

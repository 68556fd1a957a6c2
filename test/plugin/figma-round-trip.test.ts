import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { readSelectionAsync } from '../../src/plugin/read-selection.ts';
import { writeSceneAsync } from '../../src/plugin/write-scene.ts';
import type { Scene } from '../../src/scene/scene.ts';
import { importSvg } from '../../src/scene/svg-import.ts';
import { assertScenesEqual } from '../support/figma-scene-equal.ts';
import { FakeFigma } from '../fake-figma/fake-figma.ts';

// SVG -> scene -> Figma nodes (through the plugin's writer, into the fake) -> read back.
// The result must be the SVG's scene: control points within 1e-3 px, colours exact.

async function throughFigmaAsync(scene: Scene): Promise<Scene> {
  const f = new FakeFigma();
  const src = f.createFrame();
  src.resize(scene.width, scene.height);
  const { frame } = await writeSceneAsync(f.api, { sourceId: src.id, prompt: 'round trip', scene });
  f.select(frame as never);
  const back = await readSelectionAsync(f.api);
  assert.ok(back.scene);
  assert.deepEqual(back.scene.warnings, [], 'vectors with solid fills read without approximation');
  return back.scene;
}

const SVGS = fileURLToPath(new URL('../../examples', import.meta.url));

for (const name of ['athlete.svg', 'pitt.svg']) {
  test(`${name} survives SVG -> Figma nodes -> scene`, async () => {
    const scene = importSvg(readFileSync(`${SVGS}/${name}`, 'utf8'));
    assert.ok(scene.groups.length > 100);
    const back = await throughFigmaAsync(scene);
    // Provenance: every layer is named after the SVG element it came from.
    back.groups.forEach((g, i) =>
      assert.equal(g.source.name, `${scene.groups[i]!.source.name ? `${scene.groups[i]!.source.name} · ` : ''}${scene.groups[i]!.source.ref}`),
    );
    assertScenesEqual(back, { ...scene, warnings: [], rois: [] });
  });
}

test('hand-written SVG features (transforms, even-odd, opacity, arcs, open path) survive the round trip', async () => {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="120" height="90" viewBox="0 0 240 180">
    <g transform="translate(10 5) rotate(15)" opacity="0.5">
      <path fill-rule="evenodd" fill="#336699" d="M10 10h80v80h-80z M30 30h40v40h-40z"/>
      <path fill="#c00" fill-opacity="0.25" d="M100 20 a30 20 0 1 1 0.1 0 l 10 40"/>
    </g>
    <ellipse cx="180" cy="120" rx="40" ry="25" fill="rgb(10,200,30)"/>
  </svg>`;
  const scene = importSvg(svg);
  assert.equal(scene.groups.length, 3);
  assertScenesEqual(await throughFigmaAsync(scene), { ...scene, warnings: [] });
});

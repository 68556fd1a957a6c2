import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readSelectionAsync } from '../../src/plugin/read-selection.ts';
import { writeSceneAsync } from '../../src/plugin/write-scene.ts';
import type { Gradient, Scene } from '../../src/scene/scene.ts';
import { exportSvg } from '../../src/scene/svg-export.ts';
import { psnr } from '../support/image-metrics.ts';
import { renderSvgWithResvg } from '../support/resvg-render.ts';
import { FakeFigma } from '../fake-figma/fake-figma.ts';
import type { FakeContainer, FakeSceneNode, Matrix } from '../fake-figma/fake-nodes.ts';
import { renderNode } from './support/every-case-frame.ts';

// Issue 18, item 2: Figma's linear and radial gradients read into the scene where Figma draws
// them, and written back the same way. The fake draws gradients by the documented handle
// convention (fake-render.ts), independently of the plugin's figma-gradient.ts.

const stops = [
  { position: 0, color: { r: 1, g: 0.8, b: 0, a: 1 } },
  { position: 0.6, color: { r: 0.1, g: 0.2, b: 0.9, a: 0.7 } },
  { position: 1, color: { r: 0, g: 0.5, b: 0.2, a: 1 } },
];
// A turned, squeezed, off-centre gradient: no axis or symmetry hides a wrong convention.
const SKEWED: Matrix = [
  [0.8, 0.35, -0.1],
  [-0.3, 1.2, 0.05],
];

function rotation(deg: number, x: number, y: number): Matrix {
  const r = (deg * Math.PI) / 180;
  return [
    [Math.cos(r), -Math.sin(r), x],
    [Math.sin(r), Math.cos(r), y],
  ];
}

/** A 200 x 160 frame: a turned linear-filled rectangle, a radial-filled ellipse, a rectangle with a radial stroke. */
function gradientFrame(f: FakeFigma) {
  const frame = f.createFrame();
  frame.name = 'Gradients';
  frame.resize(200, 160);
  const rect = f.createRectangle();
  frame.appendChild(rect);
  rect.resize(90, 50);
  rect.relativeTransform = rotation(25, 40, 10);
  rect.fills = [{ type: 'GRADIENT_LINEAR', gradientTransform: SKEWED, gradientStops: stops, opacity: 0.9 }];
  const ell = f.createEllipse();
  frame.appendChild(ell);
  ell.resize(70, 110);
  ell.relativeTransform = rotation(-15, 110, 40);
  ell.fills = [{ type: 'GRADIENT_RADIAL', gradientTransform: SKEWED, gradientStops: stops }];
  // A stroke's gradient is placed by the layer's box too, not by the stroke's outline.
  const ring = f.createRectangle();
  frame.appendChild(ring);
  ring.resize(60, 40);
  ring.relativeTransform = rotation(10, 20, 90);
  ring.fills = [];
  ring.strokes = [{ type: 'GRADIENT_RADIAL', gradientTransform: SKEWED, gradientStops: stops }];
  ring.strokeWeight = 8;
  return { frame, rect, ell, ring };
}

/** Where the gradient's handles (start, end, width) land on the canvas. */
function handles(g: Gradient): number[] {
  const [a, b, c, d, e, f] = g.transform;
  const at = (x: number, y: number) => [a * x + c * y + e, b * x + d * y + f];
  return g.kind === 'linear'
    ? [...at(g.x1, g.y1), ...at(g.x2, g.y2), ...at(g.x1 - (g.y2 - g.y1) / 2, g.y1 + (g.x2 - g.x1) / 2)]
    : [...at(g.cx, g.cy), ...at(g.cx + g.r, g.cy), ...at(g.cx, g.cy + g.r)];
}

async function readScene(f: FakeFigma, node: FakeSceneNode): Promise<Scene> {
  f.select(node);
  const { scene } = await readSelectionAsync(f.api);
  assert.ok(scene);
  return scene;
}

test('linear and radial gradients are read where Figma draws them, on turned and scaled layers (scene rendered by resvg vs the fake)', async () => {
  const f = new FakeFigma();
  const { frame } = gradientFrame(f);
  const scene = await readScene(f, frame);
  const painted = scene.groups.filter((g) => g.gradient);
  assert.deepEqual(
    painted.map((g) => g.gradient!.kind),
    ['linear', 'radial', 'radial'],
  );
  // The paint's opacity is folded into every stop.
  assert.ok(Math.abs(painted[0]!.gradient!.stops[1]!.color.a - 0.7 * 0.9) < 1e-12);
  assert.deepEqual(
    scene.warnings.filter((w) => /GRADIENT|gradient/.test(w.message)),
    [],
  );
  const source = renderNode(frame, f).image;
  const ours = renderSvgWithResvg(exportSvg(scene), 400);
  const db = psnr(source, ours);
  assert.ok(db > 45, `PSNR ${db.toFixed(2)} dB`);
});

test('read -> scene -> write -> read gives back the same gradients (handles within 1e-6 px) and the written frame draws like the source', async () => {
  const f = new FakeFigma();
  const { frame } = gradientFrame(f);
  const first = await readScene(f, frame);
  const { frame: out, warnings } = await writeSceneAsync(f.api, { sourceId: frame.id, prompt: '', scene: first });
  assert.deepEqual(warnings, []);
  const written = out as unknown as FakeContainer;
  const paints = written.children.map((v) => (v as unknown as { fills: { type: string }[] }).fills[0]!.type);
  assert.deepEqual(
    paints,
    first.groups.map((g) => (g.gradient ? `GRADIENT_${g.gradient.kind.toUpperCase()}` : 'SOLID')),
  );
  const second = await readScene(f, written as unknown as FakeSceneNode);
  assert.equal(second.groups.length, first.groups.length);
  first.groups.forEach((g, i) => {
    const h = second.groups[i]!;
    if (!g.gradient) return assert.equal(h.gradient, undefined);
    assert.equal(h.gradient?.kind, g.gradient.kind);
    const [ha, hb] = [handles(g.gradient), handles(h.gradient!)];
    ha.forEach((v, k) => assert.ok(Math.abs(v - hb[k]!) < 1e-6, `group ${i} handle coordinate ${k}: ${v} vs ${hb[k]}`));
    g.gradient.stops.forEach((s, k) => {
      const t = h.gradient!.stops[k]!;
      assert.ok(Math.abs(s.offset - t.offset) < 1e-12);
      for (const c of ['r', 'g', 'b', 'a'] as const) assert.ok(Math.abs(s.color[c] - t.color[c]) < 1e-12);
    });
  });
  const db = psnr(renderNode(frame, f).image, renderNode(written as unknown as FakeSceneNode, f).image);
  assert.ok(db > 45, `PSNR ${db.toFixed(2)} dB`);
});

test('an edited scene gradient (endpoints moved, a focal point, reflect) is written where it was; what Figma cannot draw is named', async () => {
  const f = new FakeFigma();
  const src = f.createFrame();
  src.resize(100, 80);
  const square = [10, 10, 40, 10, 70, 10, 90, 10, 90, 40, 90, 70, 90, 70, 50, 70, 10, 70, 10, 70, 10, 40, 10, 10];
  const base = {
    stops: [
      { offset: 0, color: { r: 1, g: 0, b: 0, a: 1 } },
      { offset: 1, color: { r: 0, g: 0, b: 1, a: 0.5 } },
    ],
    transform: [1.2, 0.3, -0.2, 0.9, 5, 3] as [number, number, number, number, number, number],
  };
  const scene: Scene = {
    width: 100,
    height: 80,
    rois: [],
    warnings: [],
    groups: [
      {
        fill: { r: 0.5, g: 0, b: 0.5, a: 0.75 },
        gradient: { kind: 'linear', x1: 20, y1: 15, x2: 60, y2: 50, spread: 'pad', ...base },
        fillRule: 'nonzero',
        paths: [{ points: square }],
        source: { kind: 'synthetic', ref: 'a' },
      },
      {
        fill: { r: 0.5, g: 0, b: 0.5, a: 0.75 },
        gradient: { kind: 'radial', cx: 45, cy: 35, r: 25, fx: 45, fy: 35, fr: 0, spread: 'pad', ...base },
        fillRule: 'nonzero',
        paths: [{ points: square.map((v, i) => (i % 2 ? v * 0.5 : v * 0.5 + 40)) }],
        source: { kind: 'synthetic', ref: 'b' },
      },
    ],
  };
  const { frame, warnings } = await writeSceneAsync(f.api, { sourceId: src.id, prompt: '', scene });
  assert.deepEqual(warnings, []);
  const fake = renderNode(frame as unknown as FakeSceneNode, f).image;
  const db = psnr(fake, renderSvgWithResvg(exportSvg(scene), 200));
  assert.ok(db > 45, `PSNR ${db.toFixed(2)} dB`);
  const lossy: Scene = {
    ...scene,
    groups: [{ ...scene.groups[1]!, gradient: { ...(scene.groups[1]!.gradient as Gradient & { kind: 'radial' }), fx: 40, fr: 2, spread: 'reflect' } }],
  };
  const second = await writeSceneAsync(f.api, { sourceId: src.id, prompt: '', scene: lossy });
  assert.deepEqual(
    second.warnings.map((w) => w.message),
    ["spread 'reflect' drawn as pad (Figma's gradients always pad)", "the focal point and focal radius are dropped (Figma's radial gradients are centred)"],
  );
});

test('angular and diamond gradients are approximated with a warning that names them', async () => {
  const f = new FakeFigma();
  const frame = f.createFrame();
  frame.resize(100, 100);
  const a = f.createRectangle();
  frame.appendChild(a);
  a.fills = [{ type: 'GRADIENT_ANGULAR', gradientTransform: SKEWED, gradientStops: stops }];
  const d = f.createRectangle();
  frame.appendChild(d);
  d.fills = [{ type: 'GRADIENT_DIAMOND', gradientTransform: SKEWED, gradientStops: stops }];
  const scene = await readScene(f, frame);
  const [ga, gd] = scene.groups.filter((g) => g.source.ref === a.id || g.source.ref === d.id);
  assert.equal(ga!.gradient, undefined);
  assert.equal(gd!.gradient?.kind, 'radial');
  const messages = scene.warnings.map((w) => w.message);
  assert.ok(messages.includes('GRADIENT_ANGULAR approximated by its mean colour (the scene has no angular gradients)'), messages.join('\n'));
  assert.ok(messages.includes('GRADIENT_DIAMOND approximated by a radial gradient on the same handles (ellipses instead of diamonds)'), messages.join('\n'));
});

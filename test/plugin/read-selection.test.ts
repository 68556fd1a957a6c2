import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decode, encode } from 'fast-png';
import { readSelectionAsync } from '../../src/plugin/read-selection.ts';
import { FakeFigma } from '../fake-figma/fake-figma.ts';

const solid = (r: number, g: number, b: number, opacity = 1) => ({ type: 'SOLID', color: { r, g, b }, opacity });

function anchors(points: number[]): [number, number][] {
  const out: [number, number][] = [];
  for (let i = 0; i < points.length; i += 6) out.push([points[i]!, points[i + 1]!]);
  return out;
}

function near(a: [number, number][], b: [number, number][], tol = 1e-9): boolean {
  return a.length === b.length && a.every((p, i) => Math.abs(p[0] - b[i]![0]) <= tol && Math.abs(p[1] - b[i]![1]) <= tol);
}

test('a frame reads in its own coordinates through groups, rotations and nested frames; nested frames become ROIs with their prompts', async () => {
  const f = new FakeFigma();
  const frame = f.createFrame();
  frame.x = 100;
  frame.y = 50;
  frame.resize(200, 100);
  frame.setPluginData('prompt', 'a cat');
  const rect = f.createRectangle();
  rect.resize(30, 40);
  rect.fills = [solid(1, 0, 0, 0.5)];
  const group = f.group([rect], frame);
  group.opacity = 0.5;
  // Children of a group are positioned relative to the group's frame, not to the group.
  rect.relativeTransform = [
    [0, -1, 60],
    [1, 0, 10],
  ];
  const inner = f.createFrame();
  frame.appendChild(inner);
  inner.x = 120;
  inner.y = 20;
  inner.resize(60, 50);
  inner.fills = [];
  inner.name = 'Eye';
  inner.setPluginData('prompt', 'an eye');
  const ellipse = f.createEllipse();
  inner.appendChild(ellipse);
  ellipse.x = 10;
  ellipse.y = 10;
  ellipse.resize(20, 20);
  ellipse.fills = [solid(0, 0, 1)];
  const hidden = f.createRectangle();
  frame.appendChild(hidden);
  hidden.visible = false;
  f.select(frame);

  const { scene, info } = await readSelectionAsync(f.api);
  assert.ok(scene);
  assert.equal(scene.width, 200);
  assert.equal(scene.height, 100);
  assert.deepEqual(
    scene.groups.map((g) => g.fill),
    [
      { r: 1, g: 1, b: 1, a: 1 }, // the frame's own background
      { r: 1, g: 0, b: 0, a: 0.25 }, // paint 0.5 x group 0.5
      { r: 0, g: 0, b: 1, a: 1 },
    ],
  );
  const rectCorners = anchors(scene.groups[1]!.paths[0]!.points);
  // (u, v) -> (-v + 60, u + 10) for the rectangle's corners (0,0) (30,0) (30,40) (0,40).
  assert.ok(
    near(rectCorners, [
      [60, 10],
      [60, 40],
      [20, 40],
      [20, 10],
    ]),
    JSON.stringify(rectCorners),
  );
  for (const [x, y] of anchors(scene.groups[2]!.paths[0]!.points)) {
    assert.ok(Math.abs(Math.hypot(x - 140, y - 40) - 10) < 1e-9, `ellipse anchor ${x},${y} is not on the circle around (140, 40)`);
  }
  assert.equal(scene.groups[2]!.source.ref, ellipse.id);
  assert.deepEqual(scene.rois, [{ x: 120, y: 20, width: 60, height: 50, prompt: 'an eye', source: { kind: 'figma', ref: inner.id, name: 'Eye' } }]);
  assert.deepEqual(
    info.frames.map((fr) => [fr.nodeId, fr.prompt, fr.isRoot]),
    [
      [frame.id, 'a cat', true],
      [inner.id, 'an eye', false],
    ],
  );
  assert.equal(info.sourceId, frame.id);
  assert.equal(info.groupCount, 3);
});

test('paints: several fills stack as groups, an angular gradient becomes its mean colour with a warning naming the node (figma-gradient.test.ts: linear, radial)', async () => {
  const f = new FakeFigma();
  const frame = f.createFrame();
  frame.fills = [];
  const rect = f.createRectangle();
  frame.appendChild(rect);
  rect.name = 'Sky';
  const stops = [
    { position: 0.2, color: { r: 1, g: 0, b: 0, a: 1 } },
    { position: 0.6, color: { r: 0, g: 0, b: 1, a: 0.5 } },
  ];
  rect.fills = [
    solid(0, 1, 0),
    { type: 'SOLID', color: { r: 0, g: 0, b: 0 }, visible: false },
    {
      type: 'GRADIENT_ANGULAR',
      gradientStops: stops,
      gradientTransform: [
        [1, 0, 0],
        [0, 1, 0],
      ],
      opacity: 0.8,
    },
  ];
  f.select(frame);
  const { scene } = await readSelectionAsync(f.api);
  assert.ok(scene);
  assert.equal(scene.groups.length, 2);
  assert.deepEqual(scene.groups[0]!.fill, { r: 0, g: 1, b: 0, a: 1 });
  // Mean of the colour ramp by numeric integration (flat before the first and after the last stop).
  const N = 100000;
  const acc = [0, 0, 0, 0];
  for (let i = 0; i < N; i++) {
    const t = (i + 0.5) / N;
    const u = Math.min(1, Math.max(0, (t - 0.2) / 0.4));
    const c = [1 - u, 0, u, 1 - 0.5 * u];
    c.forEach((v, k) => (acc[k]! += v / N));
  }
  const g = scene.groups[1]!.fill;
  assert.ok(Math.abs(g.r - acc[0]!) < 1e-6 && Math.abs(g.b - acc[2]!) < 1e-6 && Math.abs(g.a - acc[3]! * 0.8) < 1e-6, JSON.stringify({ g, acc }));
  assert.ok(scene.warnings.some((w) => w.where.includes('Sky') && w.where.includes(rect.id) && /GRADIENT_ANGULAR.*mean colour/.test(w.message)));
});

test('image fills are exported as PNG at the image resolution and left out of the vector scene, with a warning', async () => {
  const f = new FakeFigma();
  const frame = f.createFrame();
  frame.resize(400, 300);
  const photo = f.createRectangle();
  frame.appendChild(photo);
  photo.name = 'Photo';
  photo.x = 40;
  photo.y = 30;
  photo.resize(150, 100);
  const image = f.createImage(encode({ width: 300, height: 200, data: new Uint8Array(300 * 200 * 4).fill(128), channels: 4, depth: 8 }));
  photo.fills = [{ type: 'IMAGE', imageHash: image.hash, scaleMode: 'FILL' }];
  f.select(frame);
  const { scene, images, info } = await readSelectionAsync(f.api, { images: true });
  assert.ok(scene);
  assert.equal(scene.groups.length, 1, 'only the frame background is vector');
  assert.equal(images.length, 1);
  assert.equal(info.imageCount, 1);
  const img = images[0]!;
  assert.deepEqual([img.nodeId, img.x, img.y, img.width, img.height, img.scale], [photo.id, 40, 30, 150, 100, 2]);
  const png = decode(img.png);
  assert.deepEqual([png.width, png.height], [300, 200]);
  assert.ok(scene.warnings.some((w) => w.where.includes('Photo') && /image fill/.test(w.message)));
});

test('strokes read as their outline; a boolean union reads as its result, not its children twice', async () => {
  const f = new FakeFigma();
  const frame = f.createFrame();
  frame.fills = [];
  const line = f.createLine();
  frame.appendChild(line);
  line.x = 10;
  line.y = 10;
  line.resize(50, 0);
  line.strokeWeight = 4;
  line.strokes = [solid(0, 0, 0)];
  const a = f.createRectangle();
  const b = f.createRectangle();
  a.resize(10, 10);
  b.resize(10, 10);
  const union = f.union([a, b], frame);
  a.x = 70;
  b.x = 90;
  union.fills = [solid(0.2, 0.4, 0.6)];
  f.select(frame);
  const { scene } = await readSelectionAsync(f.api);
  assert.ok(scene);
  assert.equal(scene.groups.length, 2);
  assert.ok(
    near(anchors(scene.groups[0]!.paths[0]!.points), [
      [10, 8],
      [60, 8],
      [60, 12],
      [10, 12],
    ]),
  );
  assert.match(scene.groups[0]!.source.name!, /stroke/);
  assert.equal(scene.groups[1]!.paths.length, 2);
  assert.deepEqual(scene.groups[1]!.fill, { r: 0.2, g: 0.4, b: 0.6, a: 1 });
  assert.ok(
    near(anchors(scene.groups[1]!.paths[1]!.points), [
      [90, 0],
      [100, 0],
      [100, 10],
      [90, 10],
    ]),
  );
});

test('a vector keeps its own paths and winding rule wherever Figma re-bases them', async () => {
  const f = new FakeFigma();
  const frame = f.createFrame();
  frame.fills = [];
  frame.x = -500;
  const v = f.createVector();
  frame.appendChild(v);
  v.vectorPaths = [{ windingRule: 'EVENODD', data: 'M 20 30 L 80 30 L 80 90 Z M 40 50 L 60 50 L 60 70 Z' }];
  v.fills = [solid(0.5, 0.5, 0.5)];
  assert.notEqual(v.x, 0, 'the fake re-bases vector data to its bounding box, as Figma does');
  f.select(frame);
  const { scene } = await readSelectionAsync(f.api);
  assert.ok(scene);
  assert.equal(scene.groups[0]!.fillRule, 'evenodd');
  assert.ok(
    near(anchors(scene.groups[0]!.paths[0]!.points), [
      [20, 30],
      [80, 30],
      [80, 90],
    ]),
  );
  assert.ok(
    near(anchors(scene.groups[0]!.paths[1]!.points), [
      [40, 50],
      [60, 50],
      [60, 70],
    ]),
  );
});

test('several selected layers read in their joint bounding box; an empty selection says what to do', async () => {
  const f = new FakeFigma();
  const a = f.createRectangle();
  a.x = 10;
  a.y = 20;
  a.resize(10, 10);
  a.fills = [solid(1, 0, 0)];
  const b = f.createEllipse();
  b.x = 50;
  b.y = 40;
  b.resize(20, 10);
  b.fills = [solid(0, 1, 0)];
  f.select(a, b);
  const { scene, info } = await readSelectionAsync(f.api);
  assert.ok(scene);
  assert.deepEqual([scene.width, scene.height], [60, 30]);
  assert.ok(
    near(anchors(scene.groups[0]!.paths[0]!.points), [
      [0, 0],
      [10, 0],
      [10, 10],
      [0, 10],
    ]),
  );
  assert.equal(info.frames.length, 0);
  f.select();
  const empty = await readSelectionAsync(f.api);
  assert.equal(empty.scene, null);
  assert.match(empty.info.note, /Select a frame/);
});

test('content spilling out of a clipping nested frame is cut to the frame', async () => {
  const f = new FakeFigma();
  const frame = f.createFrame();
  const inner = f.createFrame();
  frame.appendChild(inner);
  inner.resize(20, 20);
  inner.name = 'Clip';
  const r = f.createRectangle();
  inner.appendChild(r);
  r.resize(50, 5);
  f.select(frame);
  const { scene } = await readSelectionAsync(f.api);
  const cut = scene!.groups[scene!.groups.length - 1]!;
  assert.equal(cut.source.ref, r.id);
  const xs = cut.paths[0]!.points.filter((_, i) => i % 2 === 0);
  assert.ok(Math.abs(Math.max(...xs) - 20) < 1e-9, `the rectangle ends at the frame's edge (x = ${Math.max(...xs)})`);
});

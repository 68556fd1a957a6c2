import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decode } from 'fast-png';
import { readSelectionAsync } from '../../src/plugin/read-selection.ts';
import type { ShapeGroup } from '../../src/scene/scene.ts';
import { FakeFigma } from '../fake-figma/fake-figma.ts';
import type { FakeFrame, Matrix } from '../fake-figma/fake-nodes.ts';
import { assertImageDrawnInPlace, twoColourPng, type Rgb } from './support/image-checks.ts';

// Issue 13, items 1-8: the reader reads what Figma draws, as the fake models Figma's documented
// rules (test/fake-figma, each rule citing the plugin typings). Each test failed on the reader
// before the fix (see the closing note).

const solid = (r: number, g: number, b: number) => ({ type: 'SOLID', color: { r, g, b }, opacity: 1 });
const RED: Rgb = [255, 0, 0];
const BLUE: Rgb = [0, 0, 255];
const IDENTITY: Matrix = [
  [1, 0, 0],
  [0, 1, 0],
];

function anchors(g: ShapeGroup, sub = 0): [number, number][] {
  const p = g.paths[sub]!.points;
  const out: [number, number][] = [];
  for (let i = 0; i < p.length; i += 6) out.push([p[i]!, p[i + 1]!]);
  return out;
}

function allPoints(g: ShapeGroup): [number, number][] {
  const out: [number, number][] = [];
  for (const p of g.paths) for (let i = 0; i < p.points.length; i += 2) out.push([p.points[i]!, p.points[i + 1]!]);
  return out;
}

function invert(m: Matrix): Matrix {
  const [[a, c, e], [b, d, f]] = m;
  const det = a * d - b * c;
  return [
    [d / det, -c / det, (c * f - d * e) / det],
    [-b / det, a / det, (b * e - a * f) / det],
  ];
}

/** Signed area of a closed cubic sub-path: shoelace over the curve sampled 64 times per segment. */
function area(points: number[]): number {
  const n = points.length;
  const poly: [number, number][] = [];
  for (let i = 0; i < n; i += 6) {
    const [x0, y0, x1, y1, x2, y2] = points.slice(i, i + 6) as [number, number, number, number, number, number];
    const x3 = points[(i + 6) % n]!;
    const y3 = points[(i + 7) % n]!;
    for (let k = 0; k < 64; k++) {
      const t = k / 64;
      const s = 1 - t;
      poly.push([
        s * s * s * x0 + 3 * s * s * t * x1 + 3 * s * t * t * x2 + t * t * t * x3,
        s * s * s * y0 + 3 * s * s * t * y1 + 3 * s * t * t * y2 + t * t * t * y3,
      ]);
    }
  }
  let a = 0;
  for (let i = 0; i < poly.length; i++) {
    const [xa, ya] = poly[i]!;
    const [xb, yb] = poly[(i + 1) % poly.length]!;
    a += xa * yb - xb * ya;
  }
  return a / 2;
}

function imageRect(f: FakeFigma, parent: FakeFrame, x: number, y: number) {
  const image = f.createImage(twoColourPng(80, 40, RED, BLUE));
  const photo = f.createRectangle();
  parent.appendChild(photo);
  photo.name = 'Photo';
  photo.x = x;
  photo.y = y;
  photo.resize(80, 40);
  photo.fills = [{ type: 'IMAGE', imageHash: image.hash, scaleMode: 'FILL' }];
  return photo;
}

/** The two-colour image stretched over an 80 x 40 node (FILL of a same-aspect image): red left, blue right. */
const halves = (u: number): Rgb | null => (Math.abs(u - 40) < 3 ? null : u < 40 ? RED : BLUE);

test('item 1: an image export covers the node box, not its render bounds (useAbsoluteBounds), so a drop shadow does not shift or scale it', async () => {
  const f = new FakeFigma();
  const frame = f.createFrame();
  frame.resize(200, 120);
  const photo = imageRect(f, frame, 30, 20);
  photo.effects = [{ type: 'DROP_SHADOW', visible: true, color: { r: 0, g: 0, b: 0, a: 1 }, offset: { x: 12, y: 8 }, radius: 6, spread: 0 }];
  f.select(frame);
  const { images } = await readSelectionAsync(f.api, { images: true });
  assert.equal(images.length, 1);
  const png = decode(images[0]!.png);
  assert.deepEqual([png.width, png.height], [80 * images[0]!.scale, 40 * images[0]!.scale], 'the PNG is the node box, shadow left out');
  assertImageDrawnInPlace(images[0]!, frame.absoluteTransform, photo.absoluteTransform, photo, (u) => halves(u));
});

test('item 2: a frame with an image fill exports its image paint alone: not its children, strokes or effects (no picture twice)', async () => {
  const f = new FakeFigma();
  const outer = f.createFrame();
  outer.resize(300, 200);
  const card = f.createFrame();
  outer.appendChild(card);
  card.name = 'Card';
  card.x = 20;
  card.y = 30;
  card.resize(160, 80);
  const image = f.createImage(twoColourPng(80, 40, RED, BLUE));
  card.fills = [{ type: 'IMAGE', imageHash: image.hash, scaleMode: 'FILL' }];
  card.strokes = [solid(0, 0, 0)];
  card.strokeWeight = 6;
  card.strokeAlign = 'OUTSIDE';
  card.effects = [{ type: 'DROP_SHADOW', visible: true, color: { r: 0, g: 0, b: 0, a: 1 }, offset: { x: 5, y: 5 }, radius: 2, spread: 0 }];
  const label = f.createRectangle();
  card.appendChild(label);
  label.x = 20;
  label.y = 20;
  label.resize(120, 40);
  label.fills = [solid(0, 1, 0)];
  f.select(outer);
  const before = f.nodeCount();
  const { images, scene } = await readSelectionAsync(f.api, { images: true });
  assert.equal(images.length, 1);
  assert.equal(images[0]!.nodeId, card.id);
  assert.ok(
    scene!.groups.some((g) => g.source.ref === label.id),
    'the child is read as a vector',
  );
  assertImageDrawnInPlace(images[0]!, outer.absoluteTransform, card.absoluteTransform, card, (u) => (Math.abs(u - 80) < 3 ? null : u < 80 ? RED : BLUE));
  assert.equal(f.nodeCount(), before, 'the clone used for the export is gone');
});

test('item 3: in a rotated frame, an image lands on its node (the PNG is in the node axes and placed by an affine map)', async () => {
  const f = new FakeFigma();
  const frame = f.createFrame();
  frame.resize(160, 120);
  const a = (30 * Math.PI) / 180;
  frame.relativeTransform = [
    [Math.cos(a), -Math.sin(a), 400],
    [Math.sin(a), Math.cos(a), 100],
  ];
  const photo = imageRect(f, frame, 30, 40);
  photo.relativeTransform = [
    [Math.cos(-a / 2), -Math.sin(-a / 2), 30],
    [Math.sin(-a / 2), Math.cos(-a / 2), 40],
  ];
  f.select(frame);
  const { images } = await readSelectionAsync(f.api, { images: true });
  assert.equal(images.length, 1);
  assertImageDrawnInPlace(images[0]!, frame.absoluteTransform, photo.absoluteTransform, photo, (u) => halves(u));
});

test('item 4: a vector is read from fillGeometry, so its rounded corners (absent from vectorPaths) are kept', async () => {
  const f = new FakeFigma();
  const frame = f.createFrame();
  frame.fills = [];
  const v = f.createVector();
  frame.appendChild(v);
  v.vectorPaths = [{ windingRule: 'NONZERO', data: 'M 10 10 L 70 10 L 70 70 L 10 70 Z' }];
  v.cornerRadius = 12;
  v.fills = [solid(0.2, 0.3, 0.4)];
  f.select(frame);
  const { scene } = await readSelectionAsync(f.api);
  const g = scene!.groups[0]!;
  const pts = allPoints(g);
  const corners: [number, number][] = [
    [10, 10],
    [70, 10],
    [70, 70],
    [10, 70],
  ];
  for (const [cx, cy] of corners) {
    assert.ok(!pts.some(([x, y]) => Math.hypot(x - cx, y - cy) < 1e-6), `no sharp corner at (${cx}, ${cy})`);
  }
  // The area of a rounded square: s^2 - (4 - pi) r^2 (within the one-cubic arc's 0.03 % radius error).
  const expected = 60 * 60 - (4 - Math.PI) * 12 * 12;
  assert.ok(Math.abs(Math.abs(area(g.paths[0]!.points)) - expected) < 0.5, `area ${Math.abs(area(g.paths[0]!.points))} vs ${expected}`);
});

test('item 5: an auto-layout frame with itemReverseZIndex draws its first child on top, and is read so', async () => {
  const f = new FakeFigma();
  const frame = f.createFrame();
  frame.fills = [];
  frame.layoutMode = 'HORIZONTAL';
  frame.itemReverseZIndex = true;
  const first = f.createRectangle();
  const second = f.createRectangle();
  frame.appendChild(first);
  frame.appendChild(second);
  first.fills = [solid(1, 0, 0)];
  second.fills = [solid(0, 0, 1)];
  second.x = 30; // negative item spacing: they overlap
  f.select(frame);
  const { scene } = await readSelectionAsync(f.api);
  assert.deepEqual(
    scene!.groups.map((g) => g.source.ref),
    [second.id, first.id],
    'bottom first: the second child under the first',
  );
  frame.layoutMode = 'NONE'; // itemReverseZIndex applies to auto-layout frames only
  const plain = await readSelectionAsync(f.api);
  assert.deepEqual(
    plain.scene!.groups.map((g) => g.source.ref),
    [first.id, second.id],
  );
});

function strokedRect(f: FakeFigma, frame: FakeFrame, align: 'INSIDE' | 'OUTSIDE' | 'CENTER', x: number) {
  const r = f.createRectangle();
  frame.appendChild(r);
  r.x = x;
  r.y = 20;
  r.resize(60, 40);
  r.fills = [];
  r.strokes = [solid(0, 0, 0)];
  r.strokeWeight = 4;
  r.strokeAlign = align;
  return r;
}

test('item 6: inside and outside strokes are read as drawn (outlined), not centred, and the outline node is removed', async () => {
  const f = new FakeFigma();
  const frame = f.createFrame();
  frame.resize(300, 100);
  frame.fills = [];
  const inside = strokedRect(f, frame, 'INSIDE', 10);
  const outside = strokedRect(f, frame, 'OUTSIDE', 110);
  const before = f.nodeCount();
  f.select(frame);
  const { scene } = await readSelectionAsync(f.api);
  assert.equal(f.nodeCount(), before, 'outlineStroke results are removed');
  const byRef = (id: string) => scene!.groups.find((g) => g.source.ref === id)!;
  const extent = (g: ShapeGroup) => {
    const p = allPoints(g);
    return [Math.min(...p.map((q) => q[0])), Math.min(...p.map((q) => q[1])), Math.max(...p.map((q) => q[0])), Math.max(...p.map((q) => q[1]))];
  };
  const near = (a: number[], b: number[]) => a.every((v, i) => Math.abs(v - b[i]!) < 1e-6);
  assert.ok(near(extent(byRef(inside.id)), [10, 20, 70, 60]), `inside stroke stays in the box: ${extent(byRef(inside.id))}`);
  assert.ok(near(extent(byRef(outside.id)), [106, 16, 174, 64]), `outside stroke lies out of the box: ${extent(byRef(outside.id))}`);
  // Ring areas: inside 60x40 - 52x32, outside 68x48 - 60x40.
  const ringArea = (g: ShapeGroup) => Math.abs(g.paths.reduce((s, p) => s + area(p.points), 0));
  assert.ok(Math.abs(ringArea(byRef(inside.id)) - (2400 - 1664)) < 1e-6);
  assert.ok(Math.abs(ringArea(byRef(outside.id)) - (3264 - 2400)) < 1e-6);
  assert.ok(!scene!.warnings.some((w) => /stroke/.test(w.message)), JSON.stringify(scene!.warnings));
});

test('item 6: an outline that fails to read is still removed (try/finally), and the stroke is read centred with a warning naming the layer', async () => {
  const f = new FakeFigma();
  const frame = f.createFrame();
  frame.fills = [];
  const r = strokedRect(f, frame, 'INSIDE', 10);
  r.name = 'Badge';
  const real = r.outlineStroke.bind(r);
  let made = null as { removed: boolean } | null;
  r.outlineStroke = () => {
    const v = real()!;
    made = v;
    Object.defineProperty(v, 'fillGeometry', {
      get: () => {
        throw new Error('geometry unavailable');
      },
    });
    return v;
  };
  const before = f.nodeCount();
  f.select(frame);
  const { scene } = await readSelectionAsync(f.api);
  assert.ok(made, 'the reader asked Figma to outline the inside stroke');
  assert.equal(made!.removed, true);
  assert.equal(f.nodeCount(), before);
  assert.ok(
    scene!.warnings.some((w) => w.where.includes('Badge') && /could not be outlined/.test(w.message)),
    JSON.stringify(scene!.warnings),
  );
  assert.ok(
    scene!.groups.some((g) => g.source.ref === r.id),
    'the stroke is still read',
  );
});

test('item 7: a dashed stroke is read as its dashes', async () => {
  const f = new FakeFigma();
  const frame = f.createFrame();
  frame.fills = [];
  const r = strokedRect(f, frame, 'CENTER', 10);
  r.strokeWeight = 2;
  r.dashPattern = [10, 10];
  f.select(frame);
  const { scene } = await readSelectionAsync(f.api);
  const g = scene!.groups.find((x) => x.source.ref === r.id)!;
  // Perimeter 200 = ten 10-px dashes and ten gaps; each dash 10 x 2.
  assert.equal(g.paths.length, 10);
  const total = g.paths.reduce((s, p) => s + Math.abs(area(p.points)), 0);
  assert.ok(Math.abs(total - 200) < 1e-6, `dash area ${total}`);
});

test('item 8: a clipping frame cuts its children exactly, using its rotated box', async () => {
  const f = new FakeFigma();
  const frame = f.createFrame();
  frame.resize(200, 200);
  frame.fills = [];
  const clip = f.createFrame();
  frame.appendChild(clip);
  clip.name = 'Window';
  clip.fills = [];
  clip.resize(60, 60);
  const a = (35 * Math.PI) / 180;
  clip.relativeTransform = [
    [Math.cos(a), -Math.sin(a), 100],
    [Math.sin(a), Math.cos(a), 40],
  ];
  const bar = f.createEllipse();
  clip.appendChild(bar);
  bar.x = -30;
  bar.y = 20;
  bar.resize(140, 20);
  bar.fills = [solid(1, 0, 0)];
  f.select(frame);
  const { scene } = await readSelectionAsync(f.api);
  const g = scene!.groups.find((x) => x.source.ref === bar.id)!;
  // Every point, mapped into the clip frame's own axes, lies in its 60 x 60 box.
  const toClip = invert(clip.absoluteTransform);
  const toPage = frame.absoluteTransform;
  let maxU = -Infinity;
  let minU = Infinity;
  for (const [x, y] of allPoints(g)) {
    const px = toPage[0][0] * x + toPage[0][1] * y + toPage[0][2];
    const py = toPage[1][0] * x + toPage[1][1] * y + toPage[1][2];
    const u = toClip[0][0] * px + toClip[0][1] * py + toClip[0][2];
    const v = toClip[1][0] * px + toClip[1][1] * py + toClip[1][2];
    assert.ok(u > -1e-6 && u < 60 + 1e-6 && v > -1e-6 && v < 60 + 1e-6, `point (${u}, ${v}) outside the clip box`);
    maxU = Math.max(maxU, u);
    minU = Math.min(minU, u);
  }
  assert.ok(Math.abs(minU) < 1e-6 && Math.abs(maxU - 60) < 1e-6, 'the ellipse is cut at both sides of the box');
  // Cut area: the ellipse's band between u = 0 and u = 60, computed by integration.
  const rx = 70;
  const ry = 10;
  let expected = 0;
  const N = 20000;
  for (let i = 0; i < N; i++) {
    const u = ((i + 0.5) / N) * 60;
    const t = (u - (-30 + rx)) / rx;
    expected += (2 * ry * Math.sqrt(Math.max(0, 1 - t * t)) * 60) / N;
  }
  const got = Math.abs(g.paths.reduce((s, p) => s + area(p.points), 0));
  assert.ok(Math.abs(got - expected) / expected < 2e-3, `clipped area ${got} vs ${expected}`);
  assert.ok(anchors(g).length > 4);
  void IDENTITY;
});

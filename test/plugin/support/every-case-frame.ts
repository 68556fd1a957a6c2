import type { FakeFigma } from '../../fake-figma/fake-figma.ts';
import { nodeSvgDocument, type Drawable } from '../../fake-figma/fake-render.ts';
import type { FakeSceneNode } from '../../fake-figma/fake-nodes.ts';
import { renderSvgWithResvg } from '../../support/resvg-render.ts';
import { twoColourPng } from './image-checks.ts';

// Issue 13's closing check: one frame holding every case the reader must get right (a shadowed
// image, a rotated frame, inside / outside / dashed strokes, a reversed auto-layout, a rounded
// vector, a rotated clipping frame), and its render as the fake draws it (an SVG of the node tree
// from the fake's own geometry, fake-render.ts, independent of the reader, rendered by resvg).
// Used at the fake-Figma level (test/plugin) and through the browser harness (test/harness).

const solid = (r: number, g: number, b: number) => ({ type: 'SOLID', color: { r, g, b }, opacity: 1 });

export function everyCaseFrame(f: FakeFigma) {
  const root = f.createFrame();
  root.name = 'Every case';
  root.resize(320, 240);
  root.fills = [solid(1, 1, 1)];

  // A shadowed image, at the bottom (vectorised images go under the vector layers).
  const image = f.createImage(twoColourPng(60, 40, [230, 120, 30], [40, 90, 200]));
  const photo = f.createRectangle();
  root.appendChild(photo);
  photo.name = 'Photo';
  photo.x = 10;
  photo.y = 10;
  photo.resize(90, 60);
  photo.fills = [{ type: 'IMAGE', imageHash: image.hash, scaleMode: 'FILL' }];
  photo.effects = [{ type: 'DROP_SHADOW', visible: true, color: { r: 0, g: 0, b: 0, a: 0.35 }, offset: { x: 3, y: 3 }, radius: 2, spread: 0 }];

  // Inside, outside and dashed strokes.
  const strokes: ['INSIDE' | 'OUTSIDE' | 'CENTER', number[]][] = [
    ['INSIDE', []],
    ['OUTSIDE', []],
    ['CENTER', [8, 6]],
  ];
  strokes.forEach(([align, dash], i) => {
    const r = f.createRectangle();
    root.appendChild(r);
    r.name = `Stroke ${align}${dash.length ? ' dashed' : ''}`;
    r.x = 120 + i * 65;
    r.y = 15;
    r.resize(50, 40);
    r.fills = [solid(0.95, 0.85, 0.3)];
    r.strokes = [solid(0.1, 0.1, 0.4)];
    r.strokeWeight = 5;
    r.strokeAlign = align;
    r.dashPattern = dash;
  });

  // A rotated frame holding a shape.
  const turned = f.createFrame();
  root.appendChild(turned);
  turned.name = 'Turned';
  turned.resize(70, 50);
  turned.fills = [solid(0.8, 0.9, 1)];
  const a = (20 * Math.PI) / 180;
  turned.relativeTransform = [
    [Math.cos(a), -Math.sin(a), 30],
    [Math.sin(a), Math.cos(a), 95],
  ];
  const dot = f.createEllipse();
  turned.appendChild(dot);
  dot.x = 10;
  dot.y = 10;
  dot.resize(30, 30);
  dot.fills = [solid(0.9, 0.2, 0.3)];

  // A reversed auto-layout: the first child on top.
  const row = f.createFrame();
  root.appendChild(row);
  row.name = 'Row';
  row.x = 130;
  row.y = 90;
  row.resize(90, 50);
  row.fills = [];
  row.layoutMode = 'HORIZONTAL';
  row.itemReverseZIndex = true;
  [solid(0.2, 0.6, 0.3), solid(0.3, 0.3, 0.9), solid(0.9, 0.5, 0.1)].forEach((p, i) => {
    const c = f.createEllipse();
    row.appendChild(c);
    c.x = i * 25;
    c.y = 5;
    c.resize(40, 40);
    c.fills = [p];
  });

  // A rounded vector.
  const v = f.createVector();
  root.appendChild(v);
  v.name = 'Rounded';
  v.vectorPaths = [{ windingRule: 'NONZERO', data: 'M 240 90 L 300 90 L 300 150 L 270 130 L 240 150 Z' }];
  v.cornerRadius = 8;
  v.fills = [solid(0.5, 0.2, 0.6)];

  // A rotated clipping frame with content spilling out of it.
  const window = f.createFrame();
  root.appendChild(window);
  window.name = 'Window';
  window.resize(60, 60);
  window.fills = [solid(0.95, 0.95, 0.9)];
  const b = (-15 * Math.PI) / 180;
  window.relativeTransform = [
    [Math.cos(b), -Math.sin(b), 150],
    [Math.sin(b), Math.cos(b), 170],
  ];
  const bar = f.createEllipse();
  window.appendChild(bar);
  bar.x = -40;
  bar.y = 20;
  bar.resize(140, 24);
  bar.fills = [solid(0.1, 0.5, 0.5)];
  return root;
}

/** The node as the fake draws it: its SVG, and resvg's render at 2×. */
export function renderNode(node: FakeSceneNode, f: FakeFigma) {
  const svg = nodeSvgDocument(node as unknown as Drawable, f, node.absoluteBoundingBox, 1, 'white');
  return { svg, image: renderSvgWithResvg(svg, 2 * node.width) };
}

import assert from 'node:assert/strict';
import { decode, encode } from 'fast-png';
import type { ImageSource } from '../../../src/protocol/protocol.ts';
import { placeVectorisedImage } from '../../../src/ui/run-scene.ts';
import type { Matrix } from '../../fake-figma/fake-nodes.ts';

// Checks that an exported image both shows what the image paint draws and lands where the node
// sits: PNG pixels are mapped into the scene the way the UI maps vectorised images
// (placeVectorisedImage), then back into the node's own coordinates with the fake's transforms,
// and their colour is compared with what the image paint shows there.

export type Rgb = [number, number, number];

/** A w x h PNG: left half `left`, right half `right`, opaque. */
export function twoColourPng(w: number, h: number, left: Rgb, right: Rgb): Uint8Array {
  const data = new Uint8Array(w * h * 4);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const c = x < w / 2 ? left : right;
      data.set([...c, 255], (y * w + x) * 4);
    }
  }
  return encode({ width: w, height: h, data, channels: 4, depth: 8 });
}

function invert(m: Matrix): Matrix {
  const [[a, c, e], [b, d, f]] = m;
  const det = a * d - b * c;
  return [
    [d / det, -c / det, (c * f - d * e) / det],
    [-b / det, a / det, (b * e - a * f) / det],
  ];
}

const apply = (m: Matrix, x: number, y: number): [number, number] => [m[0][0] * x + m[0][1] * y + m[0][2], m[1][0] * x + m[1][1] * y + m[1][2]];

/** Where the UI puts a point of the PNG (pixel coordinates) in the scene. */
export function pngPointToScene(img: ImageSource, px: number, py: number): [number, number] {
  const { width, height } = decode(img.png);
  const [g] = placeVectorisedImage({
    source: img,
    scene: {
      width,
      height,
      groups: [
        { fill: { r: 0, g: 0, b: 0, a: 1 }, fillRule: 'nonzero', paths: [{ points: [px, py, px, py, px, py] }], source: { kind: 'vectorize', ref: 'probe' } },
      ],
      rois: [],
      warnings: [],
    },
  });
  return [g!.paths[0]!.points[0]!, g!.paths[0]!.points[1]!];
}

/**
 * Every 4th PNG pixel, mapped to the node's own coordinates (via scene: canvasToPage, then the
 * node's absoluteTransform inverted), must show colourAt(u, v) there, within `tol` per channel;
 * pixels within `margin` node pixels of a colour edge or the node's edge are skipped.
 */
export function assertImageDrawnInPlace(
  img: ImageSource,
  canvasToPage: Matrix,
  nodeAbsolute: Matrix,
  size: { width: number; height: number },
  colourAt: (u: number, v: number) => Rgb | null,
  tol = 40,
  margin = 2,
): void {
  const png = decode(img.png);
  const toNode = invert(nodeAbsolute);
  let checked = 0;
  const bad: string[] = [];
  for (let py = 0; py < png.height; py += 4) {
    for (let px = 0; px < png.width; px += 4) {
      const [sx, sy] = pngPointToScene(img, px + 0.5, py + 0.5);
      const [x, y] = apply(canvasToPage, sx, sy);
      const [u, v] = apply(toNode, x, y);
      if (u < -margin || v < -margin || u > size.width + margin || v > size.height + margin) {
        bad.push(`png (${px}, ${py}) lands outside the node at (${u.toFixed(1)}, ${v.toFixed(1)})`);
        continue;
      }
      if (u < margin || v < margin || u > size.width - margin || v > size.height - margin) continue;
      const want = colourAt(u, v);
      if (!want) continue;
      const i = (py * png.width + px) * png.channels;
      const got = [png.data[i]!, png.data[i + 1]!, png.data[i + 2]!];
      checked++;
      if (want.some((c, k) => Math.abs(c - got[k]!) > tol))
        bad.push(`png (${px}, ${py}) -> node (${u.toFixed(1)}, ${v.toFixed(1)}): ${got} where the image shows ${want}`);
    }
  }
  assert.ok(checked > 20, `only ${checked} pixels checked`);
  assert.deepEqual(bad.slice(0, 5), [], `${bad.length} misplaced or wrong pixels`);
}

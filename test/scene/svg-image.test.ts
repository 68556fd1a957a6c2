import { test } from 'node:test';
import assert from 'node:assert/strict';
import { encode } from 'fast-png';
import type { Scene } from '../../src/scene/scene.ts';
import { exportSvg } from '../../src/scene/svg-export.ts';
import { importSvg } from '../../src/scene/svg-import.ts';
import { renderPsnr } from './render-compare.ts';

// <image> with an embedded picture (issue 18, resvg's structure/image tests): an SVG picture
// is read as vector content, placed by x, y, width, height and preserveAspectRatio and
// clipped to the image's box; a PNG or JPEG is traced into shapes; what cannot be read is
// named in a warning.

const svg = (body: string, attrs = 'width="100" height="100"') =>
  `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" ${attrs}>${body}</svg>`;

const warningsOf = (scene: Scene) => scene.warnings.map((w) => `${w.where}: ${w.message}`).join('\n');

const INNER = svg('<rect width="40" height="20" fill="#0a0"/><circle cx="12" cy="10" r="8" fill="blue" stroke="red" stroke-width="2"/>', 'viewBox="0 0 40 20"');

function base64(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('base64');
}

test('an embedded SVG picture is drawn as vector shapes, placed and clipped as resvg does', () => {
  for (const par of ['xMidYMid', 'xMinYMin slice', 'xMaxYMax meet', 'none']) {
    const b64 = base64(new TextEncoder().encode(INNER)).replace(/(.{60})/g, '$1\n');
    const source = svg(
      `<g transform="rotate(10 50 50)"><image x="10" y="20" width="60" height="60" preserveAspectRatio="${par}" xlink:href="data:image/svg+xml;base64,\n${b64}"/></g>`,
    );
    const scene = importSvg(source);
    assert.ok(scene.groups.length >= 3, warningsOf(scene));
    const db = renderPsnr(source, exportSvg(scene), 100);
    assert.ok(db >= 40, `${par}: ${db.toFixed(1)} dB\n${warningsOf(scene)}`);
  }
});

test("a percent-encoded SVG picture with no size takes the picture's own size", () => {
  const source = svg(`<image x="5" y="5" href="data:image/svg+xml,${encodeURIComponent(INNER)}"/>`);
  const scene = importSvg(source);
  const db = renderPsnr(source, exportSvg(scene), 100);
  assert.ok(db >= 40, `${db.toFixed(1)} dB\n${warningsOf(scene)}`);
  const xs = scene.groups.flatMap((g) => g.paths.flatMap((p) => p.points.filter((_, i) => i % 2 === 0)));
  assert.ok(Math.abs(Math.max(...xs) - 45) < 1e-9, `right edge ${Math.max(...xs)}`);
});

/** A 16x16 PNG: left half red, right half blue, a green square in the middle. */
function testPng(): Uint8Array {
  const w = 16;
  const data = new Uint8Array(w * w * 3);
  for (let y = 0; y < w; y++) {
    for (let x = 0; x < w; x++) {
      const inner = x >= 5 && x < 11 && y >= 5 && y < 11;
      data.set(inner ? [0, 160, 0] : x < 8 ? [220, 30, 30] : [30, 30, 220], (y * w + x) * 3);
    }
  }
  return encode({ width: w, height: w, data, channels: 3, depth: 8 });
}

test('an embedded PNG is traced into shapes that render like the picture, with a warning saying so', () => {
  for (const rendering of ['auto', 'optimizeSpeed']) {
    const source = svg(`<image x="10" y="10" width="80" height="80" image-rendering="${rendering}" href="data:image/png;base64,${base64(testPng())}"/>`);
    const scene = importSvg(source);
    assert.match(
      warningsOf(scene),
      /svg\/image\[1\]: PNG image \(16x16 px\) vectorised into \d+ shapes \(traced at 320x320, enlarged (smoothly|in pixel squares)\)/,
    );
    const db = renderPsnr(source, exportSvg(scene), 100, 1);
    assert.ok(db >= 30, `${rendering}: ${db.toFixed(1)} dB`);
  }
});

test('a picture is traced at four times its drawn size, within 32 to 512 pixels', () => {
  const png = base64(testPng());
  for (const [size, traced] of [
    [2, 32],
    [1000, 512],
  ] as const) {
    const scene = importSvg(svg(`<image width="${size}" height="${size}" href="data:image/png;base64,${png}"/>`, 'width="1000" height="1000"'));
    assert.match(warningsOf(scene), new RegExp(`traced at ${traced}x${traced}`));
  }
});

test('pictures that cannot be read are named in a warning and draw nothing', () => {
  const gif = base64(new Uint8Array([0x47, 0x49, 0x46, 0x38, 0x39, 0x61, 1, 0, 1, 0]));
  const gz = base64(new Uint8Array([0x1f, 0x8b, 8, 0, 0, 0, 0, 0]));
  const scene = importSvg(
    svg(
      '<image href="pic.png" width="10" height="10"/>' +
        `<image href="data:image/gif;base64,${gif}" width="10" height="10"/>` +
        `<image href="data:image/svg+xml;base64,${gz}" width="10" height="10"/>` +
        '<image href="data:image/png;base64,%%%" width="10" height="10"/>' +
        `<image href="data:image/png;base64,${base64(testPng().slice(0, 40))}" width="10" height="10"/>` +
        '<image width="10" height="10"/>' +
        `<image href="data:image/png;base64,${base64(testPng())}" width="0" height="10"/>`,
    ),
  );
  assert.equal(scene.groups.length, 0);
  const w = warningsOf(scene);
  assert.match(w, /image\[1\]: line 1: <image> refers to the external file 'pic\.png', which is not read/);
  assert.match(w, /image\[2\]: .*holds a GIF picture; only PNG, JPEG and SVG pictures are read; not drawn/);
  assert.match(w, /image\[3\]: .*gzip-compressed SVG \(svgz\)/);
  assert.match(w, /image\[4\]: .*data: URI that is not readable/);
  assert.match(w, /image\[5\]: .*picture cannot be decoded: PNG file is truncated/);
  assert.match(w, /image\[6\]: .*has no href/);
  assert.match(w, /image\[7\]: .*has an empty size \(0x10\)/);
});

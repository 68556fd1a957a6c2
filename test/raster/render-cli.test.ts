import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { decode } from 'fast-png';
import { psnr } from '../support/image-metrics.ts';
import { renderSvgWithResvg } from '../support/resvg-render.ts';

const bin = fileURLToPath(new URL('../../bin/clipvg.mjs', import.meta.url));
const athlete = fileURLToPath(new URL('../../examples/athlete.svg', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'clipvg-render-'));

function clipvg(...args: string[]) {
  return spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', timeout: 180_000 });
}

function readPng(path: string) {
  const png = decode(readFileSync(path));
  assert.equal(png.channels, 4);
  return { width: png.width, height: png.height, data: new Uint8ClampedArray(png.data) };
}

test('clipvg render --backend webgpu matches resvg on athlete.svg (PSNR >= 35 dB)', (t) => {
  const out = join(dir, 'athlete.png');
  const r = clipvg('render', athlete, '-o', out);
  assert.equal(r.status, 0, r.stderr);
  const db = psnr(readPng(out), renderSvgWithResvg(readFileSync(athlete, 'utf8'), 512));
  t.diagnostic(`webgpu render vs resvg: ${db.toFixed(2)} dB`);
  assert.ok(db >= 35, `PSNR ${db}`);
});

test('clipvg render --backend cpu --scale 2 --background none writes a transparent PNG like resvg', () => {
  const svg =
    '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="30"><path d="M4 4 L36 6 L30 26 Z" fill="#c03"/><circle cx="12" cy="18" r="7" fill="#08f" fill-opacity="0.5"/></svg>';
  const input = join(dir, 'small.svg');
  writeFileSync(input, svg);
  const out = join(dir, 'small.png');
  const r = clipvg('render', input, '-o', out, '--backend', 'cpu', '--scale', '2', '--background', 'none');
  assert.equal(r.status, 0, r.stderr);
  const img = readPng(out);
  assert.deepEqual([img.width, img.height], [80, 60]);
  assert.equal(img.data[3], 0, 'corner should be transparent');
  assert.ok(psnr(img, renderSvgWithResvg(svg, 80, undefined)) >= 35);
});

test('clipvg render rejects bad input with one line and exit 2', () => {
  for (const args of [
    ['render', join(dir, 'missing.svg'), '-o', join(dir, 'x.png')],
    ['render', athlete],
    ['render', athlete, '-o', join(dir, 'x.png'), '--scale', '-1'],
    ['render', athlete, '-o', join(dir, 'x.png'), '--scale', '10'],
    ['render', athlete, '-o', join(dir, 'x.png'), '--background', 'red'],
    ['render', athlete, '-o', join(dir, 'x.png'), '--backend', 'cuda'],
  ]) {
    const r = clipvg(...args);
    assert.equal(r.status, 2, `${args.join(' ')}: exit ${r.status}, stderr ${r.stderr}`);
    assert.equal(r.stderr.trim().split('\n').length, 1, `${args.join(' ')}: ${r.stderr}`);
  }
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { encode as encodePng } from 'fast-png';
import { decodeImageToWorkingSize } from '../../src/image/decode-image.ts';
import { svgFidelity } from './support/vector-fidelity.ts';

// The real CLI, as a user runs it: each photo becomes an SVG of the photo's exact size whose
// resvg render matches the photo, and bad files are refused with exit 2 and one line on stderr.

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const PHOTOS = join(ROOT, 'test', 'data', 'photos');
const CLI = join(ROOT, 'bin', 'clipvg.mjs');

function runCliAsync(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, 'vectorize', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

test('clipvg vectorize turns each photo into SVG that renders at >= 24 dB PSNR (rounds 100,2000)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'clipvg-vectorize-'));
  try {
    const photos = readdirSync(PHOTOS)
      .filter((f) => /\.(png|jpe?g)$/i.test(f))
      .sort();
    assert.ok(photos.length >= 3);
    for (const name of photos) {
      const out = join(dir, `${name}.svg`);
      const r = await runCliAsync([join(PHOTOS, name), '-o', out, '--rounds', '100,2000']);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /vectorised .* rounds 100,2000, \d+ shapes/);
      const svg = readFileSync(out, 'utf8');
      assert.match(svg, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
      assert.ok(svg.includes('data-source="vectorize:round-1"') && svg.includes('data-source="vectorize:round-2"'));
      const reference = decodeImageToWorkingSize(readFileSync(join(PHOTOS, name)), { maxSide: Number.MAX_SAFE_INTEGER }).image;
      assert.match(
        svg,
        new RegExp(`^<svg [^>]* width="${reference.width}" height="${reference.height}" viewBox="0 0 ${reference.width} ${reference.height}"`),
        `${name}: SVG at the photo's size`,
      );
      const f = svgFidelity(svg, reference);
      assert.ok(f.psnr >= 24, `${name}: PSNR ${f.psnr.toFixed(2)} dB`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('bad images and options are refused by the CLI: exit 2, one specific line on stderr', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'clipvg-vectorize-bad-'));
  try {
    const png = encodePng({ width: 4, height: 4, data: new Uint8Array(64).fill(90), channels: 4, depth: 8 });
    const huge = png.slice();
    new DataView(huge.buffer).setUint32(16, 70000);
    new DataView(huge.buffer).setUint32(20, 70000);
    const corrupt = png.slice();
    corrupt[Buffer.from(corrupt).indexOf('IDAT') + 6]! ^= 0xff;
    const files: Record<string, Uint8Array> = {
      'truncated.png': png.subarray(0, png.length - 16),
      'huge.png': huge,
      'corrupt.png': corrupt,
      'anim.gif': new TextEncoder().encode('GIF89a\x01\x00\x01\x00'),
      'empty.png': new Uint8Array(0),
    };
    for (const [name, bytes] of Object.entries(files)) writeFileSync(join(dir, name), bytes);
    const cases: [string[], RegExp][] = [
      [[join(dir, 'truncated.png')], /truncated\.png: PNG file is truncated/],
      [[join(dir, 'huge.png')], /huge\.png: PNG image is too large: 70000x70000 is 4900\.0 megapixels/],
      [[join(dir, 'corrupt.png')], /corrupt\.png: PNG file is corrupt/],
      [[join(dir, 'anim.gif')], /anim\.gif: GIF images are not supported/],
      [[join(dir, 'empty.png')], /empty\.png: the image file is empty/],
      [[join(dir, 'missing.png')], /cannot read .*missing\.png: no such file/],
      [[join(dir, 'truncated.png'), '--rounds', '10,abc'], /--rounds wants comma-separated shape counts/],
      [[join(dir, 'truncated.png'), '--max-size', '9000'], /max size must be an integer from 16 to 2048/],
    ];
    const results = await Promise.all(cases.map(([args]) => runCliAsync([...args, '-o', join(dir, 'out.svg')])));
    results.forEach((r, i) => {
      const [args, pattern] = cases[i]!;
      assert.equal(r.code, 2, `${args.join(' ')}: exit ${r.code}, stderr ${r.stderr}`);
      const lines = r.stderr.split('\n').filter((l) => l !== '');
      assert.equal(lines.length, 1, `${args.join(' ')}: ${r.stderr}`);
      assert.match(lines[0]!, /^clipvg vectorize: /);
      assert.match(lines[0]!, pattern);
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

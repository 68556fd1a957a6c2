import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { psnr } from '../support/image-metrics.ts';
import { renderSvgWithResvg } from '../support/resvg-render.ts';

// Through the real CLI: a child process, its exit code, stdout and stderr.

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const EXAMPLES = fileURLToPath(new URL('../../examples/', import.meta.url));
const PHOTOS = fileURLToPath(new URL('../data/photos/', import.meta.url));
const TMP = mkdtempSync(join(tmpdir(), 'clipvg-convert-'));

function clipvg(...args: string[]) {
  const r = spawnSync(process.execPath, [join(ROOT, 'bin/clipvg.mjs'), ...args], { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 << 20 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const SHAPE_TAG = /<(?:path|rect|circle|ellipse|line|polyline|polygon)\b/g;
const SUMMARY = /kept (\d+) groups \((\d+) sub-paths\) from (\d+) shape elements(?:; (\d+) hidden)?/;

for (const name of ['athlete', 'pitt', 'horseriding', 'tajmahal']) {
  test(`clipvg convert ${name}.svg keeps every path and renders like the input (PSNR >= 45 dB)`, () => {
    const input = join(EXAMPLES, `${name}.svg`);
    const output = join(TMP, `${name}.svg`);
    const r = clipvg('convert', input, '-o', output);
    assert.equal(r.code, 0, r.stderr);
    const m = SUMMARY.exec(r.stdout);
    assert.ok(m, r.stdout);
    const [groups, , elements, hidden] = [Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4] ?? 0)];
    const source = readFileSync(input, 'utf8');
    const out = readFileSync(output, 'utf8');
    assert.equal(elements, source.match(SHAPE_TAG)!.length, 'every shape element of the file was met');
    assert.equal(groups + hidden, elements, 'every drawn shape element became a group');
    assert.equal(out.match(/<path\b/g)!.length, groups, 'one <path> per group in the output');
    for (const line of r.stderr.split('\n').filter(Boolean)) assert.match(line, /^warning: /);
    const width = Number(/viewBox="0 0 (\d+)/.exec(out)![1]);
    const p = psnr(renderSvgWithResvg(source, width), renderSvgWithResvg(out, width));
    if (process.env.SHOW_PSNR) console.log(`${name}: ${r.stdout.trim()} PSNR ${p.toFixed(2)} dB`);
    assert.ok(p >= 45, `PSNR ${p.toFixed(2)} dB`);
  });
}

function assertOneLineInputError(r: ReturnType<typeof clipvg>, message: RegExp): void {
  assert.equal(r.code, 2, `exit code; stderr: ${r.stderr}`);
  const lines = r.stderr.split('\n').filter(Boolean);
  assert.equal(lines.length, 1, r.stderr);
  assert.match(lines[0]!, /^clipvg convert: /);
  assert.match(lines[0]!, message);
  assert.doesNotMatch(r.stderr, /\n\s+at |Error:/);
}

test('bad input: one specific line on stderr, exit 2, no stack trace', () => {
  const write = (n: string, text: string) => {
    const p = join(TMP, n);
    writeFileSync(p, text);
    return p;
  };
  const cases: [string, RegExp][] = [
    [
      write('malformed.svg', '<svg xmlns="http://www.w3.org/2000/svg"><g><path d="M0 0h1v1z"></svg>'),
      /malformed\.svg: malformed XML at line 1, column \d+: unexpected close tag/,
    ],
    [write('empty.svg', ''), /empty\.svg is empty \(0 bytes\), not an SVG file/],
    [join(PHOTOS, 'astronaut.png'), /astronaut\.png is a PNG image, not an SVG file/],
    // A bad element is only a warning now (resvg's recovery); an empty canvas is still unreadable.
    [
      write('zero.svg', '<svg xmlns="http://www.w3.org/2000/svg" width="0" height="10"><path d="M0 0 L 5 5"/></svg>'),
      /zero\.svg: the canvas size 0x10 is empty/,
    ],
    [write('html.svg', '<!doctype html><html></html>'), /(malformed XML|not <svg>)/],
    [join(TMP, 'does-not-exist.svg'), /cannot read .*does-not-exist\.svg: no such file/],
  ];
  for (const [file, message] of cases) assertOneLineInputError(clipvg('convert', file, '-o', join(TMP, 'out.svg')), message);
  assertOneLineInputError(clipvg('convert', join(EXAMPLES, 'athlete.svg')), /missing -o OUT\.svg/);
});

test('approximations are warnings on stderr naming the element; the conversion still succeeds', () => {
  const input = join(TMP, 'warn.svg');
  writeFileSync(
    input,
    '<svg xmlns="http://www.w3.org/2000/svg" width="50" height="50"><defs><linearGradient id="g"><stop offset="0" stop-color="#000"/><stop offset="1" stop-color="#fff"/></linearGradient></defs>' +
      '<rect id="sky" width="50" height="20" fill="url(#g)" mask="url(#m)"/><text x="5" y="40">hi</text><path d="M5 45 L45 45" stroke="red" stroke-width="2"/></svg>',
  );
  const r = clipvg('convert', input, '-o', join(TMP, 'warn-out.svg'));
  assert.equal(r.code, 0, r.stderr);
  // The stroked path is also filled (black, the initial fill) though flat: kept, as it is in the source.
  assert.match(r.stdout, /kept 3 groups \(\d+ sub-paths\) from 2 shape elements; 1 of the groups are stroke outlines/);
  const lines = r.stderr.trim().split('\n');
  assert.ok(
    lines.every((l) => l.startsWith('warning: ')),
    r.stderr,
  );
  assert.ok(
    lines.some((l) => /svg\/rect\[1\]#sky: mask url\(#m\) ignored; drawn unmasked/.test(l)),
    r.stderr,
  );
  // Gradients are read in full: nothing to warn about.
  assert.ok(!/gradient/i.test(r.stderr), r.stderr);
  assert.ok(
    lines.some((l) => /svg\/text\[1\]: text is not converted to outlines/.test(l)),
    r.stderr,
  );
  assert.ok(
    lines.some((l) => /svg\/path\[1\]: stroke \(width 2, miter joins, butt caps\) converted to a filled outline/.test(l)),
    r.stderr,
  );
});

test('a 50,000-path file converts', () => {
  const parts = ['<svg xmlns="http://www.w3.org/2000/svg" width="1000" height="500">'];
  for (let i = 0; i < 50000; i++) {
    const x = (i % 250) * 4;
    const y = Math.floor(i / 250) * 2.5;
    const c = ((i * 2654435761) >>> 8) & 0xffffff;
    parts.push(`<path d="M${x} ${y}l4 0 -2 2.5z" fill="#${c.toString(16).padStart(6, '0')}"/>`);
  }
  parts.push('</svg>');
  const input = join(TMP, 'big.svg');
  writeFileSync(input, parts.join('\n'));
  const r = clipvg('convert', input, '-o', join(TMP, 'big-out.svg'));
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /kept 50000 groups \(50000 sub-paths\) from 50000 shape elements/);
  assert.equal(readFileSync(join(TMP, 'big-out.svg'), 'utf8').match(/<path\b/g)!.length, 50000);
});

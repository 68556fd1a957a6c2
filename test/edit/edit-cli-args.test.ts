import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { editCommand, parsePalette, parseRoi } from '../../src/cli/commands/edit.ts';
import { InputError } from '../../src/cli/cli-errors.ts';

// `clipvg edit` refuses bad arguments before starting a browser: exit 2, one specific line.

const BIN = fileURLToPath(new URL('../../bin/clipvg.mjs', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'clipvg-edit-args-'));
const svg = join(dir, 'in.svg');
writeFileSync(svg, '<svg xmlns="http://www.w3.org/2000/svg" width="32" height="32"><circle cx="16" cy="16" r="8" fill="#0000ff"/></svg>');

function run(args: string[]) {
  const r = spawnSync(process.execPath, [BIN, 'edit', ...args], { encoding: 'utf8', timeout: 60_000 });
  return { status: r.status, stderr: r.stderr.trim() };
}

const cases: [string, string[], RegExp][] = [
  ['unknown mode', [svg, '-o', join(dir, 'o.svg'), '--prompt', 'x', '--mode', 'wild'], /--mode must be one of full, shape, color, palette, got 'wild'/],
  ['bad ROI syntax', [svg, '-o', join(dir, 'o.svg'), '--prompt', 'x', '--roi', '10,10,5=cat'], /--roi wants "x,y,w,h=TEXT", got '10,10,5=cat'/],
  ['ROI with empty prompt', [svg, '-o', join(dir, 'o.svg'), '--prompt', 'x', '--roi', '1,2,3,4='], /prompt after '=' is empty/],
  ['ROI with zero size', [svg, '-o', join(dir, 'o.svg'), '--prompt', 'x', '--roi', '1,2,0,4=cat'], /width and height must be positive/],
  ['palette mode without palette', [svg, '-o', join(dir, 'o.svg'), '--prompt', 'x', '--mode', 'palette'], /--mode palette needs --palette/],
  [
    'bad hex',
    [svg, '-o', join(dir, 'o.svg'), '--prompt', 'x', '--mode', 'palette', '--palette', '#ff0000,#12345g'],
    /--palette: "#12345g" is not a hex colour \(#rgb or #rrggbb\)/,
  ],
  ['iters 0', [svg, '-o', join(dir, 'o.svg'), '--prompt', 'x', '--iters', '0'], /--iters wants a whole number >= 1, got '0'/],
  ['iters not a number', [svg, '-o', join(dir, 'o.svg'), '--prompt', 'x', '--iters', 'ten'], /--iters wants a whole number >= 1, got 'ten'/],
  ['negative lr', [svg, '-o', join(dir, 'o.svg'), '--prompt', 'x', '--shape-lr=-1'], /--shape-lr wants a number >= 0/],
  ['missing input', [join(dir, 'nope.svg'), '-o', join(dir, 'o.svg'), '--prompt', 'x'], /cannot read .*nope\.svg: no such file/],
  ['missing prompt', [svg, '-o', join(dir, 'o.svg')], /missing --prompt/],
  ['missing output', [svg, '--prompt', 'x'], /missing -o OUT\.svg/],
  [
    'unknown model',
    [svg, '-o', join(dir, 'o.svg'), '--prompt', 'x', '--model', 'no-such-model'],
    /--model 'no-such-model' is neither a folder nor a known model id/,
  ],
  [
    'variant without a model',
    [svg, '-o', join(dir, 'o.svg'), '--prompt', 'x', '--variant', 'fp16'],
    /--variant fp16 needs --model with a downloadable model id/,
  ],
  [
    'unknown variant',
    [svg, '-o', join(dir, 'o.svg'), '--prompt', 'x', '--model', 'clip-vit-base-patch32', '--variant', 'int4'],
    /--variant: clip-vit-base-patch32 has no variant 'int4'/,
  ],
];

// Spawning the CLI costs seconds under tsx, so the process path (main: one line, exit 2) is
// checked on a few cases and the rest call the command, which must throw InputError.
const SPAWNED = new Set(['unknown mode', 'bad hex', 'missing input']);

for (const [name, args, message] of cases.filter(([n]) => !SPAWNED.has(n))) {
  test(`bad arguments: ${name} -> InputError with a specific message`, async () => {
    await assert.rejects(editCommand.runAsync(args), (err: unknown) => err instanceof InputError && message.test(err.message));
  });
}

for (const [name, args, message] of cases.filter(([n]) => SPAWNED.has(n))) {
  test(`bad arguments: ${name} -> exit 2 with a specific message`, () => {
    const r = run(args);
    assert.equal(r.status, 2, r.stderr);
    const lines = r.stderr.split('\n').filter((l) => !/using the shipped tiny model/.test(l));
    assert.equal(lines.length, 1, r.stderr);
    assert.match(lines[0]!, message);
  });
}

test('ROI and palette parsers', () => {
  assert.deepEqual(parseRoi('185,84,185,316=Astronaut'), { x: 185, y: 84, width: 185, height: 316, prompt: 'Astronaut' });
  assert.deepEqual(parseRoi(' 20 , 175,480,325 = A metal horse'), { x: 20, y: 175, width: 480, height: 325, prompt: 'A metal horse' });
  assert.deepEqual(parsePalette('#ff0000, 00f'), [
    { r: 1, g: 0, b: 0, a: 1 },
    { r: 0, g: 0, b: 1, a: 1 },
  ]);
});

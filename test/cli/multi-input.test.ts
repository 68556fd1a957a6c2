import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CommandFailure, InputError } from '../../src/cli/cli-errors.ts';
import { parseSeeds } from '../../src/cli/commands/edit-args.ts';
import { frozenGroupIndices, parseFreezeIds } from '../../src/cli/freeze-ids.ts';
import { forEachInputAsync, planOutputs, withSeedSuffix } from '../../src/cli/multi-input.ts';
import { importSvg } from '../../src/scene/svg-import.ts';

// The many-files form shared by `clipvg edit` and `clipvg convert`: output names, the
// one-line report of a failed input, the exit code; --seeds and --freeze parsing.

const dir = mkdtempSync(join(tmpdir(), 'clipvg-multi-'));
const BIN = fileURLToPath(new URL('../../bin/clipvg.mjs', import.meta.url));

test('output names: OUT-seedN before the extension, DIR/STEM.svg, DIR/STEM-seedN.svg', () => {
  assert.equal(withSeedSuffix('out/x.svg', 3), 'out/x-seed3.svg');
  assert.equal(withSeedSuffix('noext', 1), 'noext-seed1');
  assert.deepEqual(planOutputs(['a.svg'], 'o.svg', { extension: '.svg' }), [{ input: 'a.svg', outputs: [{ path: 'o.svg' }] }]);
  assert.deepEqual(planOutputs(['a.svg'], 'o.svg', { seeds: [1, 2], extension: '.svg' })[0]!.outputs, [
    { path: 'o-seed1.svg', seed: 1 },
    { path: 'o-seed2.svg', seed: 2 },
  ]);
  const d = join(dir, 'made/');
  const plan = planOutputs(['in/A.svg', 'B.png'], d, { seeds: [7], extension: '.svg' });
  assert.deepEqual(
    plan.map((p) => p.outputs.map((o) => o.path)),
    [[join(d, 'A-seed7.svg')], [join(d, 'B-seed7.svg')]],
  );
  assert.ok(existsSync(d), 'the directory is created');
  // An existing directory counts without the slash.
  assert.equal(planOutputs(['q/A.svg'], dir, { extension: '.svg' })[0]!.outputs[0]!.path, join(dir, 'A.svg'));
});

test('several inputs without a directory, or two with the same name, are refused up front', () => {
  assert.throws(() => planOutputs(['a.svg', 'b.svg'], join(dir, 'o.svg'), { extension: '.svg' }), /2 inputs need -o DIR\//);
  assert.throws(
    () => planOutputs(['x/a.svg', 'y/a.svg'], join(dir, 'same/'), { extension: '.svg' }),
    /x\/a\.svg and y\/a\.svg would both be written to .*a\.svg/,
  );
});

test('forEachInputAsync: a failure is one line, the rest go on, then exit 2 (input errors) or 1 (ours)', async () => {
  const lines: string[] = [];
  const ran: string[] = [];
  const items = ['a', 'b', 'c'].map((input) => ({ input }));
  await assert.rejects(
    forEachInputAsync(
      items,
      (l) => lines.push(l),
      async ({ input }) => {
        if (input === 'b') throw new InputError('b: bad\nfile');
        ran.push(input);
      },
    ),
    (e: unknown) => e instanceof InputError && /1 of 3 inputs failed \(b\)/.test(e.message),
  );
  assert.deepEqual(ran, ['a', 'c']);
  assert.deepEqual(lines, ['b: bad file']);
  await assert.rejects(
    forEachInputAsync(
      items,
      () => {},
      async ({ input }) => {
        if (input === 'a') throw new Error('boom');
      },
    ),
    (e: unknown) => e instanceof CommandFailure,
  );
  // One input: its own error, untouched.
  await assert.rejects(
    forEachInputAsync(
      [{ input: 'a' }],
      () => {},
      async () => {
        throw new InputError('a: precise');
      },
    ),
    /^InputError: a: precise$/,
  );
});

test('--seeds and --freeze parsing', () => {
  assert.deepEqual(parseSeeds('1, 2,3'), [1, 2, 3]);
  assert.throws(() => parseSeeds('1,x'), /--seeds wants whole numbers/);
  assert.throws(() => parseSeeds('1,1'), /repeats a seed/);
  assert.throws(() => parseSeeds('1,2,3,4,5,6,7,8,9'), /at most 8 seeds/);
  assert.deepEqual(parseFreezeIds('#a, b,a'), ['a', 'b']);
  assert.throws(() => parseFreezeIds('a,,b'), /--freeze wants SVG ids/);
});

test('--freeze ids name groups and paths; inside a <use>d symbol too; unknown ids are errors', () => {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="20" height="20">
    <rect width="20" height="20" fill="#fff"/>
    <g id="head"><circle cx="5" cy="5" r="2"/><g><rect id="eye" x="1" y="1" width="2" height="2"/></g></g>
    <circle id="nose" cx="10" cy="10" r="2" stroke="#000"/>
    <g id="empty"/>
  </svg>`;
  const scene = importSvg(svg);
  assert.equal(scene.groups.length, 5);
  assert.deepEqual(frozenGroupIndices(svg, scene, ['head'], 'x.svg'), [1, 2]);
  assert.deepEqual(frozenGroupIndices(svg, scene, ['eye'], 'x.svg'), [2]);
  // A stroked shape is two groups (fill and stroke outline): both are locked.
  assert.deepEqual(frozenGroupIndices(svg, scene, ['nose', 'eye'], 'x.svg'), [2, 3, 4]);
  assert.throws(() => frozenGroupIndices(svg, scene, ['nope'], 'x.svg'), /x\.svg: --freeze nope: no element has id="nope"/);
  assert.throws(() => frozenGroupIndices(svg, scene, ['empty'], 'x.svg'), /draws no shape/);
});

test('clipvg convert A.svg B.svg bad.svg -o DIR/: both written in one process, the bad one reported, exit 2', () => {
  const a = join(dir, 'A.svg');
  const b = join(dir, 'B.svg');
  const bad = join(dir, 'bad.svg');
  writeFileSync(a, '<svg xmlns="http://www.w3.org/2000/svg" width="8" height="8"><rect width="4" height="4" fill="#f00"/></svg>');
  writeFileSync(b, '<svg xmlns="http://www.w3.org/2000/svg" width="8" height="8"><circle cx="4" cy="4" r="3" fill="#00f"/></svg>');
  writeFileSync(bad, 'not xml at all <');
  const out = join(dir, 'converted/');
  const r = spawnSync(process.execPath, [BIN, 'convert', a, bad, b, '-o', out], { encoding: 'utf8', timeout: 60_000 });
  assert.equal(r.status, 2, r.stderr);
  const lines = r.stderr.trim().split('\n');
  assert.equal(lines.length, 2, r.stderr);
  assert.match(lines[0]!, /^clipvg convert: .*bad\.svg: /);
  assert.match(lines[1]!, /^clipvg convert: 1 of 3 inputs failed/);
  assert.match(readFileSync(join(out, 'A.svg'), 'utf8'), /fill="#ff0000"/);
  assert.match(readFileSync(join(out, 'B.svg'), 'utf8'), /fill="#0000ff"/);
  assert.match(r.stdout, /A\.svg -> .*A\.svg: kept 1 groups[\s\S]*B\.svg -> .*B\.svg: kept 1 groups/);
});

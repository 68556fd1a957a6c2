import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateWgslSourcesAsync, kernelLayoutProblemsAsync, type WgslSourceModule } from '../../scripts/generate-wgsl-sources.mjs';

// The build's binding check (scripts/check-kernel-layouts.mjs) on a fixture whose TS layout
// tables disagree with their WGSL in known ways, on one that agrees, and on the real tree.

const FIXTURE = join(import.meta.dirname, '..', 'fixtures', 'wgsl-kernel-check');

function fixtureConfig(table: string): WgslSourceModule[] {
  return [{ target: 'fixture-wgsl-sources.ts', dirs: ['shaders'], layouts: { file: 'fixture-kernels.ts', name: table } }];
}

test('the engine: every kernel binding matches its TypeScript layout', async () => {
  assert.deepEqual(await kernelLayoutProblemsAsync(), []);
});

test('a matching fixture table passes the check', async () => {
  assert.deepEqual(await kernelLayoutProblemsAsync(fixtureConfig('MATCHING_KERNELS'), FIXTURE), []);
});

test('a mismatched fixture table: one problem per disagreement, naming kernel and binding', async () => {
  const problems = await kernelLayoutProblemsAsync(fixtureConfig('MISMATCHED_KERNELS'), FIXTURE);
  const scale = 'kernel scale (fixture-kernels.ts)';
  const sample = 'kernel sample (fixture-kernels.ts)';
  assert.deepEqual(problems, [
    `${scale}: binding 1 src is 'storage, read' in shaders/fixture-scale.wgsl but 'storage, read_write' in the TS layout`,
    `${scale}: binding 2 is dst ('storage, read_write') in shaders/fixture-scale.wgsl but out ('storage, read_write') in the TS layout`,
    `${scale}: binding 3 extra ('storage, read') is in the TS layout but shaders/fixture-scale.wgsl declares no @group(0) @binding(3)`,
    `${sample}: shaders/fixture-sample.wgsl has no @fragment entry point frag (it has @vertex vs, @fragment fs)`,
    `${sample}: binding 1 smp ('sampler') is declared in shaders/fixture-sample.wgsl but missing from the TS layout`,
    'kernel ghost (fixture-kernels.ts): shader fixture-ghost is not a kernel .wgsl file (kernels: fixture-sample, fixture-scale)',
  ]);
});

test('a kernel that no TS layout describes is a problem', async () => {
  assert.deepEqual(await kernelLayoutProblemsAsync(fixtureConfig('PARTIAL_KERNELS'), FIXTURE), [
    "shaders/fixture-sample.wgsl is a kernel but no TS layout uses it (add it to its area's *-kernels.ts table)",
  ]);
});

test('the build step fails on a mismatch, with every problem in its message, after writing the sources', async () => {
  const root = mkdtempSync(join(tmpdir(), 'wgsl-kernel-check-'));
  try {
    cpSync(FIXTURE, root, { recursive: true });
    const config = fixtureConfig('MISMATCHED_KERNELS');
    await assert.rejects(generateWgslSourcesAsync(config, root), (e: Error) => {
      assert.match(e.message, /^WGSL kernel bindings do not match their TypeScript layouts:\n {2}- kernel scale/);
      assert.equal(e.message.split('\n  - ').length - 1, 6);
      return true;
    });
    const generated = readFileSync(join(root, config[0]!.target), 'utf8');
    assert.match(generated, /"fixture-scale": \{\n {4}path: "shaders\/fixture-scale\.wgsl",\n {4}imports: \["fixture-common"\]/);
    await generateWgslSourcesAsync(fixtureConfig('MATCHING_KERNELS'), root);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

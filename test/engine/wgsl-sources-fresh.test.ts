import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { generateWgslSourceModule, WGSL_SOURCE_MODULES, wgslSourceModulePath } from '../../scripts/generate-wgsl-sources.mjs';

// The generated WGSL source modules are written by the build (scripts/generate-wgsl-sources.mjs);
// this only checks that the committed ones match the .wgsl files. It never writes.

for (const m of WGSL_SOURCE_MODULES) {
  test(`${m.target} matches the .wgsl files in ${m.dirs.join(' and ')}`, () => {
    assert.ok(
      readFileSync(wgslSourceModulePath(m), 'utf8') === generateWgslSourceModule(m),
      `stale: run  npm run build  (or node scripts/generate-wgsl-sources.mjs)`,
    );
  });
}

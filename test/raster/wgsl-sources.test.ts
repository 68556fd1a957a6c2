import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { generateWgslSourcesModule, wgslSourcesPath } from '../support/raster-wgsl-sources.ts';

test('src/engine/raster/wgsl-sources.ts is generated from the current .wgsl files', () => {
  assert.ok(
    readFileSync(wgslSourcesPath(), 'utf8') === generateWgslSourcesModule(),
    'stale: run  node --import tsx test/support/raster-wgsl-sources.ts --write',
  );
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { augmentWgslSourcesPath, generateAugmentWgslSources } from './augment-wgsl-sources.ts';

test('src/engine/augment/augment-wgsl-sources.ts is up to date with the .wgsl files', () => {
  const current = readFileSync(augmentWgslSourcesPath(), 'utf8');
  assert.ok(current === generateAugmentWgslSources(), 'stale: run node --import tsx test/augment/augment-wgsl-sources.ts --write');
});

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import * as paint from '../../src/engine/raster/paint.ts';

// The renderer and the optimiser read the paints through paint-layout.wgsl; the packing and
// the twins use paint.ts. One differing constant would misread every gradient on the GPU
// while the twins stay self-consistent, so the two lists are compared here.

test('paint-layout.wgsl declares every constant with paint.ts value', () => {
  const wgsl = readFileSync(new URL('../../src/engine/raster/paint-layout.wgsl', import.meta.url), 'utf8');
  const declared = [...wgsl.matchAll(/^const (\w+): u32 = (\d+)u;/gm)];
  assert.ok(declared.length >= 10, `found ${declared.length} constants`);
  for (const [, name, value] of declared) {
    const ts = (paint as Record<string, unknown>)[name!];
    assert.equal(ts, Number(value), `${name}: WGSL ${value}, paint.ts ${String(ts)}`);
  }
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as sources from '../../src/engine/edit/edit-wgsl-sources.ts';

// The loop's WGSL lives in .wgsl files; the engine imports them as strings from a generated
// module (no bundler loader needed in the worker or the CLI page). This keeps the two equal.

const dir = fileURLToPath(new URL('../../src/engine/edit/', import.meta.url));
const NAMES = ['nonfinite-flag', 'clamp-points', 'preview-blit'];
const constName = (n: string) => `${n.replace(/-(.)/g, (_, x: string) => x.toUpperCase())}Wgsl`;

function generate(): string {
  let out = '// GENERATED from the .wgsl files beside it by test/edit/edit-wgsl-sources.test.ts (regenerate:\n// EDIT_WGSL_WRITE=1 node --import tsx --test test/edit/edit-wgsl-sources.test.ts). Do not edit.\n';
  for (const n of NAMES) out += `\nexport const ${constName(n)} = ${JSON.stringify(readFileSync(`${dir}${n}.wgsl`, 'utf8'))};\n`;
  return out;
}

test('edit-wgsl-sources.ts matches the .wgsl files', () => {
  if (process.env.EDIT_WGSL_WRITE === '1') writeFileSync(`${dir}edit-wgsl-sources.ts`, generate());
  for (const n of NAMES) assert.equal((sources as Record<string, string>)[constName(n)], readFileSync(`${dir}${n}.wgsl`, 'utf8'), `${n}.wgsl differs: regenerate`);
  assert.equal(readFileSync(`${dir}edit-wgsl-sources.ts`, 'utf8'), generate());
});

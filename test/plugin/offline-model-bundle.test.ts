import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import { offlineModelAsync } from '../../esbuild.config.mjs';
import { SHAPES_CLIP } from '../../models/model-registry.ts';

// The sandbox bundle carries the shipped tiny CLIP to the UI (ui.html cannot: Figma's data: URL
// frame caps it near 2 MB). The UI's engine loads it through the model loader, which refuses
// bytes that do not match the registry's pins: so what the build embeds must match them.

test('the model the build embeds in code.js decodes to the registry-pinned shapes-clip files', async () => {
  const shipped = await offlineModelAsync();
  assert.equal(shipped.id, SHAPES_CLIP.id);
  const variant = SHAPES_CLIP.variants[SHAPES_CLIP.defaultVariant]!;
  for (const role of ['vision', 'text', 'tokenizer'] as const) {
    const bytes = Buffer.from(shipped.files[role], 'base64');
    assert.equal(createHash('sha256').update(bytes).digest('hex'), variant[role].sha256, role);
    assert.equal(bytes.length, variant[role].bytes, role);
  }
});

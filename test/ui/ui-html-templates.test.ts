import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { buildAllAsync } from '../../esbuild.config.mjs';

// The plugin a user loads is dist/ui.html: it must carry CLIP's 79 prompt templates from
// models/clip-text (a build that cannot find them fails; this checks what it wrote).

test('dist/ui.html carries the 79 prompt templates, in order', async () => {
  if (!existsSync('dist/ui.html')) await buildAllAsync();
  const html = readFileSync('dist/ui.html', 'utf8');
  const templates = JSON.parse(readFileSync('models/clip-text/imagenet-templates.json', 'utf8')) as string[];
  assert.equal(templates.length, 79);
  assert.equal(new Set(templates).size, 79);
  // The engine frame's code is a string inside the UI's script; the minifier picks quotes that
  // leave the array literal as written, or escapes it once.
  const literal = JSON.stringify(templates);
  assert.ok(html.includes(literal) || html.includes(JSON.stringify(literal).slice(1, -1)), 'the 79 templates appear as one array literal');
});

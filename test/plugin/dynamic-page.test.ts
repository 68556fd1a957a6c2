import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { buildSandboxAsync } from '../../esbuild.config.mjs';

// With "documentAccess": "dynamic-page" these synchronous calls throw in Figma. The fake Figma
// throws on the ones our code could reach; this scan catches any that slip into the bundle
// through code paths the tests do not drive.

const FORBIDDEN = [
  /\.getNodeById\(/,
  /\.getStyleById\(/,
  /\.getLocalPaintStyles\(/,
  /\.getLocalTextStyles\(/,
  /\.getLocalEffectStyles\(/,
  /\.getLocalGridStyles\(/,
  /\.mainComponent\b/,
  /\.fillStyleId\s*=[^=]/,
  /\.strokeStyleId\s*=[^=]/,
  /\.vectorNetwork\s*=[^=]/,
  /figma\.currentPage\s*=[^=]/,
  /\.getFileThumbnailNode\(/,
];

test('the sandbox bundle uses no synchronous API that dynamic-page access forbids', async () => {
  await buildSandboxAsync();
  const code = readFileSync(join(import.meta.dirname, '..', '..', 'dist', 'code.js'), 'utf8');
  for (const re of FORBIDDEN) assert.ok(!re.test(code), `dist/code.js matches ${re}`);
  assert.ok(/getNodeByIdAsync\(/.test(code), 'sanity: the scan sees the async calls the code does make');
});

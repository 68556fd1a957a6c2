import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { parse } from 'acorn';
import { buildAllAsync } from '../../esbuild.config.mjs';
import { MODEL_ORIGINS } from '../../models/model-hosts.ts';

// The manifest Figma reads, and the two files it points at. Building here (not relying on a
// previous `npm run build`) makes the test check what this tree produces.

const root = join(import.meta.dirname, '..', '..');
const manifest = JSON.parse(readFileSync(join(root, 'manifest.json'), 'utf8')) as Record<string, unknown>;

test('the manifest declares a dynamic-page Figma plugin', () => {
  assert.equal(typeof manifest.name, 'string');
  assert.ok((manifest.name as string).length > 0);
  assert.equal(typeof manifest.id, 'string');
  assert.equal(manifest.api, '1.0.0');
  assert.deepEqual(manifest.editorType, ['figma']);
  assert.equal(manifest.documentAccess, 'dynamic-page');
  const known = new Set([
    'name',
    'id',
    'api',
    'main',
    'ui',
    'editorType',
    'documentAccess',
    'networkAccess',
    'permissions',
    'menu',
    'relaunchButtons',
    'capabilities',
    'enableProposedApi',
    'enablePrivatePluginApi',
    'build',
    'parameters',
    'parameterOnly',
    'codegenLanguages',
    'codegenPreferences',
  ]);
  for (const k of Object.keys(manifest)) assert.ok(known.has(k), `unknown manifest field ${k}`);
});

test('network access is limited to https origins, each one explained in the reasoning', () => {
  const net = manifest.networkAccess as { allowedDomains: string[]; reasoning: string };
  assert.ok(Array.isArray(net.allowedDomains) && net.allowedDomains.length > 0);
  assert.ok(!net.allowedDomains.includes('*'), 'no wildcard-all access');
  for (const d of net.allowedDomains) {
    const u = new URL(d);
    assert.equal(u.protocol, 'https:', `${d} is not https`);
    assert.equal(u.origin, d, `${d} must be a bare origin (no path, no trailing slash)`);
    // Only a leading subdomain wildcard ("https://*.hf.co": the hub's changing storage hosts).
    const host = u.hostname.replace(/^\*\./, '');
    assert.ok(!host.includes('*') && host.includes('.'), `${d}: only a "*." subdomain wildcard of a named domain`);
    assert.ok(net.reasoning.includes(host), `the reasoning does not say why ${host} is needed`);
  }
  assert.equal(new Set(net.allowedDomains).size, net.allowedDomains.length, 'duplicates');
  // Exactly the model hosts (models/model-hosts.ts, redirects included) plus the CDN that
  // serves onnxruntime-web's wasm (src/engine/clip/clip-ort-config.ts).
  assert.deepEqual([...net.allowedDomains].sort(), [...MODEL_ORIGINS, 'https://cdn.jsdelivr.net'].sort());
});

test('main and ui exist after the build: an ES2017 sandbox script and a self-contained ui.html', async () => {
  await buildAllAsync();
  const main = join(root, manifest.main as string);
  const ui = join(root, manifest.ui as string);
  assert.ok(existsSync(main), `${manifest.main} missing`);
  assert.ok(existsSync(ui), `${manifest.ui} missing`);
  const code = readFileSync(main, 'utf8');
  // acorn refuses syntax newer than the version asked for: this is the ES2017 check.
  assert.doesNotThrow(() => parse(code, { ecmaVersion: 2017, sourceType: 'script' }));
  assert.ok(!/\bimport\s*\(|\brequire\(["']/.test(code), 'the sandbox bundle loads nothing at run time');
  const html = readFileSync(ui, 'utf8');
  assert.ok(!/<script[^>]+src=|<link[^>]+href=|@import/i.test(html), 'ui.html references no external script or stylesheet');
  assert.ok(!/fonts\.googleapis/.test(html));
  assert.match(html, /<div id="root">/);
});

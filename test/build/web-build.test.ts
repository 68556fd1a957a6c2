import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { after, before, test } from 'node:test';
import { runInNewContext } from 'node:vm';
import { buildAllAsync, parseUiUrl } from '../../esbuild.config.mjs';
import { MODEL_ORIGINS } from '../../models/model-hosts.ts';
import { ORT_WASM_SHA256 } from '../../src/engine/clip/clip-ort-config.ts';
import { uiMessage } from '../../src/protocol/protocol.ts';
import { FakeFigma } from '../fake-figma/fake-figma.ts';

// The whole build, into a temporary folder (dist/ is left alone), as a hosted build:
// CLIPVG_UI_URL=https://clipvg.example/app/. Checks the static site (dist/web), the manifest
// for that build, and code.js run the way Figma runs it.

const UI_URL = 'https://clipvg.example/app/';
let out: string;
before(async () => {
  out = mkdtempSync(join(tmpdir(), 'clipvg-build-'));
  await buildAllAsync({ outdir: out, uiUrl: UI_URL });
});
after(() => rmSync(out, { recursive: true, force: true }));

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? filesUnder(p) : [p];
  });
}

test('dist/web: index.html with ORT’s wasm beside it, everything by relative, content-hashed URL', () => {
  const web = join(out, 'web');
  const html = readFileSync(join(web, 'index.html'), 'utf8');
  const refs = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
  assert.equal(refs.length, 2, html);
  for (const r of refs) {
    assert.match(r, /^ui\.[0-9a-f]{12}\.(js|css)$/, `relative, hashed: ${r}`);
    const bytes = readFileSync(join(web, r));
    assert.equal(r.split('.')[1], createHash('sha256').update(bytes).digest('hex').slice(0, 12), `${r} is named by its content`);
  }
  const names = readdirSync(web);
  const wasm = names.filter((n) => n.endsWith('.wasm'));
  assert.equal(wasm.length, 1, names.join(', '));
  assert.match(wasm[0]!, /^ort-wasm-simd-threaded\.asyncify\.[0-9a-f]{12}\.wasm$/);
  assert.equal(
    createHash('sha256')
      .update(readFileSync(join(web, wasm[0]!)))
      .digest('hex'),
    ORT_WASM_SHA256,
    'the pinned ORT wasm',
  );
  assert.ok(
    names.some((n) => /^engine-worker\.[0-9a-f]{12}\.js$/.test(n)),
    names.join(', '),
  );
  const ui = readFileSync(join(web, refs.find((r) => r.endsWith('.js'))!), 'utf8');
  for (const n of [wasm[0]!, names.find((x) => x.startsWith('engine-worker.'))!]) assert.ok(ui.includes(JSON.stringify(n)), `the UI names ${n}`);
  const models = filesUnder(web)
    .map((p) => relative(web, p))
    .filter((p) => p.startsWith('models-'))
    .sort();
  assert.equal(models.length, 3, models.join(', '));
  for (const m of models) assert.match(m, /^models-[0-9a-f]{12}\/shapes-clip\/(text_model\.onnx|tokenizer\.json|vision_model\.onnx)$/);
});

test('dist/web names no CDN: every absolute URL is a model host, a reserved .invalid name, an XML namespace, Figma’s origin or a link in an ORT error message (web.dev)', () => {
  const web = join(out, 'web');
  const cdn = /jsdelivr|unpkg|cdnjs|esm\.sh|skypack|jspm|googleapis|gstatic/i;
  const allowed = new Set<string>(['www.w3.org', 'www.figma.com', 'web.dev']);
  const modelHost = (host: string) =>
    MODEL_ORIGINS.some((o) => {
      const h = new URL(o.replace('*.', 'x.')).host;
      return o.includes('*.') ? host.endsWith(h.slice(1)) : host === h;
    });
  for (const file of filesUnder(web).filter((p) => /\.(js|css|html|json)$/.test(p))) {
    const text = readFileSync(file, 'utf8');
    assert.doesNotMatch(text, cdn, `${relative(web, file)} names a CDN`);
    for (const m of text.matchAll(/https?:\/\/([a-z0-9.-]+)/gi)) {
      const host = m[1]!.toLowerCase();
      assert.ok(allowed.has(host) || modelHost(host) || host.endsWith('.invalid'), `${relative(web, file)} points to ${m[0]}`);
    }
  }
});

test('hosted build: code.js opens CLIPVG_UI_URL, talks only to its origin and carries no model; the manifest allows that origin', async () => {
  const code = readFileSync(join(out, 'code.js'), 'utf8');
  assert.ok(code.length < 400_000, `no embedded model in a hosted code.js (${code.length} bytes)`);
  const f = new FakeFigma();
  f.select(f.createFrame());
  const delivered: (string | undefined)[] = [];
  f.onUiMessage = (_m, options) => delivered.push(options?.origin);
  runInNewContext(code, { figma: f.api, __html__: '<p>data: ui</p>', console: { ...console, warn() {} }, setTimeout, clearTimeout });
  // The document Figma shows navigates to the hosted page (run it against a stand-in window).
  const win = { location: { href: 'data:' } };
  runInNewContext(f.shownUi!.html.replace(/^<script>|<\/script>$/g, ''), { window: win });
  assert.equal(win.location.href, UI_URL);
  // A message from any other origin is ignored; the UI's own origin is answered, to that origin only.
  f.sendFromUi(uiMessage({ type: 'ui-ready' }), 'https://evil.example');
  f.sendFromUi(uiMessage({ type: 'ui-ready' }), 'null');
  await new Promise((r) => setTimeout(r, 100));
  assert.deepEqual(f.toUi, [], 'nothing answered to a foreign origin');
  f.sendFromUi(uiMessage({ type: 'request-offline-model' }), 'https://clipvg.example');
  const deadline = Date.now() + 5000;
  while (f.toUi.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
  assert.deepEqual(
    f.toUi.map((m) => (m as { type: string }).type),
    ['offline-model'],
  );
  assert.equal((f.toUi[0] as unknown as { files: unknown }).files, null, 'the hosted page serves the model itself');
  assert.deepEqual(delivered, ['https://clipvg.example']);

  const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as {
    main: string;
    ui?: string;
    networkAccess: { allowedDomains: string[]; reasoning: string };
  };
  assert.equal(manifest.main, 'code.js');
  assert.equal(manifest.ui, undefined, 'code.js opens the hosted page; no ui file');
  assert.equal(manifest.networkAccess.allowedDomains[0], 'https://clipvg.example');
  for (const o of MODEL_ORIGINS) assert.ok(manifest.networkAccess.allowedDomains.includes(o), o);
  assert.ok(!manifest.networkAccess.allowedDomains.includes('https://cdn.jsdelivr.net'), 'ORT comes from the hosted page, not a CDN');
  assert.match(manifest.networkAccess.reasoning, /https:\/\/clipvg\.example\/app\//);
});

test('CLIPVG_UI_URL must be an https page (http only on loopback)', () => {
  assert.deepEqual(parseUiUrl(UI_URL), { url: UI_URL, origin: 'https://clipvg.example' });
  assert.equal(parseUiUrl('http://127.0.0.1:8080/').origin, 'http://127.0.0.1:8080');
  assert.throws(() => parseUiUrl('http://clipvg.example/'), /must use https/);
  assert.throws(() => parseUiUrl('clipvg.example'), /must be an absolute URL/);
  assert.throws(() => parseUiUrl('https://clipvg.example/?x=1'), /without query/);
});

// Builds the plugin: dist/code.js (the sandbox, which Figma runs as ES2017-level JavaScript,
// one classic script) and dist/ui.html (the UI, self-contained: Figma hands the file's text
// to figma.showUI as __html__, so scripts and styles must be inline).
import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateWgslSourcesAsync } from './scripts/generate-wgsl-sources.mjs';

const root = dirname(fileURLToPath(import.meta.url));
const dist = join(root, 'dist');

/** A plugin that answers `import ... from '<name>'` with generated module text. */
function virtualModules(modules) {
  return {
    name: 'clipvg-virtual-modules',
    setup(b) {
      const names = Object.keys(modules);
      const filter = new RegExp(`^(${names.map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})$`);
      b.onResolve({ filter }, (args) => ({ path: args.path, namespace: 'clipvg-virtual' }));
      b.onLoad({ filter: /.*/, namespace: 'clipvg-virtual' }, async (args) => ({ contents: await modules[args.path](), loader: 'js' }));
    },
  };
}

/** The shipped tiny CLIP (models/shapes-clip), base64, for the sandbox bundle to hand to the UI. */
export async function offlineModelAsync() {
  const dir = join(root, 'models', 'shapes-clip');
  const b64 = async (name) => (await readFile(join(dir, name))).toString('base64');
  return { id: 'shapes-clip', files: { vision: await b64('vision_model.onnx'), text: await b64('text_model.onnx'), tokenizer: await b64('tokenizer.json') } };
}
async function offlineModelModuleAsync() {
  return `export const OFFLINE_MODEL = ${JSON.stringify(await offlineModelAsync())};`;
}

/**
 * CLIP's 79 ImageNet prompt templates (models/clip-text, MIT, from OpenAI's CLIP). The build
 * fails without them: a plugin that silently prompted with the bare text would edit worse.
 */
export const TEMPLATES_PATH = join(root, 'models', 'clip-text', 'imagenet-templates.json');
async function templatesModuleAsync() {
  if (!existsSync(TEMPLATES_PATH)) throw new Error(`build: missing ${TEMPLATES_PATH} (CLIP's 79 prompt templates); restore it from git`);
  const templates = JSON.parse(await readFile(TEMPLATES_PATH, 'utf8'));
  if (!Array.isArray(templates) || templates.length !== 79 || !templates.every((t) => typeof t === 'string' && t.includes('{}'))) {
    throw new Error(`build: ${TEMPLATES_PATH} must hold CLIP's 79 prompt templates, each with "{}"`);
  }
  return `export const PROMPT_TEMPLATES = ${JSON.stringify(templates)};`;
}

/**
 * The engine frame's code (src/ui/engine-host/engine-frame-entry.ts: the engine host, ORT's
 * JavaScript and the comlink bridge), one ES module as text. The UI writes it into the srcdoc
 * of a sandboxed child frame, the only place under Figma's data: URL frame with WebGPU.
 */
export async function buildEngineFrameJsAsync({ minify = true, plugins = [] } = {}) {
  return engineModuleAsync('src/ui/engine-host/engine-frame-entry.ts', minify, plugins);
}

/**
 * An engine entry (frame or worker) bundled as one ES module with the prompt templates, as
 * text. `plugins`: extra esbuild plugins (tests pin the registry to fixture files with one).
 */
async function engineModuleAsync(entry, minify, plugins = []) {
  const result = await build({
    entryPoints: [join(root, entry)],
    bundle: true,
    format: 'esm',
    target: 'chrome120',
    platform: 'browser',
    write: false,
    minify,
    logLevel: 'warning',
    legalComments: 'none',
    plugins: [virtualModules({ 'clipvg:prompt-templates': templatesModuleAsync }), ...plugins],
  });
  return result.outputFiles[0].text;
}

/**
 * CLIPVG_UI_URL, checked: the page a hosted build's code.js opens. https only (Figma's window
 * must be a secure context for WebGPU); http is accepted for loopback hosts (tests).
 */
export function parseUiUrl(text) {
  let url;
  try {
    url = new URL(text);
  } catch {
    throw new Error(`build: CLIPVG_UI_URL must be an absolute URL such as https://example.github.io/clipvg/, got "${text}"`);
  }
  const loopback = url.hostname === '127.0.0.1' || url.hostname === 'localhost';
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback))
    throw new Error(`build: CLIPVG_UI_URL must use https (a plugin window needs a secure context), got ${url.href}`);
  if (url.search || url.hash || url.username)
    throw new Error(`build: CLIPVG_UI_URL must be a plain page or folder URL, without query, fragment or credentials: ${url.href}`);
  return { url: url.href, origin: url.origin };
}

/** The plugin's manifest (the repository's, for the data: build). */
export async function pluginManifestAsync() {
  return JSON.parse(await readFile(join(root, 'manifest.json'), 'utf8'));
}

/**
 * The manifest of a hosted build: code.js beside it, no ui file (code.js opens the hosted page),
 * and the hosted page's origin allowed. ORT's wasm then comes from that origin, not jsDelivr.
 */
export async function hostedManifestAsync(ui) {
  const base = await pluginManifestAsync();
  const domains = base.networkAccess.allowedDomains.filter((d) => d !== 'https://cdn.jsdelivr.net');
  const { ui: _ui, ...rest } = base;
  return {
    ...rest,
    main: 'code.js',
    networkAccess: {
      allowedDomains: [ui.origin, ...domains],
      reasoning:
        `The plugin's window is its own web page at ${ui.url} (a real origin, so it can use WebGPU in a worker and keep downloaded models); ` +
        `it loads from ${ui.origin} the page, its engine worker, the ONNX Runtime WebAssembly file and the shipped tiny model. ` +
        'It downloads pinned, hash-checked model files (CLIP encoders, tokenizer) once and caches them: huggingface.co serves the files and redirects large ones to its storage hosts: ' +
        'cdn-lfs.hf.co, cdn-lfs-us-1.hf.co, cdn-lfs-eu-1.hf.co and cdn-lfs.huggingface.co (Git LFS files), cas-bridge.xethub.hf.co (Xet-stored files) and us.aws.cdn.hf.co (CDN edge). ' +
        'Nothing else is contacted and no document content leaves the machine.',
    },
  };
}

/** The sandbox bundle; with `ui`, a hosted build: code.js opens that page and carries no model. */
export async function buildSandboxAsync({ outfile = join(dist, 'code.js'), ui = null } = {}) {
  await build({
    plugins: [
      virtualModules({
        'clipvg:offline-model': ui ? async () => 'export const OFFLINE_MODEL = { id: "shapes-clip", files: null };' : offlineModelModuleAsync,
        'clipvg:ui-url': async () =>
          `export const UI_URL = ${JSON.stringify(ui?.url ?? null)}; export const UI_ORIGIN = ${JSON.stringify(ui?.origin ?? null)};`,
      }),
    ],
    entryPoints: [join(root, 'src/plugin/main.ts')],
    bundle: true,
    format: 'iife',
    target: 'es2017',
    platform: 'neutral',
    mainFields: ['module', 'main'],
    outfile,
    logLevel: 'warning',
    legalComments: 'none',
  });
}

/**
 * @create-figma-plugin/ui imports global stylesheets as '!../css/base.css' (a convention of
 * its own build tool): resolve them as plain global CSS next to the importer.
 */
const figmaPluginGlobalCss = {
  name: 'create-figma-plugin-global-css',
  setup(b) {
    b.onResolve({ filter: /^!.*\.css$/ }, (args) => ({ path: join(args.resolveDir, args.path.slice(1)) }));
  },
};

/** `</script` inside inline JavaScript would end the script element early. */
function inlineScript(js) {
  return js.replace(/<\/script/gi, '<\\/script').replace(/<!--/g, '<\\!--');
}

/** The UI as one HTML text (JS and CSS inlined); `plugins` go to both the UI and the engine frame builds. */
export async function buildUiHtmlAsync({ minify = true, plugins = [] } = {}) {
  const result = await build({
    entryPoints: [join(root, 'src/ui/main.tsx')],
    bundle: true,
    format: 'iife',
    // Figma's desktop app and current browsers; WebGPU code needs a modern engine anyway.
    target: 'chrome110',
    platform: 'browser',
    jsx: 'automatic',
    jsxImportSource: 'preact',
    outdir: join(dist, 'ui-parts'),
    write: false,
    minify,
    logLevel: 'warning',
    legalComments: 'none',
    define: { 'process.env.NODE_ENV': '"production"' },
    plugins: [
      figmaPluginGlobalCss,
      virtualModules({
        'clipvg:engine-frame-js': async () => `export const ENGINE_FRAME_JS = ${JSON.stringify(await buildEngineFrameJsAsync({ minify, plugins }))};`,
        'clipvg:ui-hosting': async () => 'export const HOSTING = null;',
      }),
      ...plugins,
    ],
  });
  const js = result.outputFiles.find((f) => f.path.endsWith('.js'))?.text ?? '';
  const css = result.outputFiles.find((f) => f.path.endsWith('.css'))?.text ?? '';
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head><meta charset="utf-8"><title>CLIPVG</title>',
    `<style>${css.replace(/<\/style/gi, '<\\/style')}</style>`,
    '</head>',
    '<body><div id="root"></div>',
    `<script>${inlineScript(js)}</script>`,
    '</body></html>',
    '',
  ].join('\n');
}

/** ORT's wasm as the engine uses it (one binary for both providers; see clip-ort-config.ts). */
const ORT_WASM_FILE = 'ort-wasm-simd-threaded.asyncify.wasm';
function ortDistDir() {
  return dirname(createRequire(import.meta.url).resolve('onnxruntime-web'));
}

const shortHash = (bytes) => createHash('sha256').update(bytes).digest('hex').slice(0, 12);
const hashedName = (name, bytes) => name.replace(/(\.[a-z]+)$/, `.${shortHash(bytes)}$1`);

/**
 * The hosted UI (dist/web): a static site for any host. index.html, the UI script and style,
 * the engine worker, ORT's wasm and the shipped model, all by relative URL, every file but
 * index.html with a content hash in its name (cache for ever; revalidate index.html only).
 * `figmaOrigin` is the one origin the page talks to (tests pass the harness's).
 */
export async function buildWebAsync({ outdir = join(dist, 'web'), figmaOrigin = 'https://www.figma.com', pluginId, minify = true } = {}) {
  pluginId ??= (await pluginManifestAsync()).id;
  await rm(outdir, { recursive: true, force: true });
  await mkdir(outdir, { recursive: true });
  const written = {};
  const put = async (name, bytes) => {
    await mkdir(dirname(join(outdir, name)), { recursive: true });
    await writeFile(join(outdir, name), bytes);
    written[name] = bytes.length;
  };
  const workerJs = await engineModuleAsync('src/ui/engine-host/engine-worker-entry.ts', minify);
  const workerName = hashedName('engine-worker.js', workerJs);
  await put(workerName, workerJs);
  const wasm = await readFile(join(ortDistDir(), ORT_WASM_FILE));
  const wasmName = hashedName(ORT_WASM_FILE, wasm);
  await put(wasmName, wasm);
  const modelDir = join(root, 'models', 'shapes-clip');
  const modelFiles = ['vision_model.onnx', 'text_model.onnx', 'tokenizer.json'];
  const modelBytes = await Promise.all(modelFiles.map((f) => readFile(join(modelDir, f))));
  const modelsBase = `models-${shortHash(Buffer.concat(modelBytes))}/`;
  for (const [i, f] of modelFiles.entries()) await put(`${modelsBase}shapes-clip/${f}`, modelBytes[i]);
  const hostingJs = `export const HOSTING = ${JSON.stringify({ pluginId, figmaOrigin, workerUrl: workerName, ortWasmUrl: wasmName, modelsBase })};`;
  const ui = await build({
    entryPoints: [join(root, 'src/ui/main.tsx')],
    bundle: true,
    format: 'iife',
    target: 'chrome110',
    platform: 'browser',
    jsx: 'automatic',
    jsxImportSource: 'preact',
    outdir: join(dist, 'web-parts'),
    write: false,
    minify,
    logLevel: 'warning',
    legalComments: 'none',
    define: { 'process.env.NODE_ENV': '"production"' },
    plugins: [
      figmaPluginGlobalCss,
      // The hosted UI never uses the nested engine frame (a worker has WebGPU there).
      virtualModules({ 'clipvg:engine-frame-js': async () => 'export const ENGINE_FRAME_JS = "";', 'clipvg:ui-hosting': async () => hostingJs }),
    ],
  });
  const js = ui.outputFiles.find((f) => f.path.endsWith('.js'))?.text ?? '';
  const css = ui.outputFiles.find((f) => f.path.endsWith('.css'))?.text ?? '';
  const jsName = hashedName('ui.js', js);
  const cssName = hashedName('ui.css', css);
  await put(jsName, js);
  await put(cssName, css);
  const policy = hostedPageCsp((await pluginManifestAsync()).networkAccess.allowedDomains);
  const html = [
    '<!doctype html>',
    '<html lang="en">',
    `<head><meta http-equiv="Content-Security-Policy" content="${policy}"><meta charset="utf-8"><title>CLIPVG</title>`,
    `<link rel="stylesheet" href="${cssName}">`,
    '</head>',
    '<body><div id="root"></div>',
    `<script src="${jsName}"></script>`,
    '</body></html>',
    '',
  ].join('\n');
  await put('index.html', html);
  return { outdir, files: written };
}

/**
 * The hosted page's own content security policy (a <meta> in index.html, so it holds on any
 * static host): its files from its own origin, WebAssembly compiled there ('wasm-unsafe-eval',
 * not 'unsafe-eval'), the inline styles the Figma UI kit sets, and downloads only from the
 * manifest's model hosts (jsDelivr is not needed: ORT's wasm sits beside the page).
 */
export function hostedPageCsp(allowedDomains) {
  const models = allowedDomains.filter((d) => d !== 'https://cdn.jsdelivr.net');
  return [
    "default-src 'self'",
    "script-src 'self' 'wasm-unsafe-eval'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    `connect-src 'self' ${models.join(' ')}`,
    "worker-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
  ].join('; ');
}

/**
 * Builds everything: dist/code.js, dist/ui.html, dist/web/. With `uiUrl` (CLIPVG_UI_URL), a
 * hosted build: code.js opens that page, and dist/manifest.json allows its origin.
 */
export async function buildAllAsync({ outdir = dist, uiUrl = process.env.CLIPVG_UI_URL || undefined } = {}) {
  const ui = uiUrl ? parseUiUrl(uiUrl) : null;
  await mkdir(outdir, { recursive: true });
  await buildSandboxAsync({ outfile: join(outdir, 'code.js'), ui });
  await writeFile(join(outdir, 'ui.html'), await buildUiHtmlAsync());
  await buildWebAsync({ outdir: join(outdir, 'web') });
  const manifestPath = join(outdir, 'manifest.json');
  if (ui) await writeFile(manifestPath, `${JSON.stringify(await hostedManifestAsync(ui), null, 2)}\n`);
  else await rm(manifestPath, { force: true });
  return { ui };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  // The generated WGSL source modules first (the bundles import them); a kernel binding that its TS layout disagrees with fails the build.
  try {
    for (const written of await generateWgslSourcesAsync()) console.log(`wrote ${written}`);
  } catch (e) {
    console.error(`build: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(1);
  }
  const { ui } = await buildAllAsync();
  console.log(
    ui
      ? `built dist/code.js (opens ${ui.url}), dist/manifest.json, dist/ui.html and dist/web/`
      : 'built dist/code.js and dist/ui.html (data: mode), and dist/web/',
  );
}

// Builds the plugin: dist/code.js (the sandbox, which Figma runs as ES2017-level JavaScript,
// one classic script) and dist/ui.html (the UI, self-contained: Figma hands the file's text
// to figma.showUI as __html__, so scripts and styles must be inline).
import { build } from 'esbuild';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeWgslSourceModules } from './scripts/generate-wgsl-sources.mjs';

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
 * The engine frame's code (src/ui/engine-host/engine-frame-entry.ts: the edit engine, ORT's
 * JavaScript and the comlink bridge), one ES module as text. The UI writes it into the srcdoc
 * of a sandboxed child frame, the only place under Figma's data: URL frame with WebGPU.
 */
export async function buildEngineFrameJsAsync({ minify = true } = {}) {
  const result = await build({
    entryPoints: [join(root, 'src/ui/engine-host/engine-frame-entry.ts')],
    bundle: true,
    format: 'esm',
    target: 'chrome120',
    platform: 'browser',
    write: false,
    minify,
    logLevel: 'warning',
    legalComments: 'none',
    plugins: [virtualModules({ 'clipvg:prompt-templates': templatesModuleAsync })],
  });
  return result.outputFiles[0].text;
}

/** The sandbox bundle. */
export async function buildSandboxAsync() {
  await build({
    plugins: [virtualModules({ 'clipvg:offline-model': offlineModelModuleAsync })],
    entryPoints: [join(root, 'src/plugin/main.ts')],
    bundle: true,
    format: 'iife',
    target: 'es2017',
    platform: 'neutral',
    mainFields: ['module', 'main'],
    outfile: join(dist, 'code.js'),
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

/** The UI as one HTML text (JS and CSS inlined). */
export async function buildUiHtmlAsync({ minify = true } = {}) {
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
        'clipvg:engine-frame-js': async () => `export const ENGINE_FRAME_JS = ${JSON.stringify(await buildEngineFrameJsAsync({ minify }))};`,
      }),
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

export async function buildAllAsync() {
  await mkdir(dist, { recursive: true });
  await buildSandboxAsync();
  await writeFile(join(dist, 'ui.html'), await buildUiHtmlAsync());
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  // The generated WGSL source modules first: the bundles import them.
  for (const written of writeWgslSourceModules()) console.log(`wrote ${written}`);
  await buildAllAsync();
  console.log('built dist/code.js and dist/ui.html');
}

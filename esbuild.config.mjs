// Builds the plugin: dist/code.js (the sandbox, which Figma runs as ES2017-level JavaScript,
// one classic script) and dist/ui.html (the UI, self-contained: Figma hands the file's text
// to figma.showUI as __html__, so scripts and styles must be inline).
import { build } from 'esbuild';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(fileURLToPath(import.meta.url));
const dist = join(root, 'dist');

/** The sandbox bundle. */
export async function buildSandboxAsync() {
  await build({
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
    plugins: [figmaPluginGlobalCss],
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
  await buildAllAsync();
  console.log('built dist/code.js and dist/ui.html');
}

#!/usr/bin/env node
// Makes the README's before/after picture from a real `clipvg edit` run: runs the edit (or
// takes an edited SVG already made with --edited), renders input and output with resvg (an
// independent SVG renderer) side by side with a caption, and writes a PNG.
//
//   node scripts/make-readme-picture.mjs [--input test/data/icons/tango-help-browser.svg]
//     [--prompt "a red icon"] [--mode color] [--iters 30] [--patches 4] [--color-lr 0.05]
//     [--model ID] [--width 320]
//     [--edited OUT.svg --report OUT.json] [--out docs/readme-before-after.png]
//
// --edited (with the --report of the run that made it) skips the edit and only draws.
//
// Defaults are the README's main job; change them together with the README's command.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Resvg } from '@resvg/resvg-js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const { values: o } = parseArgs({
  options: {
    input: { type: 'string', default: 'test/data/icons/tango-help-browser.svg' },
    prompt: { type: 'string', default: 'a red icon' },
    mode: { type: 'string', default: 'color' },
    iters: { type: 'string', default: '30' },
    patches: { type: 'string', default: '4' },
    'color-lr': { type: 'string', default: '0.05' },
    model: { type: 'string' },
    edited: { type: 'string' },
    report: { type: 'string' },
    width: { type: 'string', default: '320' },
    out: { type: 'string', default: 'docs/readme-before-after.png' },
  },
});

const input = resolve(root, o.input);
let edited = o.edited ? resolve(o.edited) : undefined;
let report = o.report ? resolve(o.report) : undefined;
if (!edited) {
  const tmp = mkdtempSync(join(tmpdir(), 'clipvg-readme-'));
  edited = join(tmp, 'edited.svg');
  report = join(tmp, 'report.json');
  const args = [
    'edit',
    input,
    '-o',
    edited,
    '--report',
    report,
    '--prompt',
    o.prompt,
    '--mode',
    o.mode,
    '--iters',
    o.iters,
    '--patches',
    o.patches,
    '--color-lr',
    o['color-lr'],
    ...(o.model ? ['--model', o.model] : []),
  ];
  process.stderr.write(`running: clipvg ${args.join(' ')}\n`);
  process.stderr.write(execFileSync(process.execPath, [join(root, 'bin/clipvg.mjs'), ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }));
}
const run = report ? JSON.parse(readFileSync(report, 'utf8')) : undefined;

const width = Number(o.width);
const font = join(root, 'test/data/fonts/DejaVuSans.ttf');
const render = (svg) => {
  const png = new Resvg(svg, {
    fitTo: { mode: 'width', value: width },
    background: 'white',
    font: { fontFiles: [font], loadSystemFonts: false, defaultFontFamily: 'DejaVu Sans' },
  }).render();
  return { width: png.width, height: png.height, b64: Buffer.from(png.asPng()).toString('base64') };
};
const before = render(readFileSync(input, 'utf8'));
const after = render(readFileSync(edited, 'utf8'));
const esc = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');
const gap = 16;
const caption = 46;
const W = before.width + after.width + 3 * gap;
const H = Math.max(before.height, after.height) + caption + 2 * gap;
const model = run ? `${run.model}${run.modelVariant ? ` (${run.modelVariant})` : ''}` : (o.model ?? '');
const iterations = run?.iterations ?? o.iters;
const composite = `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="${W}" height="${H}">
  <rect width="${W}" height="${H}" fill="#f4f4f4"/>
  <image x="${gap}" y="${gap}" width="${before.width}" height="${before.height}" xlink:href="data:image/png;base64,${before.b64}"/>
  <image x="${2 * gap + before.width}" y="${gap}" width="${after.width}" height="${after.height}" xlink:href="data:image/png;base64,${after.b64}"/>
  <text x="${gap}" y="${H - gap - 18}" font-family="DejaVu Sans" font-size="14" fill="#333">before: ${esc(relative(root, input))}</text>
  <text x="${2 * gap + before.width}" y="${H - gap - 18}" font-family="DejaVu Sans" font-size="14" fill="#333">after: "${esc(o.prompt)}", --mode ${esc(o.mode)}</text>
  <text x="${2 * gap + before.width}" y="${H - gap}" font-family="DejaVu Sans" font-size="14" fill="#333">${esc(String(iterations))} iterations${model ? `, model ${esc(model)}` : ''}</text>
</svg>`;
const png = new Resvg(composite, { font: { fontFiles: [font], loadSystemFonts: false, defaultFontFamily: 'DejaVu Sans' } }).render().asPng();
const out = resolve(root, o.out);
writeFileSync(out, png);
process.stderr.write(`wrote ${relative(root, out)} (${W}x${H})\n`);

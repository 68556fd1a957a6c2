import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import type { RgbaImage } from '../../src/image/rgba-image.ts';
import { exportSvg } from '../../src/scene/svg-export.ts';
import { importSvg } from '../../src/scene/svg-import.ts';
import { openEditBrowserAsync, SHAPES_CLIP_DIR } from '../support/edit-browser.ts';
import { renderSvgWithResvg } from '../support/resvg-render.ts';
import { iconEntries, iconSvgAtSize } from './semantics-icons.ts';
import { COLOUR_NAMES, dominantColour, recolourSucceeded } from './semantics-measure.ts';
import { IDEAL_SHAPES, silhouetteIou } from './semantics-shape-measure.ts';
import { openZeroShotAsync } from './semantics-zero-shot.ts';

// `npm run bench -- semantics [--model DIR] [--icons N|a.svg,b.svg] [--colours red,blue]
//   [--iters 150] [--patches 64] [--color-lr 0.01] [--shape-lr 0.2] [--size 96]
//   [--shape-iters N] [--no-shape] [--no-recolour] [--seed 0]`
// What the offline model can do on real icons it never trained on (test/data/icons):
// - recolour: each icon of the recolour set, colour mode, prompt "a COLOUR icon" for the
//   eleven basic colours; a pair succeeds when at least half the icon's (source non-white)
//   pixels end nearest in OKLab to the named colour (semantics-measure.ts). Success rate,
//   by colour and by icon, with the spread over icons.
// - zero-shot: the icon renders classified among "a COLOUR icon" (against each icon's
//   dominant colour by the same rule) and, for icons whose outline is a named shape, among
//   "a circle", "a square", "a triangle", "a star".
// - shape prompts: shape mode, "a star" / "a circle" / "a square" on simple icons, measured
//   by the silhouette's IoU with each ideal shape (semantics-shape-measure.ts), before and after.
// Defaults are the (150 iterations, 64 patches, CLIPVG's learning rates); the
// measured run on a shared CPU used fewer (say so when quoting it). Renders are resvg's.

const round = (v: number, k = 1000) => Math.round(v * k) / k;

function parseList(v: string | undefined, all: readonly string[]): string[] {
  if (!v) return [...all];
  if (/^\d+$/.test(v)) return all.slice(0, Number(v));
  const names = v.split(',').map((s) => s.trim());
  for (const n of names) if (!all.includes(n)) throw new Error(`unknown "${n}" (expected one of ${all.join(', ')})`);
  return names;
}

function spread(values: number[]) {
  const sorted = [...values].sort((a, b) => a - b);
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const sd = Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / values.length);
  return { min: round(sorted[0]!), median: round(sorted[Math.floor(sorted.length / 2)]!), max: round(sorted.at(-1)!), sd: round(sd) };
}

export async function runBenchAsync(argv: string[]): Promise<object> {
  const { values } = parseArgs({
    args: argv,
    options: {
      model: { type: 'string', default: SHAPES_CLIP_DIR },
      icons: { type: 'string' },
      colours: { type: 'string' },
      iters: { type: 'string', default: '150' },
      patches: { type: 'string', default: '64' },
      'color-lr': { type: 'string', default: '0.01' },
      'shape-lr': { type: 'string', default: '0.2' },
      'shape-iters': { type: 'string' },
      size: { type: 'string', default: '96' },
      seed: { type: 'string', default: '0' },
      'no-shape': { type: 'boolean', default: false },
      'no-recolour': { type: 'boolean', default: false },
    },
  });
  const entries = iconEntries();
  const size = Number(values.size);
  const iterations = Number(values.iters);
  const shapeIterations = Number(values['shape-iters'] ?? values.iters);
  const patches = Number(values.patches);
  const colorLr = Number(values['color-lr']);
  const shapeLr = Number(values['shape-lr']);
  const seed = Number(values.seed);
  const recolourIcons = parseList(
    values.icons,
    entries.filter((e) => e.recolour).map((e) => e.file),
  );
  const colours = parseList(values.colours, COLOUR_NAMES);
  const render = (svg: string): RgbaImage => renderSvgWithResvg(svg, size);

  // Zero-shot on every icon's render (cheap: one image each).
  const zs = await openZeroShotAsync(values.model!);
  const sources = new Map(entries.map((e) => [e.file, render(iconSvgAtSize(e.file, size))]));
  let zeroShot: object;
  try {
    const colourSet = entries.filter((e) => e.recolour);
    const colourPred = await zs.classifyAsync(
      colourSet.map((e) => sources.get(e.file)!),
      COLOUR_NAMES.map((c) => `a ${c} icon`),
    );
    const shapeSet = entries.filter((e) => e.shape);
    const shapeNames = ['circle', 'square', 'triangle', 'star'];
    const shapePred = await zs.classifyAsync(
      shapeSet.map((e) => sources.get(e.file)!),
      shapeNames.map((s) => `a ${s}`),
    );
    const colourRows = colourSet.map((e, i) => ({ icon: e.file, dominant: dominantColour(sources.get(e.file)!), predicted: COLOUR_NAMES[colourPred[i]!]! }));
    const shapeRows = shapeSet.map((e, i) => ({ icon: e.file, shape: e.shape, predicted: shapeNames[shapePred[i]!]! }));
    zeroShot = {
      colourAccuracy: round(colourRows.filter((r) => r.dominant === r.predicted).length / colourRows.length),
      colourChance: round(1 / COLOUR_NAMES.length),
      shapeAccuracy: round(shapeRows.filter((r) => r.shape === r.predicted).length / shapeRows.length),
      shapeChance: 0.25,
      colour: colourRows,
      shape: shapeRows,
    };
  } finally {
    await zs.releaseAsync();
  }

  const b = await openEditBrowserAsync(values.model!);
  const t0 = performance.now();
  const pairs: { icon: string; colour: string; share: number; success: boolean }[] = [];
  const shapeRuns: object[] = [];
  try {
    if (!values['no-recolour'])
      for (const icon of recolourIcons) {
        const svg = iconSvgAtSize(icon, size);
        const scene = importSvg(svg);
        for (const colour of colours) {
          const { result } = await b.editAsync(scene, {
            prompt: `a ${colour} icon`,
            mode: 'color',
            iterations,
            patches,
            seed,
            colorLr,
            previewIntervalMs: 1e9,
          });
          const r = recolourSucceeded(sources.get(icon)!, render(exportSvg(result.scene)), colour);
          pairs.push({ icon, colour, share: round(r.share), success: r.success });
          process.stderr.write(`# ${icon} "a ${colour} icon": ${(100 * r.share).toFixed(0)}% ${r.success ? 'ok' : 'no'}\n`);
        }
      }
    if (!values['no-shape'])
      for (const e of entries.filter((x) => x.shapeMode)) {
        const scene = importSvg(iconSvgAtSize(e.file, size));
        const before = silhouetteIou(sources.get(e.file)!);
        for (const target of IDEAL_SHAPES) {
          const { result } = await b.editAsync(scene, {
            prompt: `a ${target}`,
            mode: 'shape',
            iterations: shapeIterations,
            patches,
            seed,
            shapeLr,
            previewIntervalMs: 1e9,
          });
          const after = silhouetteIou(render(exportSvg(result.scene)));
          shapeRuns.push({
            icon: e.file,
            prompt: `a ${target}`,
            iouBefore: Object.fromEntries(IDEAL_SHAPES.map((s) => [s, round(before[s])])),
            iouAfter: Object.fromEntries(IDEAL_SHAPES.map((s) => [s, round(after[s])])),
            targetIouRose: after[target] > before[target],
          });
          process.stderr.write(`# ${e.file} "a ${target}" (shape): IoU ${before[target].toFixed(3)} -> ${after[target].toFixed(3)}\n`);
        }
      }
  } finally {
    await b.closeAsync();
  }
  const rate = (list: typeof pairs) => round(list.filter((p) => p.success).length / list.length);
  const byIcon = Object.fromEntries(recolourIcons.map((i) => [i, rate(pairs.filter((p) => p.icon === i))]));
  return {
    model: values.model,
    settings: { iterations, shapeIterations, patches, colorLr, shapeLr, seed, renderSize: size, mode: 'color (recolour), shape (shape prompts)' },
    rule: "a pair succeeds when >= 50% of the source render's non-white pixels (min channel < 247, over white) end nearest in OKLab to the named colour among the eleven (models/clip-text/basic-colours.json)",
    zeroShot,
    ...(pairs.length
      ? {
          recolour: {
            pairs: pairs.length,
            successRate: rate(pairs),
            byColour: Object.fromEntries(colours.map((c) => [c, rate(pairs.filter((p) => p.colour === c))])),
            byIcon,
            spreadOverIcons: spread(Object.values(byIcon)),
            meanShareOfNamedColour: round(pairs.reduce((a, p) => a + p.share, 0) / pairs.length),
            pairsDetail: pairs,
          },
        }
      : {}),
    ...(shapeRuns.length
      ? {
          shapePrompts: {
            measure:
              'IoU of the silhouette (non-white pixels) with the ideal circle / square / 5-point star at its centroid and area (best rotation); success = the target IoU rises',
            successRate: round(shapeRuns.filter((r) => (r as { targetIouRose: boolean }).targetIouRose).length / shapeRuns.length),
            runs: shapeRuns,
          },
        }
      : {}),
    editSeconds: Math.round((performance.now() - t0) / 1000),
    loadAverage1m: round(loadavg()[0]!, 10),
  };
}

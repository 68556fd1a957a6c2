import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Resvg } from '@resvg/resvg-js';
import { decodeImageToWorkingSize } from '../../src/image/decode-image.ts';
import type { RgbaImage } from '../../src/image/rgba-image.ts';
import { exportSvg } from '../../src/scene/svg-export.ts';
import { importSvgDetailed, SvgImportError } from '../../src/scene/svg-import.ts';
import { psnr } from '../support/image-metrics.ts';

// `npm run bench -- svg-suite [folder-prefix] [--list]`: the SVG reader's conformance on
// resvg's own test suite (pinned in test/data/resvg-tests, see its README). Each test is
// read by our importer, written back as plain cubic fills (exportSvg) and rendered by
// resvg-js at the reference width (300 px), then compared with resvg's reference PNG:
// exact >= 40 dB, close 30-40 dB, wrong below; refused = SvgImportError; crash = any other
// throw. Tests resvg-js itself does not reproduce (>= 40 dB) are left out: their reference
// needs fonts, network images or a resvg newer than the npm build. A wrong result is
// "silent" when the importer left no warning other than the stroke-outline notice (every
// test draws a stroked frame, so that notice is always there and explains nothing).

const ROOT = fileURLToPath(new URL('../data/resvg-tests/', import.meta.url));
const TESTS = join(ROOT, 'tests');
const FONTS = join(ROOT, 'fonts');
const EXACT_DB = 40;
const CLOSE_DB = 30;
const STROKE_NOTICE = /converted to a filled outline/;

type Outcome = 'exact' | 'close' | 'wrong' | 'refused' | 'crash';

interface Tally {
  tests: number;
  leftOut: number;
  exact: number;
  close: number;
  wrong: number;
  wrongSilent: number;
  refused: number;
  crash: number;
  exactOrClosePct: number;
}

function svgFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...svgFiles(p));
    else if (name.endsWith('.svg')) out.push(p);
  }
  return out;
}

function render(svg: string, width: number): RgbaImage {
  const r = new Resvg(svg, {
    fitTo: { mode: 'width', value: width },
    // The font setup of resvg's own test runner (tests/README.md), from the pinned subset.
    font: {
      loadSystemFonts: false,
      fontDirs: [FONTS],
      defaultFontFamily: 'Noto Sans',
      sansSerifFamily: 'Noto Sans',
      serifFamily: 'Noto Serif',
      monospaceFamily: 'Noto Mono',
    },
    logLevel: 'off',
  });
  const img = r.render();
  return { width: img.width, height: img.height, data: new Uint8ClampedArray(img.pixels) };
}

function decodeReference(path: string): RgbaImage {
  return decodeImageToWorkingSize(readFileSync(path), { maxSide: 1 << 14 }).image;
}

function samePsnr(a: RgbaImage, b: RgbaImage): number {
  return a.width === b.width && a.height === b.height ? psnr(a, b) : 0;
}

interface Result {
  test: string;
  outcome: Outcome | 'left-out';
  db?: number;
  warnings?: number;
  detail?: string;
}

function runOne(svgPath: string): Result {
  const test = relative(TESTS, svgPath).replace(/\.svg$/, '');
  const text = readFileSync(svgPath, 'utf8');
  let reference: RgbaImage;
  try {
    reference = decodeReference(svgPath.replace(/\.svg$/, '.png'));
  } catch {
    return { test, outcome: 'left-out', detail: 'no reference PNG' };
  }
  try {
    if (samePsnr(render(text, reference.width), reference) < EXACT_DB) return { test, outcome: 'left-out', detail: 'resvg-js does not reproduce it' };
  } catch (err) {
    return { test, outcome: 'left-out', detail: `resvg-js refuses it: ${(err as Error).message}` };
  }
  let svg: string;
  let warnings: number;
  try {
    const { scene } = importSvgDetailed(text);
    warnings = scene.warnings.filter((w) => !STROKE_NOTICE.test(w.message)).length;
    svg = exportSvg(scene);
  } catch (err) {
    if (err instanceof SvgImportError) return { test, outcome: 'refused', detail: err.message };
    return { test, outcome: 'crash', detail: err instanceof Error ? `${err.name}: ${err.message}` : String(err) };
  }
  const db = samePsnr(render(svg, reference.width), reference);
  const outcome: Outcome = db >= EXACT_DB ? 'exact' : db >= CLOSE_DB ? 'close' : 'wrong';
  return { test, outcome, db: Math.round(db * 10) / 10, warnings };
}

function tally(results: readonly Result[]): Tally {
  const t: Tally = { tests: results.length, leftOut: 0, exact: 0, close: 0, wrong: 0, wrongSilent: 0, refused: 0, crash: 0, exactOrClosePct: 0 };
  for (const r of results) {
    if (r.outcome === 'left-out') t.leftOut++;
    else t[r.outcome]++;
    if (r.outcome === 'wrong' && r.warnings === 0) t.wrongSilent++;
  }
  const counted = t.tests - t.leftOut;
  t.exactOrClosePct = counted === 0 ? 0 : Math.round(((t.exact + t.close) / counted) * 1000) / 10;
  return t;
}

function oneLine(t: Tally): string {
  return `${t.exactOrClosePct}% of ${t.tests - t.leftOut}: exact ${t.exact}, close ${t.close}, wrong ${t.wrong} (silent ${t.wrongSilent}), refused ${t.refused}, crash ${t.crash}; left out ${t.leftOut}`;
}

/** Folder key: `shapes/rect`, `paint-servers/linearGradient`, `masking/clipPath`. */
function folderOf(test: string): string {
  return test.split('/').slice(0, 2).join('/');
}

export async function runBenchAsync(args: string[]): Promise<object> {
  const list = args.includes('--list');
  const prefix = args.find((a) => !a.startsWith('--')) ?? '';
  const files = svgFiles(TESTS).filter((f) => relative(TESTS, f).startsWith(prefix));
  const t0 = performance.now();
  const results = files.map(runOne);
  const byFolder = new Map<string, Result[]>();
  const byTop = new Map<string, Result[]>();
  for (const r of results) {
    for (const [map, key] of [
      [byFolder, folderOf(r.test)],
      [byTop, r.test.split('/')[0]!],
    ] as const) {
      const l = map.get(key);
      if (l) l.push(r);
      else map.set(key, [r]);
    }
  }
  const report: Record<string, unknown> = {
    resvgCommit: readFileSync(join(ROOT, 'COMMIT'), 'utf8').trim(),
    thresholdsDb: { exact: EXACT_DB, close: CLOSE_DB },
    seconds: Math.round((performance.now() - t0) / 100) / 10,
    total: tally(results),
    byTopFolder: Object.fromEntries([...byTop].map(([k, v]) => [k, tally(v)])),
    byFolder: Object.fromEntries([...byFolder].map(([k, v]) => [k, oneLine(tally(v))])),
    refused: results.filter((r) => r.outcome === 'refused').map((r) => `${r.test}: ${r.detail}`),
    crash: results.filter((r) => r.outcome === 'crash').map((r) => `${r.test}: ${r.detail}`),
    wrongSilent: results.filter((r) => r.outcome === 'wrong' && r.warnings === 0).map((r) => `${r.test} (${r.db} dB)`),
  };
  if (list) {
    report.wrong = results.filter((r) => r.outcome === 'wrong').map((r) => `${r.test} (${r.db} dB, ${r.warnings} warnings)`);
    report.close = results.filter((r) => r.outcome === 'close').map((r) => `${r.test} (${r.db} dB)`);
  }
  return report;
}

// `npm run bench -- vectorize`: the multi-round vectoriser on test/data/photos against
// (a) our single round at the same shape budget and (b) imagetracerjs at a similar shape
// count, all rendered with resvg and compared with the working-size photo; plus the crack
// test (sigma 1 px, fixed seed) for one round vs several, and the CLI's wall time.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { encode as encodePng } from 'fast-png';
import { decodeImageToWorkingSize } from '../../src/image/decode-image.ts';
import { loadSceneFromImageFileAsync } from '../../src/engine/vectorize/load-scene-from-image-file.ts';
import { vectorizeImageAsync } from '../../src/engine/vectorize/vectorize-image.ts';
import { defaultMinRegionArea } from '../../src/engine/vectorize/vectorize-options.ts';
import type { RgbaImage } from '../../src/image/rgba-image.ts';
import { countPaths, countSegments, type Scene } from '../../src/scene/scene.ts';
import { exportSvg } from '../../src/scene/svg-export.ts';
import { countSvgPathElements, imageTracerSvg, imageTracerSvgNearShapeCount } from '../vectorize/support/imagetracer-svg.ts';
import { crackShares, svgFidelity, CRACK_SEED, CRACK_SIGMA } from '../vectorize/support/vector-fidelity.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const PHOTOS = join(root, 'test', 'data', 'photos');
const ROUNDS = [10, 30];

const round2 = (v: number) => Math.round(v * 100) / 100;
const round4 = (v: number) => Math.round(v * 1e4) / 1e4;

function sceneFigures(scene: Scene, reference: RgbaImage) {
  const svg = exportSvg(scene);
  const f = svgFidelity(svg, reference);
  return { shapes: scene.groups.length, subPaths: countPaths(scene), segments: countSegments(scene), svgKB: Math.round(svg.length / 1024), psnr: round2(f.psnr), ssim: round4(f.ssim) };
}

/** Our single round (last round's colour count) with the speck size that brings its shape count closest to the budget. */
async function singleRoundAtBudgetAsync(image: RgbaImage, budget: number) {
  const base = defaultMinRegionArea(image.width, image.height);
  let best: { scene: Scene; minRegionArea: number } | undefined;
  for (const factor of [1, 0.75, 0.5, 0.35, 0.25, 0.15]) {
    const minRegionArea = Math.max(1, Math.round(base * factor));
    if (best && minRegionArea === best.minRegionArea) continue;
    const scene = await vectorizeImageAsync(image, { rounds: [ROUNDS[ROUNDS.length - 1]!], minRegionArea });
    if (!best || Math.abs(scene.groups.length - budget) < Math.abs(best.scene.groups.length - budget)) best = { scene, minRegionArea };
    if (scene.groups.length >= budget) break;
  }
  return best!;
}

/** imagetracerjs at the same colour count, pathomit chosen to bring its shape count closest to the budget; also at its defaults. */
function imageTracerFigures(image: RgbaImage, budget: number) {
  const colors = ROUNDS[ROUNDS.length - 1]!;
  const near = imageTracerSvgNearShapeCount(image, colors, budget);
  const f = svgFidelity(near.svg, image);
  const t = performance.now();
  const defaults = imageTracerSvg(image, colors, 8);
  const defaultsMs = performance.now() - t;
  const fd = svgFidelity(defaults, image);
  return {
    sameBudget: { colors, pathomit: near.pathomit, ms: Math.round(near.ms), shapes: near.shapes, svgKB: Math.round(near.svg.length / 1024), psnr: round2(f.psnr), ssim: round4(f.ssim) },
    defaults: { colors, pathomit: 8, ms: Math.round(defaultsMs), shapes: countSvgPathElements(defaults), svgKB: Math.round(defaults.length / 1024), psnr: round2(fd.psnr), ssim: round4(fd.ssim) },
  };
}

function cliWallMs(photo: string): { ms: number; exitCode: number | null } {
  const dir = mkdtempSync(join(tmpdir(), 'clipvg-vec-bench-'));
  try {
    const t = performance.now();
    const r = spawnSync(process.execPath, [join(root, 'bin', 'clipvg.mjs'), 'vectorize', photo, '-o', join(dir, 'out.svg'), '--quiet'], { encoding: 'utf8' });
    return { ms: Math.round(performance.now() - t), exitCode: r.status };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Decodes a synthetic 6000x4000 RGB PNG to the working size: time and the growth of the process's peak RSS. */
export function hugeInputFigures() {
  const w = 6000, h = 4000;
  const data = new Uint8Array(w * h * 3);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) data.set([(x * 255) / w, (y * 255) / h, 128], (y * w + x) * 3);
  const png = encodePng({ width: w, height: h, data, channels: 3, depth: 8 }, { zlib: { level: 1 } });
  const peakBefore = process.resourceUsage().maxRSS * 1024;
  const rssBefore = process.memoryUsage().rss;
  const t = performance.now();
  const decoded = decodeImageToWorkingSize(png, { maxSide: 512 });
  const ms = Math.round(performance.now() - t);
  const peakAfter = process.resourceUsage().maxRSS * 1024;
  return {
    source: `${w}x${h} RGB PNG (${Math.round(png.length / 1e6)} MB file, ${Math.round((w * h * 3) / 1e6)} MB of samples)`,
    working: `${decoded.image.width}x${decoded.image.height}`,
    decodeAndShrinkMs: ms,
    peakRssGrowthMB: Math.round((peakAfter - Math.max(peakBefore, rssBefore)) / 1e6),
    fullSizeFloatCopyWouldBeMB: Math.round((w * h * 4 * 4) / 1e6),
  };
}

export async function runBenchAsync(_args: string[]): Promise<object> {
  // First, while the process is small, so the peak RSS growth is the decode's own.
  const hugeInput = hugeInputFigures();
  const photos = readdirSync(PHOTOS).filter((f) => /\.(png|jpe?g)$/i.test(f)).sort();
  // Warm the JIT so the first photo's time is not mostly compilation.
  await loadSceneFromImageFileAsync(readFileSync(join(PHOTOS, photos[0]!)), { rounds: ROUNDS });
  const results = [];
  for (const name of photos) {
    const path = join(PHOTOS, name);
    const bytes = readFileSync(path);
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const loaded = await loadSceneFromImageFileAsync(bytes, { rounds: ROUNDS });
    const wallMs = Math.round(performance.now() - t0);
    const cpu = process.cpuUsage(cpu0);
    const image = loaded.image;
    const multi = { ...sceneFigures(loaded.scene, image), wallMs, cpuMs: Math.round((cpu.user + cpu.system) / 1000) };
    const budget = loaded.scene.groups.length;
    const single = await singleRoundAtBudgetAsync(image, budget);
    const tracer = imageTracerFigures(image, budget);
    const multiCracks = crackShares(loaded.scene);
    const singleCracks = crackShares(single.scene);
    const lastOnly = await vectorizeImageAsync(image, { rounds: [ROUNDS[ROUNDS.length - 1]!] });
    const lastOnlyCracks = crackShares(lastOnly);
    results.push({
      photo: name,
      source: `${loaded.sourceWidth}x${loaded.sourceHeight}`,
      working: `${image.width}x${image.height}`,
      cli: cliWallMs(path),
      multiRound: multi,
      singleRoundSameBudget: { rounds: [ROUNDS[ROUNDS.length - 1]], minRegionArea: single.minRegionArea, ...sceneFigures(single.scene, image) },
      imagetracerjs: tracer,
      crackTest: {
        multiRound: { unjittered: round4(multiCracks.unjittered), jittered: round4(multiCracks.jittered) },
        singleRoundSameBudget: { unjittered: round4(singleCracks.unjittered), jittered: round4(singleCracks.jittered) },
        lastRoundAlone: { shapes: lastOnly.groups.length, unjittered: round4(lastOnlyCracks.unjittered), jittered: round4(lastOnlyCracks.jittered) },
      },
      ratios: {
        psnrMultiMinusSingle: round2(multi.psnr - sceneFigures(single.scene, image).psnr),
        psnrMultiMinusImagetracerSameBudget: round2(multi.psnr - tracer.sameBudget.psnr),
        psnrMultiMinusImagetracerDefaults: round2(multi.psnr - tracer.defaults.psnr),
        crackSingleOverMulti: round2(singleCracks.jittered / Math.max(multiCracks.jittered, 1e-6)),
      },
    });
  }
  return {
    machine: { cpus: cpus().length, loadAverage1m: round2(loadavg()[0]!) },
    rounds: ROUNDS,
    maxSize: 512,
    hugeInput,
    crackTest: `share of pixels >= 2 px inside the canvas with alpha < 128 in a transparent-background resvg render, after adding N(0, ${CRACK_SIGMA}^2) px to every point coordinate (seed ${CRACK_SEED})`,
    shapes: 'shape groups (<path> elements); subPaths counts holes separately',
    results,
  };
}

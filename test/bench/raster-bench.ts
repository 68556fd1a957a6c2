import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { Affine, Gradient, Scene } from '../../src/scene/scene.ts';
import { groupBounds } from '../../src/engine/edit/edit-group-masks.ts';
import { importSvg } from '../../src/scene/svg-import.ts';
import { cpuTimeOfAsync, gpuProcessPids, newGpuProcess } from '../support/raster-cpu-time.ts';
import { openRasterPageAsync } from '../support/raster-browser.ts';
import { manyBlobsScene } from '../support/raster-scenes.ts';
import { packed, twinGradients, twinImage } from '../support/raster-twin.ts';
import { renderSvgWithResvg } from '../support/resvg-render.ts';
import { scaleScene } from '../../src/cli/commands/render.ts';

// `npm run bench -- raster [--reps N] [--quick] [--svgs a,b] [--no-scaling] [--gradients]`: the rasteriser's WebGPU kernels in headless
// Chromium (SwiftShader here), its float64 twin in Node, and resvg's forward as the
// yardstick, all in one run. Wall times are medians after a warm-up; because this machine is
// shared, the GPU process's CPU time per run is reported too (it does not swing with load).

const SVGS = ['athlete', 'pitt', 'horseriding', 'tajmahal'];

/**
 * The scene with every group painted by a gradient in its control points' box (alternately
 * linear and radial with an off-centre focus, three stops around its fill): the worst case
 * for the paint's per-pixel cost (--gradients).
 */
function withGradients(scene: Scene): Scene {
  return {
    ...scene,
    groups: scene.groups.map((g, i) => {
      const b = groupBounds(scene, i) ?? { x0: 0, y0: 0, x1: 1, y1: 1 };
      const transform: Affine = [Math.max(b.x1 - b.x0, 1e-3), 0, 0, Math.max(b.y1 - b.y0, 1e-3), b.x0, b.y0];
      const shade = (k: number) => ({ r: g.fill.r * k, g: g.fill.g * k, b: g.fill.b * k, a: g.fill.a });
      const stops = [0, 0.5, 1].map((offset, k) => ({ offset, color: shade(0.6 + 0.4 * k) }));
      const gradient: Gradient =
        i % 2 === 0
          ? { kind: 'linear', x1: 0, y1: 0, x2: 1, y2: 1, stops, spread: 'pad', transform }
          : { kind: 'radial', cx: 0.5, cy: 0.5, r: 0.5, fx: 0.4, fy: 0.4, fr: 0, stops, spread: 'pad', transform };
      return { ...g, gradient };
    }),
  };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function timeSync(reps: number, fn: () => void): number {
  const t: number[] = [];
  for (let i = 0; i < reps; i++) {
    const s = performance.now();
    fn();
    t.push(performance.now() - s);
  }
  return median(t);
}

const round = (v: number | undefined, d = 1) => (v === undefined ? undefined : Math.round(v * 10 ** d) / 10 ** d);

export async function runBenchAsync(args: string[]): Promise<object> {
  const { values } = parseArgs({
    args,
    options: {
      reps: { type: 'string' },
      quick: { type: 'boolean' },
      svgs: { type: 'string' },
      'no-scaling': { type: 'boolean' },
      gradients: { type: 'boolean' },
    },
  });
  const reps = Number(values.reps ?? 3);
  const quick = values.quick === true;
  const before = gpuProcessPids();
  const page = await openRasterPageAsync();
  const gpuPid = newGpuProcess(before);
  const webgpuAsync = async (scene: Scene, r: number) => {
    await page.call('uploadAsync', scene);
    await page.call('runStagesAsync', 6, 1); // warm-up (pipelines compiled on the first scene)
    const wall = await page.call('timeAsync', scene, r);
    const fwdCpu = await cpuTimeOfAsync(gpuPid, () => page.call('runStagesAsync', 5, r));
    const fbCpu = await cpuTimeOfAsync(gpuPid, () => page.call('runStagesAsync', 6, r));
    // Stage -1 submits only the clear, 0 adds the line allocation, 1 the flatten: the
    // differences are the cost of recounting lines every forward and of flattening. Batches
    // of 20 per call, interleaved (load swings hit all three), in wall time and in the GPU
    // process's CPU time (steadier on this shared machine).
    const wallTimes: number[][] = [[], [], []];
    const cpuTimes: number[][] = [[], [], []];
    for (let i = 0; i < 2 * r; i++) {
      for (const [k, stages] of [-1, 0, 1].entries()) {
        const t0 = performance.now();
        const cpu = await cpuTimeOfAsync(gpuPid, () => page.call('runStagesAsync', stages, 20));
        wallTimes[k]!.push((performance.now() - t0) / 20);
        if (cpu !== undefined) cpuTimes[k]!.push((cpu * 1000) / 20);
      }
    }
    const [wallMs, cpuMs] = [wallTimes.map(median), cpuTimes.map((t) => (t.length ? median(t) : Number.NaN))] as [number[], number[]];
    return {
      allocateLinesMs: round(wallMs[1]! - wallMs[0]!, 2),
      flattenMs: round(wallMs[2]! - wallMs[1]!, 2),
      allocateLinesGpuProcessCpuMs: round(cpuMs[1]! - cpuMs[0]!, 2),
      flattenGpuProcessCpuMs: round(cpuMs[2]! - cpuMs[1]!, 2),
      forwardMs: round(wall.forwardMs),
      forwardBackwardMs: round(wall.forwardBackwardMs),
      forwardGpuProcessCpuMs: round(fwdCpu === undefined ? undefined : (fwdCpu * 1000) / r),
      forwardBackwardGpuProcessCpuMs: round(fbCpu === undefined ? undefined : (fbCpu * 1000) / r),
    };
  };
  try {
    const svgs: Record<string, object> = {};
    for (const name of values.svgs ? values.svgs.split(',') : quick ? ['athlete'] : SVGS) {
      const text = readFileSync(new URL(`../../examples/${name}.svg`, import.meta.url), 'utf8');
      const scene = importSvg(text);
      const ps = packed(scene);
      renderSvgWithResvg(text, scene.width);
      const resvgMs = timeSync(reps, () => renderSvgWithResvg(text, scene.width));
      const gpu = await webgpuAsync(scene, reps);
      const grad = new Float64Array(scene.width * scene.height * 3).fill(0.001);
      const twinForwardMs = timeSync(1, () => twinImage(ps));
      const twinForwardBackwardMs = timeSync(1, () => twinGradients(ps, grad, 3));
      process.stderr.write(`${name}: ${JSON.stringify(gpu)} resvg ${round(resvgMs)} ms\n`);
      // The same scene with every group a gradient, measured right after the solid one.
      const paint = values.gradients ? await webgpuAsync(withGradients(scene), reps) : undefined;
      svgs[name] = {
        size: `${scene.width}x${scene.height}`,
        groups: ps.groupCount,
        cubicSegments: ps.segmentCount,
        lines: ps.lineCount,
        // What the upload gave before counts followed the points (capped at 32 per segment).
        linesCappedAt32: Array.from(ps.segLineCount).reduce((a, n) => a + Math.min(32, n), 0),
        resvgForwardMs: round(resvgMs),
        webgpu: gpu,
        ...(paint
          ? {
              webgpuAllGradients: paint,
              gradientToSolid: {
                forwardCpu: round(paint.forwardGpuProcessCpuMs! / gpu.forwardGpuProcessCpuMs!, 2),
                forwardBackwardCpu: round(paint.forwardBackwardGpuProcessCpuMs! / gpu.forwardBackwardGpuProcessCpuMs!, 2),
                forwardWall: round(paint.forwardMs! / gpu.forwardMs!, 2),
                forwardBackwardWall: round(paint.forwardBackwardMs! / gpu.forwardBackwardMs!, 2),
              },
            }
          : {}),
        twin: { forwardMs: round(twinForwardMs), forwardBackwardMs: round(twinForwardBackwardMs) },
        ratios: {
          webgpuForwardToResvg: round(gpu.forwardMs! / resvgMs, 2),
          webgpuForwardBackwardToResvg: round(gpu.forwardBackwardMs! / resvgMs, 2),
          allocateLinesToWebgpuForwardCpu: round(gpu.allocateLinesGpuProcessCpuMs! / gpu.forwardGpuProcessCpuMs!, 3),
          twinForwardToResvg: round(twinForwardMs / resvgMs, 2),
          twinForwardBackwardToResvg: round(twinForwardBackwardMs / resvgMs, 2),
        },
      };
    }
    const scaling = values['no-scaling'] !== true;
    const groupScaling: object[] = [];
    for (const count of !scaling ? [] : quick ? [1000, 2000] : [1000, 2000, 5000, 10000, 20000]) {
      const scene = manyBlobsScene(42, 512, count);
      const g = await webgpuAsync(scene, Math.min(reps, 2));
      groupScaling.push({ groups: count, lines: packed(scene).lineCount, ...g });
    }
    const resolutionScaling: object[] = [];
    const pitt = importSvg(readFileSync(new URL('../../examples/pitt.svg', import.meta.url), 'utf8'));
    for (const side of !scaling ? [] : quick ? [256, 512] : [256, 512, 1024, 2048]) {
      const scene = scaleScene(pitt, side / pitt.width);
      const g = await webgpuAsync(scene, Math.min(reps, 2));
      resolutionScaling.push({ side, pixels: side * side, ...g });
    }
    return {
      machine: 'WebGPU = headless Chromium on SwiftShader (CPU); twin and resvg in Node; same run',
      reps,
      svgs,
      groupScaling512: groupScaling,
      resolutionScalingPitt: resolutionScaling,
    };
  } finally {
    await page.closeAsync();
  }
}

import { fileURLToPath } from 'node:url';
import { encode } from 'fast-png';
import { openBrowserEngineAsync } from '../browser-engine.ts';
import { callPageAsync } from '../page-api.ts';
import { RASTER_PAGE } from '../raster-page-api.ts';
import type { CliCommand } from '../cli-command.ts';
import { InputError } from '../cli-errors.ts';
import { readInputFile, writeOutputFile } from '../cli-files.ts';
import { parseCliArgs } from '../parse-cli-args.ts';
import { decodeSvgBytes } from './convert.ts';
import { base64ToFloats } from '../../engine/gpu/base64-floats.ts';
import type { Background } from '../../engine/raster/compositing.ts';
import { flattenLines } from '../../engine/raster/flatten.ts';
import { MAX_CANVAS_SIDE } from '../../engine/raster/gpu-rasterizer.ts';
import { packScene } from '../../engine/raster/packed-scene.ts';
import { renderForwardTwin } from '../../engine/raster/render-forward.ts';
import type { Scene } from '../../scene/scene.ts';
import { SceneValidationError } from '../../scene/scene-validate.ts';
import { importSvg, SvgImportError } from '../../scene/svg-import.ts';

// `clipvg render IN.svg -o OUT.png`: the scene model through our own rasteriser, on WebGPU
// in headless Chromium (the plugin's runtime) or on the float64 twin in Node (--backend cpu).

const USAGE = `usage: clipvg render IN.svg -o OUT.png [--scale S] [--background white|none] [--backend webgpu|cpu]

Renders an SVG through the scene model with the differentiable rasteriser (filled cubic
paths, exact box-filtered anti-aliasing). --scale multiplies the SVG's pixel size (at most
${MAX_CANVAS_SIDE} pixels per side). --background none keeps transparency. --backend cpu runs the
TypeScript twin in Node instead of WebGPU in headless Chromium.`;

export function scaleScene(scene: Scene, s: number): Scene {
  return {
    ...scene,
    width: Math.max(1, Math.round(scene.width * s)),
    height: Math.max(1, Math.round(scene.height * s)),
    groups: scene.groups.map((g) => ({ ...g, paths: g.paths.map((p) => ({ points: p.points.map((v) => v * s) })) })),
  };
}

/** Straight RGBA floats in [0,1] -> 8-bit RGBA. */
export function toRgba8(image: ArrayLike<number>): Uint8Array {
  const out = new Uint8Array(image.length);
  for (let i = 0; i < image.length; i++) out[i] = Math.round(Math.min(1, Math.max(0, image[i]!)) * 255);
  return out;
}

async function renderWebGpuAsync(scene: Scene, background: Background): Promise<Float32Array> {
  const engine = await openBrowserEngineAsync({ entry: fileURLToPath(new URL('../raster-page.ts', import.meta.url)) });
  try {
    const b64 = await callPageAsync(engine.page, RASTER_PAGE, 'renderAsync', scene, background);
    return base64ToFloats(b64);
  } finally {
    await engine.closeAsync();
  }
}

export const renderCommand: CliCommand = {
  usage: USAGE,
  async runAsync(args: string[]): Promise<void> {
    const { values, positionals } = parseCliArgs(args, {
      output: { type: 'string', short: 'o' },
      scale: { type: 'string' },
      background: { type: 'string' },
      backend: { type: 'string' },
    });
    if (positionals.length !== 1) throw new InputError(`expected one input SVG, got ${positionals.length}; ${USAGE.split('\n')[0]}`);
    const input = positionals[0]!;
    const output = values.output;
    if (output === undefined) throw new InputError('missing -o OUT.png');
    const scale = values.scale === undefined ? 1 : Number(values.scale);
    if (!(Number.isFinite(scale) && scale > 0)) throw new InputError(`--scale must be a positive number, got '${values.scale}'`);
    const background = (values.background ?? 'white') as Background;
    if (background !== 'white' && background !== 'none') throw new InputError(`--background must be white or none, got '${values.background}'`);
    const backend = values.backend ?? 'webgpu';
    if (backend !== 'webgpu' && backend !== 'cpu') throw new InputError(`--backend must be webgpu or cpu, got '${values.backend}'`);
    const bytes = readInputFile(input);
    let scene: Scene;
    try {
      scene = importSvg(decodeSvgBytes(bytes, input));
    } catch (err) {
      if (err instanceof SvgImportError || err instanceof SceneValidationError) throw new InputError(`${input}: ${err.message}`);
      throw err;
    }
    scene = scale === 1 ? scene : scaleScene(scene, scale);
    if (scene.width > MAX_CANVAS_SIDE || scene.height > MAX_CANVAS_SIDE) {
      throw new InputError(`${scene.width}x${scene.height} pixels is larger than ${MAX_CANVAS_SIDE} per side; use a smaller --scale`);
    }
    let image: ArrayLike<number>;
    if (backend === 'cpu') {
      const ps = packScene(scene);
      image = renderForwardTwin(ps, flattenLines(ps, ps.points), background).image;
    } else {
      image = await renderWebGpuAsync(scene, background);
    }
    const png = encode({ width: scene.width, height: scene.height, data: toRgba8(image), channels: 4, depth: 8 });
    writeOutputFile(output, png);
    process.stdout.write(`${input} -> ${output}: ${scene.width}x${scene.height}, ${scene.groups.length} groups (${backend})\n`);
  },
};

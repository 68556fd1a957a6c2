import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { initSync, to_svg } from 'vtracer-wasm';
import type { RgbaImage } from '../../../src/image/rgba-image.ts';

// vtracer (visioncortex, MIT; the wasm build published as npm `vtracer-wasm`, pinned as a dev
// dependency) as the benchmark's yardstick. Its module is instantiated from the .wasm file in
// node_modules, synchronously: no fetch, no postinstall step.

// The wasm build reads vtracer's converter settings as they are inside vtracer, not as its
// CLI takes them: colorPrecision is the number of bits dropped (0 keeps full precision; 8
// panics), filterSpeckle is an area in px (the CLI squares its value), and the angle
// thresholds are radians.
export interface VtracerConfig {
  /** 'spline' (cubic curves), 'polygon' or 'none'. */
  mode: 'spline' | 'polygon' | 'none';
  /** 'stacked' (shapes overlap, drawn bottom up) or 'cutout'. */
  hierarchical: 'stacked' | 'cutout';
  /** Clusters smaller than this area (px) are discarded. */
  filterSpeckle: number;
  /** Bits dropped from each RGB channel before clustering, 0..7. */
  colorPrecision: number;
  /** Colour difference between gradient layers, 0..255. */
  layerDifference: number;
  /** Radians. */
  cornerThreshold: number;
  lengthThreshold: number;
  maxIterations: number;
  /** Radians. */
  spliceThreshold: number;
  /** Decimal places in the SVG. */
  pathPrecision: number;
}

/** Stacked splines at full colour precision, vtracer's default angles (60 and 45 degrees) and lengths. */
export const VTRACER_BASE: VtracerConfig = {
  mode: 'spline',
  hierarchical: 'stacked',
  filterSpeckle: 16,
  colorPrecision: 0,
  layerDifference: 16,
  cornerThreshold: Math.PI / 3,
  lengthThreshold: 4,
  maxIterations: 10,
  spliceThreshold: Math.PI / 4,
  pathPrecision: 3,
};

let ready = false;

function init(): void {
  if (ready) return;
  const require = createRequire(import.meta.url);
  initSync({ module: readFileSync(require.resolve('vtracer-wasm/vtracer.wasm')) });
  ready = true;
}

/** vtracer's SVG of an opaque picture. */
export function vtracerSvg(image: RgbaImage, config: VtracerConfig): string {
  init();
  return to_svg(new Uint8Array(image.data.buffer, image.data.byteOffset, image.data.byteLength), image.width, image.height, { binary: false, ...config });
}

export function countPathElements(svg: string): number {
  return svg.match(/<path\b/g)?.length ?? 0;
}

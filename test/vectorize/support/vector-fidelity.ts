import { crackShare, jitterScene } from '../../support/crack-test.ts';
import { psnr, ssim } from '../../support/image-metrics.ts';
import type { RgbaImage } from '../../../src/image/rgba-image.ts';
import type { Scene } from '../../../src/scene/scene.ts';
import { exportSvg } from '../../../src/scene/svg-export.ts';
import { renderSvgWithResvg } from '../../support/resvg-render.ts';

// Shared by the vectorize tests and benchmark: fidelity of an SVG's resvg render against the
// working-size picture, and the crack test (sigma 1 px, seed 1) on a scene.

export const CRACK_SIGMA = 1;
export const CRACK_SEED = 1;

export function svgFidelity(svg: string, reference: RgbaImage): { psnr: number; ssim: number } {
  const render = renderSvgWithResvg(svg, reference.width);
  if (render.height !== reference.height) throw new Error(`render is ${render.width}x${render.height}, reference ${reference.width}x${reference.height}`);
  return { psnr: psnr(render, reference), ssim: ssim(render, reference) };
}

/** Crack share of the scene as is and after the jitter, both rendered over a transparent background. */
export function crackShares(scene: Scene): { unjittered: number; jittered: number } {
  const shareOf = (s: Scene) => crackShare(renderSvgWithResvg(exportSvg(s), s.width, 'rgba(0,0,0,0)'));
  return { unjittered: shareOf(scene), jittered: shareOf(jitterScene(scene, CRACK_SIGMA, CRACK_SEED)) };
}

import { backgroundRgba, NO_OCCLUDER, OCCLUDER_TRANSMITTANCE, type Background } from './compositing.ts';
import type { PackedScene } from './packed-scene.ts';
import { paintGradAt } from './paint-backward.ts';
import { paintColorAt, PAINT_SOLID } from './paint.ts';
import { coverageOf, pixelAreaGrad } from './raster-common.ts';
import { groupArea, rowSpan, type ForwardState } from './render-forward.ts';

// Twin of render-backward.wgsl, in float64. One bottom-up sweep that recomputes the
// composite S_{k-1} under each layer exactly (no division by m, so opaque layers are
// harmless) and weights layer k by its transmittance from above,
//   T_k = exp(logT_total - sum_{occluder < j <= k} log m_j)   (0 below the occluder),
// using what the forward pass stored per pixel. With g = dL/dS_final:
//   dL/dcov_k   = T_k alpha_k <g, (c_k,1) - S_{k-1}>
//   dL/dc_k     = T_k alpha_k cov_k g_rgb,   dL/dalpha_k = T_k cov_k <g, (c_k,1) - S_{k-1}>
// dL/darea = dL/dcov * slope; each line then collects sum over pixels of
// dL/darea * d(area)/d(endpoints): exact where it crosses a pixel, and its full-cover
// derivative times the suffix sum of dL/darea over the pixels right of it in each row.

/** dL/dS_final (premultiplied) from dL/dimage (straight RGB or RGBA). */
export function compositeGradient(composite: ArrayLike<number>, gradImage: ArrayLike<number>, channels: 3 | 4, p: number, out: Float64Array): void {
  const a = composite[p * 4 + 3]!;
  const gr = gradImage[p * channels]!;
  const gg = gradImage[p * channels + 1]!;
  const gb = gradImage[p * channels + 2]!;
  const ga = channels === 4 ? gradImage[p * channels + 3]! : 0;
  if (a > 0) {
    const inv = 1 / a;
    out[0] = gr * inv;
    out[1] = gg * inv;
    out[2] = gb * inv;
    out[3] = ga - (gr * composite[p * 4]! + gg * composite[p * 4 + 1]! + gb * composite[p * 4 + 2]!) * inv * inv;
  } else {
    out[0] = out[1] = out[2] = 0;
    out[3] = ga;
  }
}

export interface BackwardGrads {
  /** dL/d(x0,y0,x1,y1) per line. */
  lineGrad: Float64Array;
  /** dL/d(r,g,b,a) per solid group (0 for gradient groups). */
  colorGrad: Float64Array;
  /** dL/d(paint parameters), laid out as PackedPaint.params. */
  paintGrad: Float64Array;
}

export function renderBackwardTwin(
  ps: PackedScene,
  lines: Float64Array,
  background: Background,
  fwd: ForwardState,
  gradImage: ArrayLike<number>,
  channels: 3 | 4,
): BackwardGrads {
  const n = ps.width * ps.height;
  const gS = new Float64Array(n * 4);
  const tmp4 = new Float64Array(4);
  for (let p = 0; p < n; p++) {
    compositeGradient(fwd.composite, gradImage, channels, p, tmp4);
    gS.set(tmp4, p * 4);
  }
  const S = new Float64Array(n * 4);
  const bg = backgroundRgba(background);
  for (let p = 0; p < n; p++) S.set(bg, p * 4);
  const logAbove = new Float64Array(n);
  const lineGrad = new Float64Array(ps.lineCount * 4);
  const colorGrad = new Float64Array(ps.groupCount * 4);
  const paintGrad = new Float64Array(ps.paint.params.length);
  const tmp = new Float64Array(5);
  const tmpCol = new Float64Array(4);
  for (let g = 0; g < ps.groupCount; g++) {
    const ga = groupArea(ps, lines, g);
    if (!ga) continue;
    const rule = ps.groupRule[g]!;
    const solid = ps.paint.info[g * 4] === PAINT_SOLID;
    const dcol = new Float64Array(4);
    paintColorAt(ps.paint, ps.paint.params, ps.colors, g, 0, 0, tmpCol);
    const c = [tmpCol[0]!, tmpCol[1]!, tmpCol[2]!, 1];
    let alpha = tmpCol[3]!;
    const dArea = new Float64Array(ga.w * ga.h);
    let anyArea = false;
    for (let r = 0; r < ga.h; r++) {
      for (let col = 0; col < ga.w; col++) {
        const i = r * ga.w + col;
        const p = (ga.y0 + r) * ps.width + ga.x0 + col;
        const [cov, slope] = coverageOf(ga.area[i]!, rule);
        const x = ga.x0 + col + 0.5;
        const y = ga.y0 + r + 0.5;
        if (!solid) {
          // A gradient's colour at the pixel centre.
          paintColorAt(ps.paint, ps.paint.params, ps.colors, g, x, y, tmpCol);
          [c[0], c[1], c[2], alpha] = tmpCol as unknown as [number, number, number, number];
        }
        const ac = alpha * cov;
        const m = 1 - ac;
        const occ = fwd.occluder[p]!;
        const o = p * 4;
        if (occ === NO_OCCLUDER || g >= occ) {
          const lk = g === occ ? 0 : logAbove[p]! + Math.log(Math.max(m, OCCLUDER_TRANSMITTANCE));
          const T = Math.exp(fwd.logT[p]! - lk);
          let dot = 0;
          for (let ch = 0; ch < 4; ch++) dot += gS[o + ch]! * (c[ch]! - S[o + ch]!);
          dot *= T;
          const dA = alpha * dot * slope;
          if (dA !== 0) {
            dArea[i] = dA;
            anyArea = true;
          }
          for (let ch = 0; ch < 3; ch++) dcol[ch] = T * gS[o + ch]! * ac;
          dcol[3] = cov * dot;
          if (solid) for (let ch = 0; ch < 4; ch++) colorGrad[g * 4 + ch]! += dcol[ch]!;
          else if (cov !== 0) paintGradAt(ps.paint, ps.paint.params, g, x, y, dcol, paintGrad);
          logAbove[p] = lk;
        }
        for (let ch = 0; ch < 4; ch++) S[o + ch] = ac * c[ch]! + m * S[o + ch]!;
      }
    }
    if (!anyArea) continue;
    // Suffix sums of dL/darea along each row of the box (index w = 0).
    const suffix = new Float64Array((ga.w + 1) * ga.h);
    for (let r = 0; r < ga.h; r++) {
      for (let col = ga.w - 1; col >= 0; col--) suffix[r * (ga.w + 1) + col] = suffix[r * (ga.w + 1) + col + 1]! + dArea[r * ga.w + col]!;
    }
    const xEnd = ga.x0 + ga.w;
    for (let l = ps.groupLineStart[g]!; l < ps.groupLineEnd[g]!; l++) {
      const lx0 = lines[l * 4]!;
      const ly0 = lines[l * 4 + 1]!;
      const lx1 = lines[l * 4 + 2]!;
      const ly1 = lines[l * 4 + 3]!;
      const rLo = Math.max(ga.y0, Math.floor(Math.min(ly0, ly1)));
      const rHi = Math.min(ga.y0 + ga.h - 1, Math.floor(Math.max(ly0, ly1)));
      let g0 = 0;
      let g1 = 0;
      let g2 = 0;
      let g3 = 0;
      for (let py = rLo; py <= rHi; py++) {
        const span = rowSpan(lx0, ly0, lx1, ly1, py);
        if (!span) continue;
        const c0 = Math.floor(span[0]);
        const c1 = Math.floor(span[1]);
        const r = py - ga.y0;
        for (let px = Math.max(c0, ga.x0); px <= Math.min(c1, xEnd - 1); px++) {
          const d = dArea[r * ga.w + px - ga.x0]!;
          if (d === 0) continue;
          pixelAreaGrad(lx0, ly0, lx1, ly1, px, py, tmp);
          g0 += d * tmp[1]!;
          g1 += d * tmp[2]!;
          g2 += d * tmp[3]!;
          g3 += d * tmp[4]!;
        }
        const cs = Math.max(c1 + 1, ga.x0);
        if (cs < xEnd) {
          const sum = suffix[r * (ga.w + 1) + cs - ga.x0]!;
          if (sum !== 0) {
            pixelAreaGrad(lx0, ly0, lx1, ly1, cs + 1e6, py, tmp);
            g1 += sum * tmp[2]!;
            g3 += sum * tmp[4]!;
          }
        }
      }
      lineGrad[l * 4]! += g0;
      lineGrad[l * 4 + 1]! += g1;
      lineGrad[l * 4 + 2]! += g2;
      lineGrad[l * 4 + 3]! += g3;
    }
  }
  return { lineGrad, colorGrad, paintGrad };
}

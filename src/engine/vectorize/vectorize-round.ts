import type { RgbaImage } from '../../image/rgba-image.ts';
import type { ShapeGroup } from '../../scene/scene.ts';
import { fitBoundaryCurves } from './fit-boundary-curves.ts';
import type { RegionMap } from './region-map.ts';
import { traceRegionBoundaries } from './trace-region-boundaries.ts';

// One round: a region map (a complete cover of the picture by 4-connected regions) traced
// along shared boundaries and fitted with cubics. Neighbours share their curves, so a round
// covers the picture exactly once; one shape group per region, filled with the region's
// mean source colour.

export interface RoundOptions {
  fitTolerance: number;
  /** How far (px) a shape reaches under the neighbours drawn above it (see FitOptions.overlap). */
  overlap: number;
  /** Provenance ref, e.g. `round-1`. */
  ref: string;
}

export type RoundStageReport = (stage: 'trace' | 'fit') => void;

/** Traces a region map and fits its shared boundaries: one shape group per region, in its mean colour, largest first. */
export function regionsToGroups(image: RgbaImage, regions: RegionMap, o: RoundOptions, report: RoundStageReport = () => {}): ShapeGroup[] {
  report('trace');
  const boundaries = traceRegionBoundaries(regions);
  // Large regions at the bottom: when the optimiser moves shapes, small details stay on top.
  const order = Array.from({ length: regions.regionCount }, (_, i) => i).sort((a, b) => regions.area[b]! - regions.area[a]! || a - b);
  const drawRank = new Int32Array(regions.regionCount);
  order.forEach((r, i) => (drawRank[r] = i));
  report('fit');
  const { paths } = fitBoundaryCurves(boundaries, image.width, { tolerance: o.fitTolerance, overlap: o.overlap, drawRank });

  const sums = new Float64Array(regions.regionCount * 3);
  for (let p = 0; p < image.width * image.height; p++) {
    const r = regions.regionOf[p]! * 3;
    sums[r]! += image.data[p * 4]!;
    sums[r + 1]! += image.data[p * 4 + 1]!;
    sums[r + 2]! += image.data[p * 4 + 2]!;
  }
  return order.map((r) => {
    const k = 255 * regions.area[r]!;
    return {
      fill: { r: sums[r * 3]! / k, g: sums[r * 3 + 1]! / k, b: sums[r * 3 + 2]! / k, a: 1 },
      fillRule: 'nonzero',
      paths: paths[r]!,
      source: { kind: 'vectorize', ref: o.ref },
    };
  });
}

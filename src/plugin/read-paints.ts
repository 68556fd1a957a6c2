import { figmaPathDataToSubPaths, windingToFillRule, type Affine } from '../scene/figma-path-data.ts';
import { meanStopColour } from '../scene/gradient-mean.ts';
import type { FillRule, Gradient, Rgba, SubPath } from '../scene/scene.ts';
import { copyGradient, gradientFromFigma, stopsFromFigma } from './figma-gradient.ts';
import { readPaint, type PaintReading } from './paint-colour.ts';
import { addGroup, nodeToCanvas, where, type Reader } from './read-context.ts';

// Painted geometry -> scene groups: one group per visible paint and run of equal winding rule.

/** Splits geometry into runs of equal winding rule: one scene group needs one fill rule. */
function geometryRuns(paths: VectorPaths, m: Affine): { rule: FillRule; paths: SubPath[] }[] {
  const runs: { rule: FillRule; paths: SubPath[] }[] = [];
  for (const vp of paths) {
    if (vp.windingRule === 'NONE') continue; // an open path Figma does not fill
    const rule = windingToFillRule(vp.windingRule);
    const sub = figmaPathDataToSubPaths(vp.data, m);
    if (sub.length === 0) continue;
    const last = runs[runs.length - 1];
    if (last && last.rule === rule) last.paths.push(...sub);
    else runs.push({ rule, paths: sub });
  }
  return runs;
}

/** `m` maps the geometry's coordinates to canvas pixels. */
export function addPaintedGeometry(
  r: Reader,
  node: SceneNode,
  paints: readonly Paint[] | PluginAPI['mixed'],
  geometry: VectorPaths,
  m: Affine,
  opacity: number,
  part: 'fill' | 'stroke',
): void {
  if (typeof paints === 'symbol') {
    r.warnings.push({ where: where(node), message: `mixed ${part}s (different colours per text range) are not read; select uniformly coloured text` });
    return;
  }
  const visible = paints.filter((p) => p.visible !== false);
  if (visible.length === 0) return;
  let runs: { rule: FillRule; paths: SubPath[] }[] | undefined;
  visible.forEach((paint, i) => {
    const reading = readPaint(paint, opacity, where(node), r.warnings);
    if (reading.kind === 'image') {
      if (part === 'fill' && !r.imageNodes.some((x) => x.node === node)) r.imageNodes.push({ node, clips: r.clips.slice(), groupIndex: r.groups.length });
      return;
    }
    if (reading.kind !== 'colour' && reading.kind !== 'gradient') return;
    const painted = reading.kind === 'colour' ? { fill: reading.colour } : gradientPaint(r, node, reading);
    runs ??= geometryRuns(geometry, m);
    const suffix = (part === 'stroke' ? ' stroke' : '') + (visible.length > 1 ? ` paint ${i + 1}` : '');
    for (const run of runs) {
      // Figma paints stack bottom-first, like scene groups: same geometry, one group per paint.
      addGroup(r, {
        ...(painted.gradient ? { fill: painted.fill, gradient: copyGradient(painted.gradient) } : painted),
        fillRule: run.rule,
        paths: run.paths.map((p) => ({ points: p.points.slice() })),
        source: { kind: 'figma', ref: node.id, name: node.name + suffix },
      });
    }
  });
}

/**
 * A gradient in the canvas: Figma's gradientTransform is relative to the node's own box (for
 * its strokes too), so the node's transform and size place it, whatever geometry it paints.
 */
function gradientPaint(r: Reader, node: SceneNode, reading: Extract<PaintReading, { kind: 'gradient' }>): { fill: Rgba; gradient?: Gradient } {
  const stops = stopsFromFigma(reading.paint.gradientStops, reading.alpha);
  const size = 'width' in node ? { w: node.width, h: node.height } : { w: 0, h: 0 };
  const g = stops.length > 0 ? gradientFromFigma(reading.shape, reading.paint.gradientTransform, stops, nodeToCanvas(r, node), size.w, size.h) : null;
  if (g) return { fill: meanStopColour(stops), gradient: g };
  r.warnings.push({
    where: where(node),
    message: `${reading.paint.type} approximated by its mean colour: ${stops.length === 0 ? 'it has no stops' : "its transform or the layer's box is singular (zero width or height)"}`,
  });
  return { fill: meanStopColour(stops) };
}

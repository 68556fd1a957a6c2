import { figmaPathDataToSubPaths, invertAffine, multiplyAffine, type Affine } from '../scene/figma-path-data.ts';
import { affineOf, nodeToCanvas, where, type Reader } from './read-context.ts';
import { addPaintedGeometry } from './read-paints.ts';

// Strokes as Figma draws them. strokeGeometry "is always from the center regardless of the
// node's strokeAlign" (plugin typings, MinimalStrokesMixin.strokeGeometry), and the typings say
// nothing of dashes there, so a centred, solid stroke is read from it and every other stroke from
// outlineStroke(), which "performs an action similar to using the Outline Stroke function in the
// editor" and "creates and returns a new node" (GeometryMixin.outlineStroke): that node is read
// and removed at once, even when reading it fails, so a read never leaves anything behind.

type Stroked = SceneNode & MinimalStrokesMixin & { outlineStroke?: () => VectorNode | null; dashPattern?: ReadonlyArray<number> };

/** Canvas-space extent of the outline's anchor points. */
function extent(paths: VectorPaths, m: Affine): { x0: number; y0: number; x1: number; y1: number } | null {
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  for (const vp of paths) {
    for (const p of figmaPathDataToSubPaths(vp.data, m)) {
      for (let i = 0; i < p.points.length; i += 6) {
        x0 = Math.min(x0, p.points[i]!);
        x1 = Math.max(x1, p.points[i]!);
        y0 = Math.min(y0, p.points[i + 1]!);
        y1 = Math.max(y1, p.points[i + 1]!);
      }
    }
  }
  return x0 === Infinity ? null : { x0, y0, x1, y1 };
}

/**
 * The typings do not say what outlineStroke returns for each alignment. An inside stroke
 * "lies completely inside the shape" (MinimalStrokesMixin.strokeAlign): if the outline of one
 * reaches out of the node's own box (measured in the node's axes), Figma outlined something
 * else than what it draws, and the user is told.
 */
function checkOutline(r: Reader, node: Stroked & { width: number; height: number }, paths: VectorPaths, outlineToNode: Affine): void {
  const e = extent(paths, outlineToNode);
  if (!e || node.strokeAlign !== 'INSIDE') return;
  const tol = 0.01 + 1e-6 * Math.max(node.width, node.height);
  if (e.x0 < -tol || e.y0 < -tol || e.x1 > node.width + tol || e.y1 > node.height + tol) {
    r.warnings.push({ where: where(node), message: 'Figma outlined this inside stroke beyond the shape; it is read as Figma outlined it' });
  }
}

export function readStrokes(r: Reader, node: SceneNode, opacity: number): void {
  if (!('strokes' in node) || !('strokeGeometry' in node)) return;
  const n = node as Stroked;
  if (n.strokes.length === 0 || n.strokes.every((p) => p.visible === false)) return;
  const aligned = 'strokeAlign' in n && n.strokeAlign !== 'CENTER';
  const dashed = (n.dashPattern?.length ?? 0) > 0 && n.dashPattern!.some((d) => d > 0);
  if (!aligned && !dashed) {
    addPaintedGeometry(r, node, n.strokes, n.strokeGeometry, nodeToCanvas(r, node), opacity, 'stroke');
    return;
  }
  const what = [aligned ? `aligned ${n.strokeAlign}` : '', dashed ? 'dashed' : ''].filter(Boolean).join(', ');
  let outline: VectorNode | null = null;
  let geometry: VectorPaths | null = null;
  let m: Affine | null = null;
  try {
    if (typeof n.outlineStroke !== 'function') throw new Error('this layer cannot outline its stroke');
    outline = n.outlineStroke();
    if (outline) {
      geometry = outline.fillGeometry;
      m = nodeToCanvas(r, outline);
      if ('width' in n)
        checkOutline(
          r,
          n as Stroked & { width: number; height: number },
          geometry,
          multiplyAffine(invertAffine(affineOf(n.absoluteTransform)), affineOf(outline.absoluteTransform)),
        );
    }
  } catch (e) {
    geometry = null;
    r.warnings.push({
      where: where(node),
      message: `stroke (${what}) could not be outlined (${e instanceof Error ? e.message : String(e)}); read as its centred, solid outline`,
    });
  } finally {
    if (outline && !outline.removed) outline.remove();
  }
  if (geometry && m) addPaintedGeometry(r, node, n.strokes, geometry, m, opacity, 'stroke');
  else addPaintedGeometry(r, node, n.strokes, n.strokeGeometry, nodeToCanvas(r, node), opacity, 'stroke');
}

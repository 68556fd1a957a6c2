import { multiplyAffine, type Affine } from '../scene/figma-path-data.ts';
import type { ImageSource } from '../protocol/protocol.ts';
import { insideConvex } from './clip-paths.ts';
import { canvasBox, canvasCorners, nodeToCanvas, where, type Reader } from './read-context.ts';

// Image paints -> PNGs for the vectoriser, exported only when the user asks to vectorise.
//
// Each node's image paints are exported from a clone that keeps only them: no children, strokes,
// effects or other paints, and no rotation, so the PNG holds what the image paints draw in the
// node's own (0,0,w,h) box, and nothing is vectorised twice (a frame's children are read as
// vectors). `useAbsoluteBounds: true` makes the export cover exactly that box: by default an
// export covers the render bounds, with shadows and outside strokes (ExportSettingsImage.
// useAbsoluteBounds). Figma then applies scaleMode, imageTransform, scalingFactor, rotation and
// the image filters itself, which the alternative, getImageByHash(...).getBytesAsync(), would
// leave to us: the sandbox has no image decoder (the bytes may be JPEG, GIF or PNG) and we would
// re-implement Figma's paint placement and filters. The clone is removed in a finally block.

/** Image exports larger than this factor over the node's size buy nothing for a 224 px CLIP view. */
const MAX_IMAGE_SCALE = 4;
const FRAME_TYPES = new Set<string>(['FRAME', 'COMPONENT', 'INSTANCE', 'COMPONENT_SET']);

type Painted = SceneNode & MinimalFillsMixin & LayoutMixin & ExportMixin & { clone(): SceneNode };

function imagePaints(node: SceneNode): ImagePaint[] {
  if (!('fills' in node) || typeof node.fills === 'symbol') return [];
  return node.fills.filter((p): p is ImagePaint => p.type === 'IMAGE' && p.visible !== false);
}

async function scaleForAsync(api: PluginAPI, node: Painted, paints: ImagePaint[]): Promise<number> {
  let scale = 1;
  for (const p of paints) {
    if (p.imageHash === null) continue;
    const image = api.getImageByHash(p.imageHash);
    if (!image) continue;
    const size = await image.getSizeAsync();
    // Export at the source image's resolution (capped), not at the node's screen size.
    scale = Math.max(scale, Math.min(MAX_IMAGE_SCALE, size.width / Math.max(1e-6, node.width), size.height / Math.max(1e-6, node.height)));
  }
  return scale;
}

async function exportImagePaintsAsync(node: Painted, paints: ImagePaint[], scale: number): Promise<Uint8Array> {
  let clone: SceneNode | null = null;
  try {
    const c = node.clone() as Painted;
    clone = c;
    c.relativeTransform = [
      [1, 0, 0],
      [0, 1, 0],
    ];
    c.fills = paints;
    if ('strokes' in c) c.strokes = [];
    if ('effects' in c) c.effects = [];
    if ('opacity' in c) (c as SceneNode & MinimalBlendMixin).opacity = 1;
    if ('blendMode' in c) c.blendMode = 'NORMAL';
    if ('isMask' in c) c.isMask = false;
    // A boolean's children are its shape; a frame's are layers read as vectors.
    if (FRAME_TYPES.has(c.type) && 'children' in c) for (const child of (c as FrameNode).children) child.visible = false;
    return await c.exportAsync({ format: 'PNG', useAbsoluteBounds: true, constraint: { type: 'SCALE', value: scale } });
  } finally {
    if (clone && !clone.removed) clone.remove();
  }
}

export async function exportImagesAsync(r: Reader): Promise<ImageSource[]> {
  const out: ImageSource[] = [];
  for (const { node, clips, groupIndex } of r.imageNodes) {
    if (!('exportAsync' in node) || !('width' in node) || !('clone' in node)) continue;
    const paints = imagePaints(node);
    if (paints.length === 0) continue;
    const n = node as unknown as Painted;
    const scale = await scaleForAsync(r.api, n, paints);
    const png = await exportImagePaintsAsync(n, paints, scale);
    const m = nodeToCanvas(r, n);
    // The PNG's unit square -> the node's (0,0,w,h) box -> canvas.
    const placement: Affine = multiplyAffine(m, [
      [n.width, 0, 0],
      [0, n.height, 0],
    ]);
    if (clips.some((clip) => canvasCorners(r, n).some((p) => !insideConvex(p, clip)))) {
      r.warnings.push({ where: where(node), message: 'image reaches out of a clipping frame; its vectorised shapes are not clipped' });
    }
    out.push({ nodeId: node.id, name: node.name, ...canvasBox(r, n), scale, png, placement, groupIndex });
  }
  return out;
}

import { multiplyAffine, type Affine } from '../scene/figma-path-data.ts';
import type { SceneWarning, ShapeGroup, SubPath } from '../scene/scene.ts';
import type { PromptFrame } from '../protocol/protocol.ts';
import { clipSubPathsToConvex, type Pt } from './clip-paths.ts';

// What a selection read carries while it walks the tree, shared by the reader's parts.

export interface Reader {
  api: PluginAPI;
  /** Page (absolute) coordinates -> scene (canvas) pixels. */
  toCanvas: Affine;
  groups: ShapeGroup[];
  frames: PromptFrame[];
  warnings: SceneWarning[];
  /** Nodes with image paints, and the clipping frames (canvas polygons) they sit in. */
  imageNodes: { node: SceneNode; clips: Pt[][]; groupIndex: number }[];
  /** Boxes of the clipping frames around the node being read, in canvas pixels. */
  clips: Pt[][];
}

export function where(node: BaseNode): string {
  return `${node.name} (${node.type} ${node.id})`;
}

export function affineOf(t: Transform): Affine {
  return [
    [t[0][0], t[0][1], t[0][2]],
    [t[1][0], t[1][1], t[1][2]],
  ];
}

/** The node's own coordinates -> canvas pixels. */
export function nodeToCanvas(r: Reader, node: { absoluteTransform: Transform }): Affine {
  return multiplyAffine(r.toCanvas, affineOf(node.absoluteTransform));
}

/** Corners of the node's (0,0,w,h) box in canvas pixels, in order around it (the rotated box). */
export function canvasCorners(r: Reader, node: SceneNode & { width: number; height: number }): Pt[] {
  const m = nodeToCanvas(r, node);
  const at = (u: number, v: number): Pt => [m[0][0] * u + m[0][1] * v + m[0][2], m[1][0] * u + m[1][1] * v + m[1][2]];
  return [at(0, 0), at(node.width, 0), at(node.width, node.height), at(0, node.height)];
}

/** Axis-aligned box of the node's (0,0,w,h) rectangle in canvas pixels. */
export function canvasBox(r: Reader, node: SceneNode & { width: number; height: number }): { x: number; y: number; width: number; height: number } {
  const c = canvasCorners(r, node);
  const xs = c.map((p) => p[0]);
  const ys = c.map((p) => p[1]);
  const x = Math.min(...xs);
  const y = Math.min(...ys);
  return { x, y, width: Math.max(...xs) - x, height: Math.max(...ys) - y };
}

/** Adds a group, cut to the clipping frames around it; a group clipped away entirely is dropped. */
export function addGroup(r: Reader, g: ShapeGroup): void {
  let paths: SubPath[] = g.paths;
  for (const clip of r.clips) paths = clipSubPathsToConvex(paths, clip);
  if (paths.length > 0) r.groups.push({ ...g, paths });
}

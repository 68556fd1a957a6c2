import { invertAffine, type Affine } from '../scene/figma-path-data.ts';
import type { Scene } from '../scene/scene.ts';
import type { ImageSource, SelectionInfo } from '../protocol/protocol.ts';
import { readPrompt } from './prompts.ts';
import { affineOf, canvasBox, canvasCorners, nodeToCanvas, where, type Reader } from './read-context.ts';
import { exportImagesAsync } from './read-images.ts';
import { lockedGroupsAsync } from './read-locks.ts';
import { addPaintedGeometry } from './read-paints.ts';
import { readStrokes } from './read-strokes.ts';

// Selection -> scene, in the coordinates of the selected frame (or of the selection's render
// bounds when several nodes or a non-frame are selected). Every node is placed through its
// absoluteTransform composed with the inverse of the source's: relativeTransform would be
// wrong under groups, whose children are positioned relative to the nearest frame, not the group.
// Geometry is what Figma draws: fillGeometry for every node type (a vector's vectorPaths are
// "a simple, but incomplete representation", without its corner radii), strokes as outlined
// (read-strokes.ts), children in drawing order, clipping frames applied.

export interface SelectionReading {
  scene: Scene | null;
  info: SelectionInfo;
  /** Exported only when asked (options.images): exports are slow and only vectorising needs them. */
  images: ImageSource[];
}

const FRAME_TYPES = new Set<string>(['FRAME', 'COMPONENT', 'INSTANCE', 'COMPONENT_SET']);
const CONTAINER_TYPES = new Set<string>(['GROUP', 'SECTION']);
const GEOMETRY_TYPES = new Set<string>(['VECTOR', 'RECTANGLE', 'ELLIPSE', 'POLYGON', 'STAR', 'LINE', 'BOOLEAN_OPERATION', 'TEXT']);

function emptyInfo(note: string): SelectionInfo {
  return { sourceId: null, sourceIds: [], sourceName: '', frames: [], groupCount: 0, pathCount: 0, imageCount: 0, warnings: [], note };
}

function readFillsAndStrokes(r: Reader, node: SceneNode, opacity: number): void {
  if ('fills' in node && 'fillGeometry' in node) addPaintedGeometry(r, node, node.fills, node.fillGeometry, nodeToCanvas(r, node), opacity, 'fill');
  readStrokes(r, node, opacity);
}

function warnNodeExtras(r: Reader, node: SceneNode): void {
  if ('effects' in node && node.effects.some((e) => e.visible)) r.warnings.push({ where: where(node), message: 'effects (shadows, blurs) are left out' });
  if ('isMask' in node && node.isMask) r.warnings.push({ where: where(node), message: 'mask is drawn as an ordinary shape; masking is not applied' });
  if ('blendMode' in node && node.blendMode !== 'NORMAL' && node.blendMode !== 'PASS_THROUGH') {
    r.warnings.push({ where: where(node), message: `layer blend mode ${node.blendMode} is drawn as NORMAL` });
  }
}

/**
 * Children bottom-first, as drawn: ChildrenMixin.children is "sorted back-to-front", except that
 * an auto-layout frame with itemReverseZIndex draws its first child on top
 * (AutoLayoutMixin.itemReverseZIndex; it applies only with layoutMode HORIZONTAL or VERTICAL).
 */
function drawnChildren(node: ChildrenMixin & SceneNode): SceneNode[] {
  const visible = node.children.filter((c) => c.visible);
  const auto = 'layoutMode' in node && (node.layoutMode === 'HORIZONTAL' || node.layoutMode === 'VERTICAL');
  return auto && 'itemReverseZIndex' in node && node.itemReverseZIndex ? visible.reverse() : visible;
}

function visitChildren(r: Reader, node: ChildrenMixin & SceneNode, opacity: number): void {
  const children = drawnChildren(node);
  if (opacity < 1 && children.length > 1 && node.type !== 'BOOLEAN_OPERATION') {
    r.warnings.push({ where: where(node), message: 'layer opacity is applied to each child separately (overlaps show through)' });
  }
  for (const child of children) visit(r, child, opacity);
}

/** A clipping frame's children are cut to its (possibly rotated) box: exact, curves and all. */
function visitFrameChildren(r: Reader, frame: FrameNode, opacity: number): void {
  if (!frame.clipsContent) {
    visitChildren(r, frame, opacity);
    return;
  }
  r.clips.push(canvasCorners(r, frame));
  try {
    visitChildren(r, frame, opacity);
  } finally {
    r.clips.pop();
  }
}

function visit(r: Reader, node: SceneNode, parentOpacity: number): void {
  if (!node.visible) return;
  const opacity = parentOpacity * ('opacity' in node ? node.opacity : 1);
  warnNodeExtras(r, node);
  if (FRAME_TYPES.has(node.type) && 'children' in node && 'width' in node) {
    const frame = node as FrameNode;
    readFillsAndStrokes(r, frame, opacity);
    r.frames.push({ nodeId: frame.id, name: frame.name, ...canvasBox(r, frame), prompt: readPrompt(frame), isRoot: false });
    visitFrameChildren(r, frame, opacity);
    return;
  }
  if (CONTAINER_TYPES.has(node.type) && 'children' in node) {
    visitChildren(r, node, opacity);
    return;
  }
  if (GEOMETRY_TYPES.has(node.type)) {
    if (node.type === 'TEXT') r.warnings.push({ where: where(node), message: 'text becomes glyph outlines (no longer editable text)' });
    readFillsAndStrokes(r, node, opacity);
    return;
  }
  r.warnings.push({ where: where(node), message: `${node.type} layers are not read` });
}

/** What a node draws on the page: its render bounds (strokes included: a lone line has height 0 but a stroke), else its box. */
function drawnBox(n: SceneNode): Rect | null {
  const render = 'absoluteRenderBounds' in n ? n.absoluteRenderBounds : null;
  return render && render.width > 0 && render.height > 0 ? render : n.absoluteBoundingBox;
}

export interface ReadOptions {
  /** Export the image paints as PNGs too (only when the user vectorises). */
  images?: boolean;
}

export async function readSelectionAsync(api: PluginAPI, options: ReadOptions = {}): Promise<SelectionReading> {
  return readNodesAsync(api, api.currentPage.selection, options);
}

/**
 * An icon set: two or more frames selected, each read as its own scene (the same edit runs on
 * each in turn, its result placed beside it). Empty when the selection is not that.
 */
export async function readIconSetAsync(api: PluginAPI): Promise<SelectionReading[]> {
  const selection = api.currentPage.selection;
  if (selection.length < 2 || !selection.every((n) => FRAME_TYPES.has(n.type) && 'children' in n)) return [];
  const out: SelectionReading[] = [];
  for (const frame of selection) out.push(await readNodesAsync(api, [frame]));
  return out;
}

/** Reads `selection` as readSelectionAsync reads the page's selection. */
export async function readNodesAsync(api: PluginAPI, selection: readonly SceneNode[], options: ReadOptions = {}): Promise<SelectionReading> {
  if (selection.length === 0) return { scene: null, info: emptyInfo('Select a frame to edit.'), images: [] };
  const single = selection.length === 1 ? selection[0]! : undefined;
  const rootFrame = single && FRAME_TYPES.has(single.type) && 'children' in single ? (single as FrameNode) : undefined;
  let width: number;
  let height: number;
  let toCanvas: Affine;
  if (rootFrame) {
    width = rootFrame.width;
    height = rootFrame.height;
    toCanvas = invertAffine(affineOf(rootFrame.absoluteTransform));
  } else {
    // Several nodes, or one that is not a frame: the canvas is their joint drawn box.
    const boxes = selection.map(drawnBox).filter((b): b is Rect => b !== null);
    if (boxes.length === 0) return { scene: null, info: emptyInfo('The selection has no size.'), images: [] };
    const x0 = Math.min(...boxes.map((b) => b.x));
    const y0 = Math.min(...boxes.map((b) => b.y));
    width = Math.max(...boxes.map((b) => b.x + b.width)) - x0;
    height = Math.max(...boxes.map((b) => b.y + b.height)) - y0;
    if (!(width > 0) || !(height > 0)) return { scene: null, info: emptyInfo('The selection has no size.'), images: [] };
    toCanvas = [
      [1, 0, -x0],
      [0, 1, -y0],
    ];
  }
  const r: Reader = { api, toCanvas, groups: [], frames: [], warnings: [], imageNodes: [], clips: [] };
  if (rootFrame) {
    if (rootFrame.opacity < 1) r.warnings.push({ where: where(rootFrame), message: 'the frame opacity is ignored (the scene is the frame’s content)' });
    readFillsAndStrokes(r, rootFrame, 1);
    r.frames.push({ nodeId: rootFrame.id, name: rootFrame.name, x: 0, y: 0, width, height, prompt: readPrompt(rootFrame), isRoot: true });
    // The root frame's clip is the canvas edge itself: its content is not cut (the optimiser may
    // move shapes in from outside), the rasteriser and the written result frame both clip there.
    for (const child of drawnChildren(rootFrame)) visit(r, child, 1);
  } else {
    for (const node of selection) visit(r, node, 1);
  }
  const images = options.images ? await exportImagesAsync(r) : [];
  const source = rootFrame ?? single ?? selection[0]!;
  const scene: Scene = {
    width,
    height,
    groups: r.groups,
    rois: r.frames
      .filter((f) => !f.isRoot)
      .map((f) => ({ x: f.x, y: f.y, width: f.width, height: f.height, prompt: f.prompt, source: { kind: 'figma', ref: f.nodeId, name: f.name } })),
    warnings: r.warnings,
  };
  const info: SelectionInfo = {
    sourceId: source.id,
    sourceIds: selection.map((n) => n.id),
    sourceName: rootFrame ? rootFrame.name : selection.length === 1 ? source.name : `${selection.length} layers`,
    frames: r.frames,
    groupCount: scene.groups.length,
    pathCount: scene.groups.reduce((n, g) => n + g.paths.length, 0),
    imageCount: r.imageNodes.length,
    lockedGroups: await lockedGroupsAsync(api, scene, selection),
    warnings: r.warnings,
    note: '',
  };
  return { scene, info, images };
}

import {
  figmaPathDataToSubPaths,
  invertAffine,
  multiplyAffine,
  windingToFillRule,
  type Affine,
} from '../scene/figma-path-data.ts';
import type { FillRule, Scene, SceneWarning, ShapeGroup, SubPath } from '../scene/scene.ts';
import type { ImageSource, PromptFrame, SelectionInfo } from '../protocol/protocol.ts';
import { readPaint } from './paint-colour.ts';
import { readPrompt } from './prompts.ts';

// Selection -> scene, in the coordinates of the selected frame (or of the selection's bounding
// box when several nodes or a non-frame are selected). Every node is placed through its
// absoluteTransform composed with the inverse of the source's: relativeTransform would be
// wrong under groups, whose children are positioned relative to the nearest frame, not the group.

export interface SelectionReading {
  scene: Scene | null;
  info: SelectionInfo;
  images: ImageSource[];
}

const FRAME_TYPES = new Set<string>(['FRAME', 'COMPONENT', 'INSTANCE', 'COMPONENT_SET']);
const CONTAINER_TYPES = new Set<string>(['GROUP', 'SECTION']);
const GEOMETRY_TYPES = new Set<string>(['VECTOR', 'RECTANGLE', 'ELLIPSE', 'POLYGON', 'STAR', 'LINE', 'BOOLEAN_OPERATION', 'TEXT']);
/** Image exports larger than this factor over the node's size buy nothing for a 224 px CLIP view. */
const MAX_IMAGE_SCALE = 4;

interface Reader {
  api: PluginAPI;
  toCanvas: Affine;
  groups: ShapeGroup[];
  frames: PromptFrame[];
  warnings: SceneWarning[];
  imageNodes: SceneNode[];
}

function where(node: BaseNode): string {
  return `${node.name} (${node.type} ${node.id})`;
}

function affineOf(t: Transform): Affine {
  return [
    [t[0][0], t[0][1], t[0][2]],
    [t[1][0], t[1][1], t[1][2]],
  ];
}

function emptyInfo(note: string): SelectionInfo {
  return { sourceId: null, sourceName: '', frames: [], groupCount: 0, pathCount: 0, imageCount: 0, warnings: [], note };
}

/** Axis-aligned box of the node's (0,0,w,h) rectangle in canvas pixels. */
function canvasBox(r: Reader, node: SceneNode & { width: number; height: number }): { x: number; y: number; width: number; height: number } {
  const m = multiplyAffine(r.toCanvas, affineOf(node.absoluteTransform));
  const xs: number[] = [];
  const ys: number[] = [];
  for (const [u, v] of [
    [0, 0],
    [node.width, 0],
    [0, node.height],
    [node.width, node.height],
  ] as const) {
    xs.push(m[0][0] * u + m[0][1] * v + m[0][2]);
    ys.push(m[1][0] * u + m[1][1] * v + m[1][2]);
  }
  const x = Math.min(...xs);
  const y = Math.min(...ys);
  return { x, y, width: Math.max(...xs) - x, height: Math.max(...ys) - y };
}

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

function addPaintedGeometry(r: Reader, node: SceneNode, paints: readonly Paint[] | PluginAPI['mixed'], geometry: VectorPaths, opacity: number, part: 'fill' | 'stroke'): void {
  if (typeof paints === 'symbol') {
    r.warnings.push({ where: where(node), message: `mixed ${part}s (different colours per text range) are not read; select uniformly coloured text` });
    return;
  }
  const visible = paints.filter((p) => p.visible !== false);
  if (visible.length === 0) return;
  const m = multiplyAffine(r.toCanvas, affineOf(node.absoluteTransform));
  let runs: { rule: FillRule; paths: SubPath[] }[] | undefined;
  visible.forEach((paint, i) => {
    const reading = readPaint(paint, opacity, where(node), r.warnings);
    if (reading.kind === 'image') {
      if (!r.imageNodes.includes(node)) r.imageNodes.push(node);
      return;
    }
    if (reading.kind !== 'colour') return;
    runs ??= geometryRuns(geometry, m);
    const suffix = (part === 'stroke' ? ' stroke' : '') + (visible.length > 1 ? ` paint ${i + 1}` : '');
    for (const run of runs) {
      // Figma paints stack bottom-first, like scene groups: same geometry, one group per paint.
      r.groups.push({
        fill: reading.colour,
        fillRule: run.rule,
        paths: run.paths.map((p) => ({ points: p.points.slice() })),
        source: { kind: 'figma', ref: node.id, name: node.name + suffix },
      });
    }
  });
}

function readStrokes(r: Reader, node: SceneNode, opacity: number): void {
  if (!('strokes' in node) || !('strokeGeometry' in node)) return;
  if (node.strokes.length === 0) return;
  if ('strokeAlign' in node && node.strokeAlign !== 'CENTER') {
    r.warnings.push({ where: where(node), message: `stroke aligned ${node.strokeAlign} is read as its centred outline` });
  }
  addPaintedGeometry(r, node, node.strokes, node.strokeGeometry, opacity, 'stroke');
}

function readFillsAndStrokes(r: Reader, node: SceneNode, opacity: number): void {
  if ('fills' in node && 'fillGeometry' in node) {
    // A vector's own paths are the control points the user drew; fill geometry is Figma's
    // resolved outline of them. Prefer the former so edits keep the user's structure.
    const geometry = node.type === 'VECTOR' && node.vectorPaths.some((p) => p.windingRule !== 'NONE') ? node.vectorPaths : node.fillGeometry;
    addPaintedGeometry(r, node, node.fills, geometry, opacity, 'fill');
  }
  readStrokes(r, node, opacity);
}

function warnNodeExtras(r: Reader, node: SceneNode): void {
  if ('effects' in node && node.effects.some((e) => e.visible)) r.warnings.push({ where: where(node), message: 'effects (shadows, blurs) are left out' });
  if ('isMask' in node && node.isMask) r.warnings.push({ where: where(node), message: 'mask is drawn as an ordinary shape; masking is not applied' });
  if ('blendMode' in node && node.blendMode !== 'NORMAL' && node.blendMode !== 'PASS_THROUGH') {
    r.warnings.push({ where: where(node), message: `layer blend mode ${node.blendMode} is drawn as NORMAL` });
  }
}

function visitChildren(r: Reader, node: ChildrenMixin & SceneNode, opacity: number): void {
  const visibleChildren = node.children.filter((c) => c.visible);
  if (opacity < 1 && visibleChildren.length > 1 && node.type !== 'BOOLEAN_OPERATION') {
    r.warnings.push({ where: where(node), message: 'layer opacity is applied to each child separately (overlaps show through)' });
  }
  for (const child of visibleChildren) visit(r, child, opacity);
}

function visit(r: Reader, node: SceneNode, parentOpacity: number): void {
  if (!node.visible) return;
  const opacity = parentOpacity * ('opacity' in node ? node.opacity : 1);
  warnNodeExtras(r, node);
  if (FRAME_TYPES.has(node.type) && 'children' in node && 'width' in node) {
    const frame = node as FrameNode;
    readFillsAndStrokes(r, frame, opacity);
    const box = canvasBox(r, frame);
    r.frames.push({ nodeId: frame.id, name: frame.name, ...box, prompt: readPrompt(frame), isRoot: false });
    const first = r.groups.length;
    visitChildren(r, frame, opacity);
    if (frame.clipsContent && groupsLeaveBox(r.groups.slice(first), box)) {
      r.warnings.push({ where: where(frame), message: 'frame clips its content; the scene does not clip, so content outside the frame shows' });
    }
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

function groupsLeaveBox(groups: ShapeGroup[], box: { x: number; y: number; width: number; height: number }): boolean {
  const tol = 0.5;
  for (const g of groups) {
    for (const p of g.paths) {
      for (let i = 0; i < p.points.length; i += 2) {
        const x = p.points[i]!;
        const y = p.points[i + 1]!;
        if (x < box.x - tol || y < box.y - tol || x > box.x + box.width + tol || y > box.y + box.height + tol) return true;
      }
    }
  }
  return false;
}

async function exportImagesAsync(r: Reader): Promise<ImageSource[]> {
  const out: ImageSource[] = [];
  for (const node of r.imageNodes) {
    if (!('exportAsync' in node) || !('width' in node)) continue;
    let scale = 1;
    const paints = 'fills' in node && typeof node.fills !== 'symbol' ? node.fills : [];
    for (const p of paints) {
      if (p.type !== 'IMAGE' || p.imageHash === null) continue;
      const image = r.api.getImageByHash(p.imageHash);
      if (!image) continue;
      const size = await image.getSizeAsync();
      // Export at the source image's resolution (capped), not at the node's screen size.
      scale = Math.max(scale, Math.min(MAX_IMAGE_SCALE, size.width / Math.max(1e-6, node.width)));
    }
    const png = await node.exportAsync({ format: 'PNG', constraint: { type: 'SCALE', value: scale } });
    out.push({ nodeId: node.id, name: node.name, ...canvasBox(r, node), scale, png });
  }
  return out;
}

export async function readSelectionAsync(api: PluginAPI): Promise<SelectionReading> {
  const selection = api.currentPage.selection;
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
    // Several nodes, or one that is not a frame: the canvas is their joint bounding box.
    const boxes = selection.map((n) => n.absoluteBoundingBox).filter((b): b is Rect => b !== null);
    if (boxes.length === 0) return { scene: null, info: emptyInfo('The selection has no size.'), images: [] };
    const x0 = Math.min(...boxes.map((b) => b.x));
    const y0 = Math.min(...boxes.map((b) => b.y));
    width = Math.max(...boxes.map((b) => b.x + b.width)) - x0;
    height = Math.max(...boxes.map((b) => b.y + b.height)) - y0;
    toCanvas = [
      [1, 0, -x0],
      [0, 1, -y0],
    ];
  }
  const r: Reader = { api, toCanvas, groups: [], frames: [], warnings: [], imageNodes: [] };
  if (rootFrame) {
    if (rootFrame.opacity < 1) r.warnings.push({ where: where(rootFrame), message: 'the frame opacity is ignored (the scene is the frame’s content)' });
    readFillsAndStrokes(r, rootFrame, 1);
    r.frames.push({ nodeId: rootFrame.id, name: rootFrame.name, x: 0, y: 0, width, height, prompt: readPrompt(rootFrame), isRoot: true });
    for (const child of rootFrame.children) visit(r, child, 1);
  } else {
    for (const node of selection) visit(r, node, 1);
  }
  const images = await exportImagesAsync(r);
  const source = rootFrame ?? single ?? selection[0]!;
  const scene: Scene = {
    width,
    height,
    groups: r.groups,
    rois: r.frames.filter((f) => !f.isRoot).map((f) => ({ x: f.x, y: f.y, width: f.width, height: f.height, prompt: f.prompt, source: { kind: 'figma', ref: f.nodeId, name: f.name } })),
    warnings: r.warnings,
  };
  const info: SelectionInfo = {
    sourceId: source.id,
    sourceName: rootFrame ? rootFrame.name : selection.length === 1 ? source.name : `${selection.length} layers`,
    frames: r.frames,
    groupCount: scene.groups.length,
    pathCount: scene.groups.reduce((n, g) => n + g.paths.length, 0),
    imageCount: images.length,
    warnings: r.warnings,
    note: '',
  };
  return { scene, info, images };
}

import { fillRuleToWinding, subPathsToFigmaPathData } from '../scene/figma-path-data.ts';
import type { Provenance, Scene, SceneWarning, ShapeGroup } from '../scene/scene.ts';
import { figmaLosses, gradientTransformToFigma, stopsToFigma } from './figma-gradient.ts';
import { affineOf } from './read-context.ts';
import { resultTransform, unionOf, type PageBox } from './place-result.ts';

export { RESULT_GAP } from './place-result.ts';

// Scene -> a new frame beside the source: one VectorNode per shape group, in draw order. The
// source is never touched. Nodes are created in batches with a yield between them so Figma
// repaints and the UI can show progress on 10,000-group scenes. commitUndo before the first node
// and after the last makes the apply exactly one undo step: "By default, plugin actions are not
// committed to undo history" (PluginAPI.commitUndo), so without the first commit, undoing an
// Apply would also undo the prompts stored on layers before it.

export interface WriteRequest {
  sourceId: string;
  /** Every selected layer (the result goes beside all of them); [sourceId] when absent. */
  besideIds?: string[];
  prompt: string;
  scene: Scene;
}

export interface WriteResult {
  frame: FrameNode;
  nodeCount: number;
  /** What Figma could not draw exactly (a gradient's spread or focal point), per layer. */
  warnings: SceneWarning[];
}

export interface WriteOptions {
  batchSize?: number;
  onProgress?: (done: number, total: number) => void;
}

export const DEFAULT_BATCH_SIZE = 500;
const FRAME_TYPES = new Set<string>(['FRAME', 'COMPONENT', 'INSTANCE', 'COMPONENT_SET']);
/** LayoutMixin.resize: width and height "Must be >= 0.01". */
const MIN_SIZE = 0.01;

export function layerName(source: Provenance): string {
  return source.name ? `${source.name} · ${source.ref}` : source.ref;
}

export function resultFrameName(sourceName: string, prompt: string): string {
  const p = prompt.trim();
  return p ? `${sourceName} — ${p}` : `${sourceName} — CLIPVG`;
}

function yieldToFigmaAsync(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

function pageOf(node: BaseNode): PageNode | null {
  let n: BaseNode | null = node;
  while (n && n.type !== 'PAGE') n = n.parent;
  return n;
}

/** What a layer covers on the page, shadows and strokes included. */
function coveredBox(n: SceneNode): PageBox | null {
  const render = 'absoluteRenderBounds' in n ? n.absoluteRenderBounds : null;
  return unionOf([render, n.absoluteBoundingBox].filter((b): b is Rect => b !== null));
}

/**
 * Beside the selection, always as a top-level frame on the source's page: inside a group it would
 * resize the group, inside an auto-layout frame it would reflow its siblings, inside a clipping
 * frame it could be hidden. Under dynamic-page a page's children may only be used after
 * PageNode.loadAsync ("you must first call PageNode.loadAsync", ChildrenMixin.children).
 */
async function placeBesideAsync(api: PluginAPI, source: SceneNode, beside: SceneNode[], frame: FrameNode, framed: boolean): Promise<void> {
  const page = pageOf(source) ?? api.currentPage;
  await page.loadAsync();
  if (source.parent === page) page.insertChild(page.children.indexOf(source) + 1, frame);
  else page.appendChild(frame);
  const box = unionOf(beside.map(coveredBox).filter((b): b is PageBox => b !== null)) ?? { x: 0, y: 0, width: 0, height: 0 };
  // A frame's scene is in the frame's own axes: turn the result as the source is turned.
  const t = source.absoluteTransform;
  const linear: [[number, number], [number, number]] = framed
    ? [
        [t[0][0], t[0][1]],
        [t[1][0], t[1][1]],
      ]
    : [
        [1, 0],
        [0, 1],
      ];
  frame.relativeTransform = resultTransform(box, linear, frame.width, frame.height);
}

/**
 * The group's paint on its new vector. A gradient is placed by the vector's box as Figma set it
 * from vectorPaths (relativeTransform is relative to the frame, whose space is the canvas).
 */
function paintOf(g: ShapeGroup, v: VectorNode, warnings: SceneWarning[]): Paint {
  const solid: SolidPaint = { type: 'SOLID', color: { r: g.fill.r, g: g.fill.g, b: g.fill.b }, opacity: g.fill.a };
  if (!g.gradient) return solid;
  const where = `${v.name} (${v.id})`;
  const t = gradientTransformToFigma(g.gradient, affineOf(v.relativeTransform), v.width, v.height);
  if (!t) {
    warnings.push({ where, message: `${g.gradient.kind} gradient written as its mean colour: the layer or the gradient has no extent` });
    return solid;
  }
  for (const message of figmaLosses(g.gradient)) warnings.push({ where, message });
  return {
    type: g.gradient.kind === 'linear' ? 'GRADIENT_LINEAR' : 'GRADIENT_RADIAL',
    gradientTransform: t,
    gradientStops: stopsToFigma(g.gradient.stops),
  };
}

export async function writeSceneAsync(api: PluginAPI, req: WriteRequest, options: WriteOptions = {}): Promise<WriteResult> {
  const source = await api.getNodeByIdAsync(req.sourceId);
  if (!source || source.type === 'DOCUMENT' || source.type === 'PAGE' || source.removed) {
    throw new Error(`the source layer ${req.sourceId} no longer exists; select the frame again`);
  }
  const beside: SceneNode[] = [];
  for (const id of req.besideIds?.length ? req.besideIds : [req.sourceId]) {
    const n = id === req.sourceId ? source : await api.getNodeByIdAsync(id);
    if (n && n.type !== 'DOCUMENT' && n.type !== 'PAGE' && !n.removed) beside.push(n);
  }
  if (!beside.includes(source as SceneNode)) beside.push(source as SceneNode);
  const framed = FRAME_TYPES.has(source.type) && beside.length === 1;
  const batchSize = Math.max(1, options.batchSize ?? DEFAULT_BATCH_SIZE);
  const { scene } = req;
  const total = scene.groups.length;
  const warnings: SceneWarning[] = [];
  api.commitUndo();
  const frame = api.createFrame();
  try {
    frame.name = resultFrameName(source.name, req.prompt);
    frame.resize(Math.max(MIN_SIZE, scene.width), Math.max(MIN_SIZE, scene.height));
    frame.fills = [];
    frame.clipsContent = true;
    await placeBesideAsync(api, source as SceneNode, beside, frame, framed);
    for (let i = 0; i < total; i++) {
      const g = scene.groups[i]!;
      const v = api.createVector();
      frame.appendChild(v);
      v.name = layerName(g.source);
      v.x = 0;
      v.y = 0;
      v.vectorPaths = [{ windingRule: fillRuleToWinding(g.fillRule), data: subPathsToFigmaPathData(g.paths) }];
      v.fills = [paintOf(g, v, warnings)];
      v.strokes = [];
      if ((i + 1) % batchSize === 0 && i + 1 < total) {
        options.onProgress?.(i + 1, total);
        await yieldToFigmaAsync();
      }
    }
  } catch (e) {
    // A half-written result is worse than none: the user would have to find and delete it.
    frame.remove();
    throw e;
  }
  api.commitUndo();
  options.onProgress?.(total, total);
  return { frame, nodeCount: total, warnings };
}

import { fillRuleToWinding, subPathsToFigmaPathData } from '../scene/figma-path-data.ts';
import type { Provenance, Scene } from '../scene/scene.ts';

// Scene -> a new frame beside the source: one VectorNode per shape group, in draw order. The
// source is never touched. Nodes are created in batches with a yield between them so Figma
// repaints and the UI can show progress on 10,000-group scenes; commitUndo once at the end
// makes the whole apply one undo step.

export interface WriteRequest {
  sourceId: string;
  prompt: string;
  scene: Scene;
}

export interface WriteResult {
  frame: FrameNode;
  nodeCount: number;
}

export interface WriteOptions {
  batchSize?: number;
  onProgress?: (done: number, total: number) => void;
}

/** Gap between the source and the result, in canvas pixels. */
export const RESULT_GAP = 40;
export const DEFAULT_BATCH_SIZE = 500;

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

/**
 * Beside the source, always as a top-level frame on the source's page: inside a group it would
 * resize the group, inside an auto-layout frame it would reflow its siblings, inside a clipping
 * frame it could be hidden.
 */
function placeBeside(api: PluginAPI, source: SceneNode, frame: FrameNode): void {
  const page = pageOf(source) ?? api.currentPage;
  if (source.parent === page) page.insertChild(page.children.indexOf(source) + 1, frame);
  else page.appendChild(frame);
  const box = source.absoluteBoundingBox ?? { x: 0, y: 0, width: 0, height: 0 };
  frame.x = box.x + box.width + RESULT_GAP;
  frame.y = box.y;
}

export async function writeSceneAsync(api: PluginAPI, req: WriteRequest, options: WriteOptions = {}): Promise<WriteResult> {
  const source = await api.getNodeByIdAsync(req.sourceId);
  if (!source || source.type === 'DOCUMENT' || source.type === 'PAGE' || source.removed) {
    throw new Error(`the source layer ${req.sourceId} no longer exists; select the frame again`);
  }
  const batchSize = Math.max(1, options.batchSize ?? DEFAULT_BATCH_SIZE);
  const { scene } = req;
  const total = scene.groups.length;
  const frame = api.createFrame();
  try {
    frame.name = resultFrameName(source.name, req.prompt);
    frame.resize(scene.width, scene.height);
    frame.fills = [];
    frame.clipsContent = true;
    placeBeside(api, source as SceneNode, frame);
    for (let i = 0; i < total; i++) {
      const g = scene.groups[i]!;
      const v = api.createVector();
      frame.appendChild(v);
      v.name = layerName(g.source);
      v.x = 0;
      v.y = 0;
      v.vectorPaths = [{ windingRule: fillRuleToWinding(g.fillRule), data: subPathsToFigmaPathData(g.paths) }];
      v.fills = [{ type: 'SOLID', color: { r: g.fill.r, g: g.fill.g, b: g.fill.b }, opacity: g.fill.a }];
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
  return { frame, nodeCount: total };
}

import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { openBrowserEngineAsync, type BrowserEngine } from '../../src/cli/browser-engine.ts';
import type { EditPageRun, EditPageRunOptions } from '../../src/cli/edit-page.ts';
import type { DirectionalSimilarity, EditOptions } from '../../src/engine/edit/edit-types.ts';
import type { Scene } from '../../src/scene/scene.ts';

// Opens the CLI's edit page (the plugin's engine object) in headless Chromium with a model
// folder and the templates served from loopback, for tests and the benchmark.

export const SHAPES_CLIP_DIR = fileURLToPath(new URL('../../models/shapes-clip', import.meta.url));
export const TEMPLATES = fileURLToPath(new URL('../../models/clip-text/imagenet-templates.json', import.meta.url));

type PageFns = Record<string, (...args: never[]) => Promise<unknown>>;
export const callPage = <T>(page: Page, name: string, ...args: unknown[]) =>
  page.evaluate(([n, a]) => ((globalThis as unknown as PageFns)[n as string] as (...x: unknown[]) => Promise<unknown>)(...(a as unknown[])), [name, args] as const) as Promise<T>;

export interface EditBrowser {
  engine: BrowserEngine;
  editAsync(scene: Scene, options: EditOptions, run?: EditPageRunOptions): Promise<EditPageRun>;
  similarityAsync(source: Scene, edited: Scene, prompt: string): Promise<DirectionalSimilarity>;
  closeAsync(): Promise<void>;
}

export async function openEditBrowserAsync(modelDir = SHAPES_CLIP_DIR, opts: { trackMemory?: boolean; modelId?: string; clipProvider?: 'webgpu' | 'wasm' | 'auto' } = {}): Promise<EditBrowser> {
  const engine = await openBrowserEngineAsync({
    entry: fileURLToPath(new URL('../../src/cli/edit-page.ts', import.meta.url)),
    assets: {
      'model/vision_model.onnx': { file: `${modelDir}/vision_model.onnx` },
      'model/text_model.onnx': { file: `${modelDir}/text_model.onnx` },
      'model/tokenizer.json': { file: `${modelDir}/tokenizer.json` },
      'templates.json': { file: TEMPLATES },
    },
  });
  try {
    await callPage(engine.page, 'initAsync', { modelBase: 'model/', modelId: opts.modelId ?? 'shapes-clip', templatesPath: 'templates.json', trackMemory: opts.trackMemory ?? false, clipProvider: opts.clipProvider ?? 'auto' });
  } catch (err) {
    await engine.closeAsync();
    throw err;
  }
  return {
    engine,
    editAsync: (scene, options, run = {}) => callPage<EditPageRun>(engine.page, 'editAsync', scene, options, run),
    similarityAsync: (source, edited, prompt) => callPage<DirectionalSimilarity>(engine.page, 'similarityAsync', source, edited, prompt),
    closeAsync: () => engine.closeAsync(),
  };
}

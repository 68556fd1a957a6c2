import { fileURLToPath } from 'node:url';
import { openBrowserEngineAsync, type BrowserEngine } from '../../src/cli/browser-engine.ts';
import { EDIT_PAGE, type EditPageRun, type EditPageRunOptions } from '../../src/cli/edit-page-api.ts';
import { callPageAsync } from '../../src/cli/page-api.ts';
import type { DirectionalSimilarity, EditCheckpoint, EditOptions, EditResult, EditVariation } from '../../src/engine/edit/edit-types.ts';
import type { Scene } from '../../src/scene/scene.ts';
import { EDIT_TEST_PAGE } from './test-page-apis.ts';

// Opens the CLI's edit page (the plugin's engine object) in headless Chromium with a model
// folder and the templates served from loopback, for tests and the benchmark. The entry is
// the test page: the product's EDIT_PAGE plus EDIT_TEST_PAGE.

export const SHAPES_CLIP_DIR = fileURLToPath(new URL('../../models/shapes-clip', import.meta.url));
export const TEMPLATES = fileURLToPath(new URL('../../models/clip-text/imagenet-templates.json', import.meta.url));

export interface EditBrowser {
  engine: BrowserEngine;
  editAsync(scene: Scene, options: EditOptions, run?: EditPageRunOptions): Promise<EditPageRun>;
  similarityAsync(source: Scene, edited: Scene, prompt: string): Promise<DirectionalSimilarity>;
  continueAsync(checkpoint: EditCheckpoint, iterations: number): Promise<EditResult>;
  variationsAsync(scene: Scene, options: EditOptions, seeds: number[]): Promise<EditVariation[]>;
  cancelledEditAsync(scene: Scene, options: EditOptions, cancelAfter: number): Promise<{ result: EditResult; inputUnchanged: boolean }>;
  closeAsync(): Promise<void>;
}

export async function openEditBrowserAsync(
  modelDir = SHAPES_CLIP_DIR,
  opts: { trackMemory?: boolean; modelId?: string; clipProvider?: 'webgpu' | 'wasm' | 'auto' } = {},
): Promise<EditBrowser> {
  const engine = await openBrowserEngineAsync({
    entry: fileURLToPath(new URL('./edit-test-page.ts', import.meta.url)),
    assets: {
      'model/vision_model.onnx': { file: `${modelDir}/vision_model.onnx` },
      'model/text_model.onnx': { file: `${modelDir}/text_model.onnx` },
      'model/tokenizer.json': { file: `${modelDir}/tokenizer.json` },
      'templates.json': { file: TEMPLATES },
    },
  });
  try {
    await callPageAsync(engine.page, EDIT_PAGE, 'initAsync', {
      modelBase: 'model/',
      modelId: opts.modelId ?? 'shapes-clip',
      templatesPath: 'templates.json',
      trackMemory: opts.trackMemory ?? false,
      clipProvider: opts.clipProvider ?? 'auto',
    });
  } catch (err) {
    await engine.closeAsync();
    throw err;
  }
  return {
    engine,
    editAsync: (scene, options, run = {}) => callPageAsync(engine.page, EDIT_PAGE, 'editAsync', scene, options, run),
    similarityAsync: (source, edited, prompt) => callPageAsync(engine.page, EDIT_PAGE, 'similarityAsync', source, edited, prompt),
    continueAsync: (checkpoint, iterations) => callPageAsync(engine.page, EDIT_PAGE, 'continueAsync', checkpoint, iterations),
    variationsAsync: (scene, options, seeds) => callPageAsync(engine.page, EDIT_PAGE, 'variationsAsync', scene, options, seeds),
    cancelledEditAsync: (scene, options, cancelAfter) => callPageAsync(engine.page, EDIT_TEST_PAGE, 'cancelledEditAsync', scene, options, cancelAfter),
    closeAsync: () => engine.closeAsync(),
  };
}

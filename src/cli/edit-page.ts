// Browser page entry for `clipvg edit`, the edit tests and the edit benchmark, driven through
// page.evaluate. The same bundle runs twice: as the page, where it only starts a dedicated
// worker and forwards calls to it (so the engine never blocks the page's thread, as in the
// hosted plugin), and as that worker, where edit-worker.ts drives the EngineHost.
// Progress goes to window.__editProgress when Node exposed it.
import * as Comlink from 'comlink';
import type { EditOptions, EditProgress } from '../engine/edit/edit-types.ts';
import type { Scene } from '../scene/scene.ts';
import { editWorkerApi, type EditPageInit, type EditPageRunOptions, type EditWorkerApi } from './edit-worker.ts';

export type { EditPageInit, EditPageRun, EditPageRunOptions } from './edit-worker.ts';

const g = globalThis as unknown as Record<string, unknown>;
const inWorker = typeof (globalThis as { WorkerGlobalScope?: unknown }).WorkerGlobalScope !== 'undefined';

if (inWorker) {
  Comlink.expose(editWorkerApi);
  self.postMessage({ editWorkerReady: true });
} else {
  // This very bundle (an ES module) is the worker's script.
  const worker = new Worker(new URL(import.meta.url), { type: 'module', name: 'clipvg-edit-engine' });
  const remote = Comlink.wrap<EditWorkerApi>(worker);
  g.initAsync = (init: EditPageInit) => remote.initAsync(init);
  g.editAsync = (scene: Scene, options: EditOptions, run: EditPageRunOptions = {}) => {
    const report = g.__editProgress as ((p: EditProgress) => void) | undefined;
    return remote.editAsync(scene, options, run, report ? Comlink.proxy((p: EditProgress) => void report(p)) : undefined);
  };
  g.previewCanvasCheckAsync = (scene: Scene, options: EditOptions) => remote.previewCanvasCheckAsync(scene, options);
  g.vectorizeAsync = (base64: string) => remote.vectorizeAsync(base64);
  g.similarityAsync = (source: Scene, edited: Scene, prompt: string) => remote.similarityAsync(source, edited, prompt);
  worker.addEventListener('error', (e) => (g.__engineError = `the edit worker failed to start: ${e.message || 'script error'}`));
  worker.addEventListener('message', (e) => {
    if ((e.data as { editWorkerReady?: boolean } | null)?.editWorkerReady) g.__engineReady = true;
  });
}

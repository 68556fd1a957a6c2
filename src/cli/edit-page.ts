// Browser page entry for `clipvg edit`, the edit tests and the edit benchmark, driven from Node
// with callPageAsync(page, EDIT_PAGE, ...) (its API: edit-page-api.ts). The same bundle runs
// twice: as the page, where it only starts a dedicated worker and forwards calls to it (so the
// engine never blocks the page's thread, as in the hosted plugin), and as that worker, where
// edit-worker.ts drives the EngineHost. Progress goes to window.__editProgress when Node exposed it.
import * as Comlink from 'comlink';
import type { EditProgress } from '../engine/edit/edit-types.ts';
import { EDIT_PAGE } from './edit-page-api.ts';
import { editWorkerApi, type EditWorkerApi } from './edit-worker.ts';
import { exposePageApi } from './page-api.ts';

const inWorker = typeof (globalThis as { WorkerGlobalScope?: unknown }).WorkerGlobalScope !== 'undefined';

if (inWorker) {
  Comlink.expose(editWorkerApi);
  self.postMessage({ editWorkerReady: true });
} else {
  // This very bundle (an ES module) is the worker's script.
  const worker = new Worker(new URL(import.meta.url), { type: 'module', name: 'clipvg-edit-engine' });
  const remote = Comlink.wrap<EditWorkerApi>(worker);
  worker.addEventListener('error', (e) => Reflect.set(globalThis, '__engineError', `the edit worker failed to start: ${e.message || 'script error'}`));
  worker.addEventListener('message', (e) => {
    if (!(e.data as { editWorkerReady?: boolean } | null)?.editWorkerReady) return;
    // Published once the worker listens: exposePageApi marks the page ready.
    exposePageApi(EDIT_PAGE, {
      initAsync: (init) => remote.initAsync(init),
      editAsync: (scene, options, run = {}) => {
        const report: ((p: EditProgress) => void) | undefined = Reflect.get(globalThis, '__editProgress');
        return remote.editAsync(scene, options, run, report ? Comlink.proxy((p: EditProgress) => void report(p)) : undefined);
      },
      continueAsync: (checkpoint, iterations) => remote.continueAsync(checkpoint, iterations),
      variationsAsync: (scene, options, seeds) => remote.variationsAsync(scene, options, seeds),
      vectorizeAsync: (base64) => remote.vectorizeAsync(base64),
      similarityAsync: (source, edited, prompt) => remote.similarityAsync(source, edited, prompt),
    });
  });
}

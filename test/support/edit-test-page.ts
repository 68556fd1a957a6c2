// Browser page entry for the edit tests: the CLI's edit page (EDIT_PAGE, imported for its
// effect) plus what only tests ask of the engine, kept out of the product's page.
import { editPageEngine } from '../../src/cli/edit-page.ts';
import { exposePageApi } from '../../src/cli/page-api.ts';
import type { EditOptions, EditResult } from '../../src/engine/edit/edit-types.ts';
import type { Scene } from '../../src/scene/scene.ts';
import { EDIT_TEST_PAGE } from './test-page-apis.ts';

export interface EditTestPageApi {
  /**
   * Runs an edit of `scene` in the page, cancelling it (engine.cancelRun, the path the plugin's
   * Cancel takes through comlink) once `cancelAfter` iterations are done, and says whether the
   * engine left the very object it was handed as it was.
   */
  cancelledEditAsync(scene: Scene, options: EditOptions, cancelAfter: number): Promise<{ result: EditResult; inputUnchanged: boolean }>;
}

/** Deep equality with Object.is on leaves (so -0, NaN and a moved coordinate all count). */
function sameValue(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  return ka.length === kb.length && ka.every((k) => Object.hasOwn(b, k) && sameValue(Reflect.get(a, k), Reflect.get(b, k)));
}

exposePageApi(EDIT_TEST_PAGE, {
  async cancelledEditAsync(scene, options, cancelAfter) {
    const engine = editPageEngine();
    const copy = structuredClone(scene);
    const result = await engine.runEditAsync(scene, options, {
      onProgress: (p) => {
        if (p.iteration >= cancelAfter) engine.cancelRun();
      },
    });
    return { result, inputUnchanged: sameValue(scene, copy) };
  },
});

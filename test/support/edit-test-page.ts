// Browser page entry for the edit tests: the CLI's edit page (EDIT_PAGE, imported for its
// effect) plus what only tests ask of the engine, kept out of the product's page.
import '../../src/cli/edit-page.ts';
import { EDIT_PAGE, type EditPageApi } from '../../src/cli/edit-page-api.ts';
import { publishPageApi } from '../../src/cli/page-api.ts';
import type { EditOptions, EditResult } from '../../src/engine/edit/edit-types.ts';
import type { Scene } from '../../src/scene/scene.ts';
import { EDIT_TEST_PAGE } from './test-page-apis.ts';

export interface EditTestPageApi {
  /**
   * Runs an edit of `scene` in the engine's worker, cancelling it (engine.cancelRun, the path the
   * plugin's Cancel takes through comlink) once `cancelAfter` iterations are done, and says
   * whether the engine left the very object it was handed (in the worker) as it was.
   */
  cancelledEditAsync(scene: Scene, options: EditOptions, cancelAfter: number): Promise<{ result: EditResult; inputUnchanged: boolean }>;
}

// Published at once; the page is marked ready when the edit page's worker listens.
publishPageApi(EDIT_TEST_PAGE, {
  async cancelledEditAsync(scene, options, cancelAfter) {
    const page: EditPageApi | undefined = Reflect.get(globalThis, EDIT_PAGE.name);
    if (!page) throw new Error('the edit page has not started its engine worker');
    const { result, inputUnchanged } = await page.editAsync(scene, options, { cancelAfter });
    return { result, inputUnchanged };
  },
});

import { OFFLINE_MODEL } from 'clipvg:offline-model';
import { startPluginController } from './controller.ts';

// Entry of the sandbox bundle (dist/code.js). Figma injects `figma` and `__html__` (dist/ui.html).
// The shipped tiny CLIP travels in this bundle (esbuild.config.mjs embeds it as base64): the UI
// cannot carry it, since Figma loads ui.html as a data: URL, which Chromium caps near 2 MB.
startPluginController(figma, __html__, { offlineModel: OFFLINE_MODEL });

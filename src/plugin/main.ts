import { OFFLINE_MODEL } from 'clipvg:offline-model';
import { UI_ORIGIN, UI_URL } from 'clipvg:ui-url';
import { startPluginController } from './controller.ts';
import { hostedUiHtml } from './hosted-ui.ts';

// Entry of the sandbox bundle (dist/code.js). Figma injects `figma` and `__html__` (dist/ui.html).
// The shipped tiny CLIP travels in this bundle (esbuild.config.mjs embeds it as base64): the UI
// cannot carry it, since Figma loads ui.html as a data: URL, which Chromium caps near 2 MB.
// A hosted build (CLIPVG_UI_URL) opens that page instead, which serves the model itself.
if (UI_URL && UI_ORIGIN) startPluginController(figma, hostedUiHtml(UI_URL), { offlineModel: OFFLINE_MODEL, uiOrigin: UI_ORIGIN });
else startPluginController(figma, __html__, { offlineModel: OFFLINE_MODEL });

import { HOSTING } from 'clipvg:ui-hosting';

// How this UI was loaded. 'data': Figma's data: URL frame (ui.html, origin null); the engine
// runs in a nested sandboxed frame, the one place there with WebGPU. 'hosted': the plugin's
// window navigated to its own https page (dist/web), which has a real origin: the engine runs
// in a dedicated worker and downloaded models persist.

export interface Hosting {
  /** manifest.json's id: Figma requires it on messages from a UI with a non-null origin. */
  pluginId: string;
  /** The only origin the UI talks to: Figma's (https://www.figma.com), or the harness's. */
  figmaOrigin: string;
  /** Files of the web build, relative to the page (cache-busting names). */
  workerUrl: string;
  ortWasmUrl: string;
  /** Folder holding the shipped model's files (shapes-clip/...). */
  modelsBase: string;
}

export const hosting: Hosting | null = HOSTING;

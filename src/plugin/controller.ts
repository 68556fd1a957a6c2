import { sandboxMessage, type ApplyScenesDoneMessage, type PaletteColour, type SandboxToUi, type UiToSandbox } from '../protocol/protocol.ts';
import { parseUiToSandbox } from '../protocol/validate-message.ts';
import { writePrompt } from './prompts.ts';
import { readIconSetAsync, readSelectionAsync } from './read-selection.ts';
import { loadSettingsAsync, saveSettingsAsync } from './settings-store.ts';
import { writeSceneAsync } from './write-scene.ts';

// The sandbox side of the plugin: shows the UI, answers its messages and tells it when the
// selection changes. Takes the API object as a parameter so tests drive it with a fake Figma.

export interface ControllerOptions {
  uiWidth?: number;
  uiHeight?: number;
  batchSize?: number;
  /** The shipped offline CLIP (base64 files), answered to 'request-offline-model'; main.ts passes what the build embedded. */
  offlineModel?: { id: string; files: { vision: string; text: string; tokenizer: string } | null };
  /** Hosted UI: its exact origin. Messages go to that origin only, and only its messages are read. */
  uiOrigin?: string;
}

export interface PluginController {
  /** Resolves when every message received so far has been handled (tests). */
  idleAsync(): Promise<void>;
}

export function startPluginController(api: PluginAPI, html: string, options: ControllerOptions = {}): PluginController {
  // The reader never needs hidden layers inside instances, and skipping them makes traversal
  // much faster in large files (PluginAPI.skipInvisibleInstanceChildren).
  api.skipInvisibleInstanceChildren = true;
  api.showUI(html, { width: options.uiWidth ?? 360, height: options.uiHeight ?? 680, themeColors: true, title: 'CLIPVG' });
  const uiOrigin = options.uiOrigin;
  const post = (m: SandboxToUi) => (uiOrigin ? api.ui.postMessage(m, { origin: uiOrigin }) : api.ui.postMessage(m));
  const report = (message: string, requestId?: string) => {
    api.notify(message, { error: true });
    post(sandboxMessage({ type: 'error', message, ...(requestId === undefined ? {} : { requestId }) }));
  };
  // Selection reads are serialised and coalesced: a burst of selectionchange events reads once.
  let pending: Promise<void> = Promise.resolve();
  const enqueue = (job: () => Promise<void>) => {
    pending = pending.then(job).catch((e: unknown) => report(e instanceof Error ? e.message : String(e)));
    return pending;
  };
  let selectionQueued = false;
  const postSelection = () => {
    if (selectionQueued) return;
    selectionQueued = true;
    void enqueue(async () => {
      selectionQueued = false;
      const reading = await readSelectionAsync(api);
      const set = await readIconSetAsync(api);
      const iconSet = set.flatMap((r) => (r.scene ? [{ info: r.info, scene: r.scene }] : []));
      post(sandboxMessage({ type: 'selection', info: reading.info, scene: reading.scene, ...(iconSet.length > 1 ? { iconSet } : {}) }));
    });
  };

  const handle = async (m: UiToSandbox): Promise<void> => {
    switch (m.type) {
      case 'ui-ready':
        post(sandboxMessage({ type: 'settings', settings: await loadSettingsAsync(api.clientStorage) }));
        postSelection();
        return;
      case 'refresh-selection':
        postSelection();
        return;
      case 'set-prompt': {
        const node = await api.getNodeByIdAsync(m.nodeId);
        if (!node) throw new Error(`cannot store the prompt: layer ${m.nodeId} no longer exists`);
        writePrompt(node, m.prompt);
        post(sandboxMessage({ type: 'prompt-saved', nodeId: m.nodeId, prompt: m.prompt }));
        return;
      }
      case 'save-settings':
        await saveSettingsAsync(api.clientStorage, m.settings);
        post(sandboxMessage({ type: 'settings', settings: m.settings }));
        return;
      case 'apply-scene': {
        try {
          const { frame, nodeCount, warnings } = await writeSceneAsync(api, m, {
            ...(options.batchSize === undefined ? {} : { batchSize: options.batchSize }),
            onProgress: (done, total) => post(sandboxMessage({ type: 'apply-progress', requestId: m.requestId, done, total })),
          });
          post(sandboxMessage({ type: 'apply-done', requestId: m.requestId, frameId: frame.id, frameName: frame.name, nodeCount, warnings }));
        } catch (e) {
          report(`apply failed: ${e instanceof Error ? e.message : String(e)}`, m.requestId);
        }
        return;
      }
      case 'apply-scenes': {
        // Each item is its own writeSceneAsync: its own frame and its own undo step. Items of one
        // source go in a row: each is placed beside the source and the frames written before it.
        const frames: ApplyScenesDoneMessage['frames'] = [];
        const written = new Map<string, string[]>();
        for (const [item, it] of m.items.entries()) {
          try {
            const before = written.get(it.sourceId) ?? [];
            const { frame, nodeCount, warnings } = await writeSceneAsync(
              api,
              { sourceId: it.sourceId, besideIds: [it.sourceId, ...before], prompt: it.prompt, scene: it.scene },
              {
                ...(options.batchSize === undefined ? {} : { batchSize: options.batchSize }),
              },
            );
            written.set(it.sourceId, [...before, frame.id]);
            frames.push({ item, frameId: frame.id, frameName: frame.name, nodeCount, warnings });
          } catch (e) {
            report(`apply failed for result ${item + 1} of ${m.items.length}: ${e instanceof Error ? e.message : String(e)}`, m.requestId);
            break;
          }
        }
        post(sandboxMessage({ type: 'apply-scenes-done', requestId: m.requestId, frames }));
        return;
      }
      case 'request-images': {
        // Exports are slow (up to 4x the node's size): only when the user vectorises.
        try {
          const reading = await readSelectionAsync(api, { images: true });
          post(sandboxMessage({ type: 'images', requestId: m.requestId, sourceId: reading.info.sourceId, images: reading.images }));
        } catch (e) {
          report(`exporting the images failed: ${e instanceof Error ? e.message : String(e)}`, m.requestId);
        }
        return;
      }
      case 'request-palette': {
        const styles = await api.getLocalPaintStylesAsync();
        const colours: PaletteColour[] = [];
        for (const s of styles) {
          const p = s.paints.length === 1 ? s.paints[0] : undefined;
          if (p && p.type === 'SOLID') colours.push({ name: s.name, colour: { r: p.color.r, g: p.color.g, b: p.color.b, a: p.opacity ?? 1 } });
        }
        post(sandboxMessage({ type: 'palette', colours }));
        return;
      }
      case 'request-offline-model': {
        const shipped = options.offlineModel ?? { id: 'shapes-clip', files: null };
        post(sandboxMessage({ type: 'offline-model', id: shipped.id, files: shipped.files }));
        return;
      }
    }
  };

  api.ui.onmessage = (raw: unknown, props?: OnMessageProperties) => {
    // A hosted UI is a public page: a message from any other document is not ours to act on.
    if (uiOrigin && props?.origin !== uiOrigin) {
      console.warn(`clipvg: ignored a message from ${props?.origin ?? 'an unknown origin'} (the UI is ${uiOrigin})`);
      return;
    }
    const parsed = parseUiToSandbox(raw);
    if (!parsed.ok) {
      report(parsed.error);
      return;
    }
    void enqueue(() => handle(parsed.message));
  };
  api.on('selectionchange', postSelection);
  api.on('currentpagechange', postSelection);
  return {
    idleAsync: async () => {
      // Jobs may enqueue more jobs (ui-ready queues a selection read): wait until it settles.
      let seen: Promise<void> | undefined;
      while (seen !== pending) {
        seen = pending;
        await pending;
      }
    },
  };
}

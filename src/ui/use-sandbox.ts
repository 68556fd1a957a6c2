import { useEffect, useRef } from 'preact/hooks';
import { uiMessage, type PaletteColour, type PluginSettings, type UiToSandbox } from '../protocol/protocol.ts';
import type { SceneWarning } from '../scene/scene.ts';
import { listenToSandbox, postToSandbox } from './plugin-channel.ts';
import { SandboxRequests } from './sandbox-requests.ts';
import type { WindowAction } from './window-state.ts';

// The window's channel to the plugin sandbox: every message that changes the window becomes a
// reducer action; replies to the window's own requests settle those requests; settings and the
// document's paint styles go to their handlers. The window announces itself once it listens.

const PROMPT_SAVE_DELAY_MS = 400;

/** A writer's warning as the user reads it: which layer, and what Figma draws instead. */
const writtenAs = (w: SceneWarning) => `written to Figma: ${w.where}: ${w.message}`;

export interface SandboxHandlers {
  onSettings(settings: PluginSettings): void;
  onPalette(colours: PaletteColour[]): void;
}

export interface SandboxChannel {
  requests: SandboxRequests;
  post(m: UiToSandbox): void;
  /** Stores a frame's prompt in the document once typing pauses. */
  savePromptLater(nodeId: string, prompt: string): void;
}

export function useSandbox(dispatch: (a: WindowAction) => void, handlers: SandboxHandlers): SandboxChannel {
  const requests = useRef<SandboxRequests | null>(null);
  requests.current ??= new SandboxRequests(postToSandbox);
  const latest = useRef(handlers);
  latest.current = handlers;
  const timers = useRef(new Map<string, ReturnType<typeof setTimeout>>());

  useEffect(() => {
    const stop = listenToSandbox(
      (m) => {
        if (requests.current!.settle(m)) return;
        switch (m.type) {
          case 'selection':
            dispatch({ type: 'selection', selection: m });
            return;
          case 'settings':
            latest.current.onSettings(m.settings);
            return;
          case 'error':
            dispatch({ type: 'error', message: m.message, ...(m.requestId === undefined ? {} : { requestId: m.requestId }) });
            return;
          case 'apply-progress':
            dispatch({ type: 'apply-progress', requestId: m.requestId, done: m.done, total: m.total });
            return;
          case 'apply-done':
            dispatch({ type: 'apply-done', requestId: m.requestId, frameName: m.frameName, nodeCount: m.nodeCount, warnings: m.warnings.map(writtenAs) });
            return;
          case 'apply-scenes-done':
            dispatch({ type: 'apply-all-done', requestId: m.requestId, frames: m.frames.map((f) => ({ ...f, warnings: f.warnings.map(writtenAs) })) });
            return;
          case 'palette':
            latest.current.onPalette(m.colours);
            return;
          case 'offline-model':
          case 'images':
          case 'prompt-saved':
            // An answer to no pending request (settle took every one that was).
            return;
        }
      },
      (reason) => dispatch({ type: 'error', message: reason }),
    );
    postToSandbox(uiMessage({ type: 'ui-ready' }));
    return stop;
  }, [dispatch]);

  const savePromptLater = (nodeId: string, prompt: string) => {
    const t = timers.current;
    clearTimeout(t.get(nodeId));
    t.set(
      nodeId,
      setTimeout(() => postToSandbox(uiMessage({ type: 'set-prompt', nodeId, prompt })), PROMPT_SAVE_DELAY_MS),
    );
  };
  return { requests: requests.current, post: postToSandbox, savePromptLater };
}

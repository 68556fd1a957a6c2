import type { SandboxToUi, UiToSandbox } from '../protocol/protocol.ts';
import { parseSandboxToUi } from '../protocol/validate-message.ts';
import { hosting } from './hosting.ts';

// The UI end of the protocol. Figma relays parent.postMessage({ pluginMessage }, '*') to
// figma.ui.onmessage, and delivers figma.ui.postMessage(m) as a window message whose
// data.pluginMessage is m. Every arriving message is validated before anyone sees it.
// A hosted UI (a page with a real origin) must also name its plugin (pluginId) and target
// Figma's origin exactly; it takes messages only from its parent at that origin.

export function postToSandbox(m: UiToSandbox): void {
  if (hosting) parent.postMessage({ pluginMessage: m, pluginId: hosting.pluginId }, hosting.figmaOrigin);
  else parent.postMessage({ pluginMessage: m }, '*');
}

/** Calls onMessage with each valid sandbox message and onRejected with the reason for each invalid one. Returns an unsubscribe function. */
export function listenToSandbox(onMessage: (m: SandboxToUi) => void, onRejected: (reason: string) => void): () => void {
  const listener = (event: MessageEvent) => {
    if (hosting && (event.origin !== hosting.figmaOrigin || event.source !== parent)) return;
    const data: unknown = event.data;
    // Other windows (extensions, devtools) post too; only the plugin envelope concerns us.
    if (typeof data !== 'object' || data === null || !('pluginMessage' in data)) return;
    const parsed = parseSandboxToUi((data as { pluginMessage: unknown }).pluginMessage);
    if (parsed.ok) onMessage(parsed.message);
    else {
      console.error(parsed.error);
      onRejected(parsed.error);
    }
  };
  window.addEventListener('message', listener);
  return () => window.removeEventListener('message', listener);
}

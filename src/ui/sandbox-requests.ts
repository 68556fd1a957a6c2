import type { ImagesMessage, OfflineModelMessage, SandboxToUi, UiToSandbox } from '../protocol/protocol.ts';
import { uiMessage } from '../protocol/protocol.ts';

// The UI's requests to the sandbox that expect an answer, matched to their replies. The offline
// model is asked for once per window: every caller (the start-up load, a later switch back to
// the shipped model) shares that one answer, so a second request can neither overwrite the
// first one's waiter nor wait on a reply that went to it. Images are answered by request id; a
// sandbox error naming that id fails the request. Pure (the sender is injected) for its tests.

export class SandboxRequests {
  private offlineModel: Promise<OfflineModelMessage> | null = null;
  private offlineModelWaiter: ((m: OfflineModelMessage) => void) | null = null;
  private readonly images = new Map<string, { resolve: (m: ImagesMessage) => void; reject: (e: Error) => void }>();
  private counter = 0;

  constructor(private readonly send: (m: UiToSandbox) => void) {}

  /** The model shipped inside the plugin, from the sandbox (asked for at most once). */
  offlineModelAsync(): Promise<OfflineModelMessage> {
    this.offlineModel ??= new Promise<OfflineModelMessage>((resolve) => {
      this.offlineModelWaiter = resolve;
      this.send(uiMessage({ type: 'request-offline-model' }));
    });
    return this.offlineModel;
  }

  /** The selection's images, exported by the sandbox now (they are slow to export). */
  imagesAsync(): Promise<ImagesMessage> {
    const requestId = `images-${++this.counter}`;
    return new Promise<ImagesMessage>((resolve, reject) => {
      this.images.set(requestId, { resolve, reject });
      this.send(uiMessage({ type: 'request-images', requestId }));
    });
  }

  /** Settles the request a message answers; true when the message was such an answer. */
  settle(m: SandboxToUi): boolean {
    if (m.type === 'offline-model') {
      if (!this.offlineModelWaiter) return false;
      this.offlineModelWaiter(m);
      this.offlineModelWaiter = null;
      return true;
    }
    if (m.type === 'images' || (m.type === 'error' && m.requestId !== undefined)) {
      const pending = m.requestId === undefined ? undefined : this.images.get(m.requestId);
      if (!pending || m.requestId === undefined) return false;
      this.images.delete(m.requestId);
      if (m.type === 'images') pending.resolve(m);
      else pending.reject(new Error(m.message));
      return true;
    }
    return false;
  }
}

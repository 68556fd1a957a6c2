import type * as Comlink from 'comlink';
import type { EngineHostApi } from '../../engine-host/engine-host-api.ts';
import { hosting } from '../hosting.ts';
import { createEngineFrameAsync } from './engine-frame.ts';
import { createEngineWorkerAsync } from './engine-worker.ts';

// Where the engine runs: a dedicated worker wherever a worker can have WebGPU (the hosted UI,
// which has a real origin), else the nested sandboxed frame (Figma's data: UI: a worker there
// would come from a blob: or opaque origin, which Chromium gives no WebGPU).

export type EngineMode = 'worker' | 'frame';

export interface EngineConnection {
  api: Comlink.Remote<Required<EngineHostApi>>;
  element: HTMLElement;
  mode: EngineMode;
}

export function engineModeHere(): EngineMode {
  return hosting && isSecureContext && typeof Worker === 'function' && 'transferControlToOffscreen' in HTMLCanvasElement.prototype ? 'worker' : 'frame';
}

export async function connectEngineAsync(container: HTMLElement): Promise<EngineConnection> {
  if (hosting) {
    // The web build carries no engine frame: it is only ever opened where workers have WebGPU.
    if (engineModeHere() !== 'worker')
      throw new Error('this window cannot start the engine worker (it needs a secure context, module workers and OffscreenCanvas)');
    return createEngineWorkerAsync(container, hosting);
  }
  const frame = await createEngineFrameAsync(container);
  return { api: frame.api, element: frame.element, mode: 'frame' };
}

import * as Comlink from 'comlink';
import type { RefObject } from 'preact';
import { useEffect, useReducer, useRef, useState } from 'preact/hooks';
import { OFFLINE_MODEL_ID, VIT_B32 } from '../../models/model-registry.ts';
import type { EngineStartRequest, ModelCacheInfo, ModelProgressEvent } from '../engine-host/engine-host-api.ts';
import type { OfflineModelMessage } from '../protocol/protocol.ts';
import { connectEngineAsync, type EngineConnection, type EngineMode } from './engine-host/engine-connection.ts';
import { engineReducer, initialEngineModelState, type EngineModelState } from './engine-state.ts';
import { hosting } from './hosting.ts';
import { probeWebGpuAsync, type WebGpuStatus } from './webgpu-status.ts';

// The engine beside the window: connects it (a nested frame in the preview host, or a worker
// drawing there) once, probes WebGPU, loads the shipped model, and starts whichever model the
// user picks next. Each start is numbered; the reducer lets only the newest one report.

export interface EngineHandle {
  state: EngineModelState;
  connection: EngineConnection | null;
  mode: EngineMode | null;
  gpu: WebGpuStatus | null;
  store: ModelCacheInfo | null;
  startModel(id: string, localFiles?: EngineStartRequest['localFiles']): void;
  clearModels(): void;
  onClipProvider(provider: string): void;
}

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

export function useEngine(
  previewHost: RefObject<HTMLDivElement | null>,
  offlineModelAsync: () => Promise<OfflineModelMessage>,
  report: (e: unknown) => void,
): EngineHandle {
  const [state, dispatch] = useReducer(engineReducer, OFFLINE_MODEL_ID, initialEngineModelState);
  const [connection, setConnection] = useState<EngineConnection | null>(null);
  const [gpu, setGpu] = useState<WebGpuStatus | null>(null);
  const [store, setStore] = useState<ModelCacheInfo | null>(null);
  const starts = useRef(0);

  const startModelAsync = async (frame: EngineConnection, id: string, localFiles?: EngineStartRequest['localFiles']) => {
    const start = ++starts.current;
    const detail = id === OFFLINE_MODEL_ID ? 'Loading the shipped tiny model…' : `Loading ${VIT_B32.displayName}…`;
    dispatch({ type: 'model-start', start, modelId: id, detail });
    try {
      let shipped;
      // Hosted: the shipped model's files are served beside the page (and kept in the store).
      const shippedBaseUrl = hosting && id === OFFLINE_MODEL_ID ? new URL(hosting.modelsBase, location.href).href : undefined;
      if (id === OFFLINE_MODEL_ID && !shippedBaseUrl) {
        const m = await offlineModelAsync();
        if (!m.files) throw new Error('this build of the plugin carries no offline model');
        shipped = m.files;
      }
      const status = await frame.api.startAsync(
        { modelId: id, ...(shipped ? { shipped } : {}), ...(shippedBaseUrl ? { shippedBaseUrl } : {}), ...(localFiles ? { localFiles } : {}) },
        Comlink.proxy((progress: ModelProgressEvent) => dispatch({ type: 'model-progress', start, detail: `Loading ${id}…`, progress })),
      );
      dispatch({ type: 'model-ready', start, status });
      setStore(await frame.api.cacheInfoAsync());
    } catch (e) {
      dispatch({ type: 'model-failed', start, error: message(e) });
    }
  };

  useEffect(() => {
    // The engine frame doubles as the nested WebGPU probe: a separate throwaway probe frame
    // must not be used here, since removing it makes Chromium drop the WebGPU instance that the
    // engine frame shares with it ("A valid external Instance reference no longer exists").
    const here = probeWebGpuAsync();
    if (!previewHost.current) return;
    connectEngineAsync(previewHost.current)
      .then(async (frame) => {
        setConnection(frame);
        const probe = await frame.api.probeAsync();
        const h = await here;
        setGpu({ here: h, nested: h.available ? null : probe });
        if (!probe.available) {
          dispatch({ type: 'unavailable', error: `no WebGPU in the engine frame (${probe.reason})` });
          return;
        }
        await startModelAsync(frame, OFFLINE_MODEL_ID);
      })
      .catch(async (e: unknown) => {
        const reason = message(e);
        dispatch({ type: 'unavailable', error: reason });
        const h = await here;
        setGpu({ here: h, nested: h.available ? null : { available: false, reason } });
      });
  }, []);

  return {
    state,
    connection,
    mode: connection?.mode ?? null,
    gpu,
    store,
    startModel: (id, localFiles) => {
      if (connection) void startModelAsync(connection, id, localFiles);
    },
    clearModels: () => {
      connection?.api.clearCacheAsync().then(setStore, report);
    },
    onClipProvider: (provider) => dispatch({ type: 'clip-provider', provider }),
  };
}

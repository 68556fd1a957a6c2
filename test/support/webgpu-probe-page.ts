// Page entry for the browser-engine test: reports the WebGPU adapter and a computed value.
import { exposePageApi } from '../../src/cli/page-api.ts';
import { WEBGPU_PROBE_PAGE } from './test-page-apis.ts';

const api = {
  async probeAsync(): Promise<{ secure: boolean; adapter: boolean; crossOriginIsolated: boolean }> {
    const adapter = await navigator.gpu?.requestAdapter();
    return { secure: isSecureContext, adapter: adapter !== null && adapter !== undefined, crossOriginIsolated };
  },
};
export type WebGpuProbePageApi = typeof api;
exposePageApi(WEBGPU_PROBE_PAGE, api);

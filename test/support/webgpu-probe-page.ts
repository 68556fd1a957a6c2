// Page entry for the browser-engine test: reports the WebGPU adapter and a computed value.
const g = globalThis as unknown as { __engineReady?: boolean; __engineError?: string; probeAsync?: () => Promise<unknown> };
g.probeAsync = async () => {
  const adapter = await navigator.gpu?.requestAdapter();
  return { secure: isSecureContext, adapter: adapter !== null && adapter !== undefined, crossOriginIsolated };
};
g.__engineReady = true;

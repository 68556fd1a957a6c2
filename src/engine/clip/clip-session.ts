import * as ort from 'onnxruntime-web/webgpu';

// Creates an ORT session for a CLIP graph on the engine's GPUDevice, or on the CPU (WASM) with
// a notice when there is no device or the WebGPU provider refuses the model. configureOrtAsync
// must have run first.

export type ClipProvider = 'webgpu' | 'wasm';

export interface ClipSessionOptions {
  /** The engine's own device; ORT's WebGPU EP runs on it so buffers can be shared. Absent: WASM. */
  device?: GPUDevice;
  /** Outputs left on the GPU (WebGPU only); the rest are read back. */
  gpuOutputs?: readonly string[];
  /** ORT severity 0 for this session: it then logs graph optimisation and node placement. */
  verboseLog?: boolean;
  /** Buffer cache for static shapes: 'simple' reuses exact-size buffers, keeping the peak low. */
  storageBufferCacheMode?: 'disabled' | 'lazyRelease' | 'simple' | 'bucket';
  /** Symbolic dimensions fixed for this session (e.g. { batch_size: 8 }). */
  freeDimensionOverrides?: Record<string, number>;
}

export interface ClipSession {
  session: ort.InferenceSession;
  provider: ClipProvider;
  /** Set when CLIP runs on the CPU: say so to the user (it is much slower). */
  notice?: string;
  inputNames: readonly string[];
  outputNames: readonly string[];
  releaseAsync(): Promise<void>;
}

export async function createClipSessionAsync(model: Uint8Array, options: ClipSessionOptions = {}): Promise<ClipSession> {
  const common: ort.InferenceSession.SessionOptions = {
    ...(options.verboseLog ? { logSeverityLevel: 0, logVerbosityLevel: 0 } : {}),
    ...(options.freeDimensionOverrides ? { freeDimensionOverrides: options.freeDimensionOverrides } : {}),
  };
  let notice: string;
  if (options.device) {
    const ep: ort.InferenceSession.WebGpuExecutionProviderOption = {
      name: 'webgpu',
      device: options.device,
      ...(options.storageBufferCacheMode ? { storageBufferCacheMode: options.storageBufferCacheMode } : {}),
    };
    const preferredOutputLocation = Object.fromEntries((options.gpuOutputs ?? []).map((n) => [n, 'gpu-buffer' as const]));
    try {
      const session = await ort.InferenceSession.create(model, { ...common, executionProviders: [ep], preferredOutputLocation });
      return wrap(session, 'webgpu');
    } catch (err) {
      notice = `CLIP runs on the CPU (WASM) because the WebGPU provider could not load the model: ${(err as Error).message}`;
    }
  } else {
    notice = 'WebGPU is not available here, so CLIP runs on the CPU (WASM): expect each iteration to be many times slower.';
  }
  const session = await ort.InferenceSession.create(model, { ...common, executionProviders: ['wasm'] });
  return wrap(session, 'wasm', notice);
}

function wrap(session: ort.InferenceSession, provider: ClipProvider, notice?: string): ClipSession {
  return {
    session,
    provider,
    ...(notice ? { notice } : {}),
    inputNames: session.inputNames,
    outputNames: session.outputNames,
    releaseAsync: () => session.release(),
  };
}

/**
 * Session options for other CLIP graphs (the text tower): WebGPU on the engine's device when
 * there is one, else WASM. Text runs once per prompt, so its dynamic sequence length (shape
 * nodes on the CPU provider) does not matter.
 */
export function clipSessionOptionsFor(device: GPUDevice | undefined): ort.InferenceSession.SessionOptions {
  return { executionProviders: device ? [{ name: 'webgpu', device }] : ['wasm'] };
}

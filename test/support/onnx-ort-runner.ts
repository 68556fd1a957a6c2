// Runs ONNX models with onnxruntime-web's wasm backend in Node (one thread: CI has 2 shared cores).
import * as ort from 'onnxruntime-web';

ort.env.wasm.numThreads = 1;
ort.env.logLevel = 'error';

export interface HostTensor {
  data: Float32Array;
  dims: number[];
}
export type Feeds = Record<string, HostTensor>;

export async function createSessionAsync(bytes: Uint8Array): Promise<ort.InferenceSession> {
  return ort.InferenceSession.create(bytes, { executionProviders: ['wasm'], graphOptimizationLevel: 'disabled', logSeverityLevel: 3 });
}

export async function runAsync(session: ort.InferenceSession, feeds: Feeds): Promise<Record<string, HostTensor>> {
  const ortFeeds: Record<string, ort.Tensor> = {};
  for (const [name, t] of Object.entries(feeds)) ortFeeds[name] = new ort.Tensor('float32', t.data, t.dims);
  const results = await session.run(ortFeeds);
  const out: Record<string, HostTensor> = {};
  for (const [name, t] of Object.entries(results)) out[name] = { data: t.data as Float32Array, dims: [...t.dims] };
  return out;
}

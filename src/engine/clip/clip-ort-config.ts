import * as ort from 'onnxruntime-web/webgpu';
import { base64ToBytes } from '../gpu/base64-floats.ts';
import { sha256HexAsync } from '../models/sha256-stream.ts';

// One onnxruntime-web build serves both providers: the 'webgpu' export is ORT's native WebGPU
// EP (Dawn C++ compiled to wasm, asyncify) and it also carries the CPU kernels used by the
// 'wasm' provider, so the plugin ships or fetches exactly one binary.
// The figures below describe that binary; the URL is the jsDelivr copy of the same npm tarball
// file, so its SHA-256 equals the local node_modules file's.

export const ORT_VERSION = '1.30.0';
export const ORT_WASM_FILE = 'ort-wasm-simd-threaded.asyncify.wasm';
export const ORT_WASM_SHA256 = '39f9f0894d478800487ed9f7dbe92618498db320cf55c8e3d89adff8dce658da';
export const ORT_WASM_BYTES = 26_781_914;
// A plain literal (test/clip-runtime checks it against ORT_VERSION) so that bundles not using
// it (the hosted engine worker, which must name no CDN) drop it.
export const ORT_WASM_CDN_URL = 'https://cdn.jsdelivr.net/npm/onnxruntime-web@1.30.0/dist/ort-wasm-simd-threaded.asyncify.wasm';

export type OrtWasmSource =
  /** Folder URL that serves ORT's dist files (tests, CLI: the loopback server's ort/). */
  | { paths: string }
  /** The wasm binary itself, already in memory (e.g. decoded from ui.html). */
  | { bytes: Uint8Array }
  /** The wasm binary gzip-compressed. */
  | { gzipBytes: Uint8Array }
  /** The wasm binary gzip-compressed, base64: what ui.html inlines (about 8.8 MB of text). */
  | { gzipBase64: string }
  /** A pinned URL; the download is refused unless its SHA-256 matches. */
  | { url: string; sha256: string };

export interface OrtConfigOptions {
  wasm: OrtWasmSource;
  /** WASM CPU threads; ORT falls back to 1 where the page is not cross-origin isolated (Figma). */
  numThreads?: number;
  /** ORT's own log level (verbose shows node placement while a session is created). */
  logLevel?: 'verbose' | 'info' | 'warning' | 'error' | 'fatal';
  fetchImpl?: typeof fetch;
}

let configured: string | undefined;

/**
 * Points onnxruntime-web at its wasm binary. ORT initialises its wasm module once per page, on
 * the first session, so this must run before any session is created; calling it again with
 * another source is refused instead of being silently ignored.
 */
export async function configureOrtAsync(options: OrtConfigOptions): Promise<typeof ort> {
  const key = JSON.stringify(Object.keys(options.wasm)) + ('url' in options.wasm ? options.wasm.url : '') + ('paths' in options.wasm ? options.wasm.paths : '');
  if (configured !== undefined) {
    if (configured !== key) throw new Error('onnxruntime-web was already configured with another wasm source; it loads its wasm once per page');
    return ort;
  }
  const w = options.wasm;
  if ('paths' in w) {
    ort.env.wasm.wasmPaths = w.paths.endsWith('/') ? w.paths : `${w.paths}/`;
  } else if ('bytes' in w) {
    ort.env.wasm.wasmBinary = w.bytes;
  } else if ('gzipBytes' in w) {
    ort.env.wasm.wasmBinary = await gunzipAsync(w.gzipBytes);
  } else if ('gzipBase64' in w) {
    ort.env.wasm.wasmBinary = await gunzipAsync(base64ToBytes(w.gzipBase64));
  } else {
    ort.env.wasm.wasmBinary = await fetchPinnedWasmAsync(w.url, w.sha256, options.fetchImpl ?? fetch);
  }
  if (options.numThreads !== undefined) ort.env.wasm.numThreads = options.numThreads;
  if (options.logLevel !== undefined) ort.env.logLevel = options.logLevel;
  configured = key;
  return ort;
}

export async function gunzipAsync(bytes: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([bytes as BlobPart]).stream().pipeThrough(new DecompressionStream('gzip'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

export async function fetchPinnedWasmAsync(url: string, sha256: string, fetchImpl: typeof fetch): Promise<Uint8Array> {
  let response: Response;
  try {
    response = await fetchImpl(url);
  } catch (err) {
    throw new Error(`could not download the ONNX Runtime wasm from ${url} (offline?): ${(err as Error).message}`);
  }
  if (!response.ok) throw new Error(`could not download the ONNX Runtime wasm from ${url}: HTTP ${response.status}`);
  const bytes = new Uint8Array(await response.arrayBuffer());
  const got = await sha256HexAsync(bytes);
  if (got !== sha256.toLowerCase()) {
    throw new Error(`the ONNX Runtime wasm from ${url} has SHA-256 ${got}, expected ${sha256} (${bytes.length} bytes received): refusing to run it`);
  }
  return bytes;
}

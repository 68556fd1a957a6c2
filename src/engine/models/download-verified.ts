import { fetchFromAllowedHostsAsync, type FetchLike } from './host-allowlist.ts';
import { ModelHashMismatchError, ModelHttpError, ModelNotFoundError, ModelOutOfMemoryError, ModelTooLargeError, ModelTruncatedError } from './model-errors.ts';
import { createSha256Stream } from './sha256-stream.ts';

export interface VerifiedFileRequest {
  url: string;
  /** Lower-case hex SHA-256 the bytes must have; null only when the caller verifies the content itself. */
  sha256: string | null;
  /** Refuse bodies beyond this many bytes when the size is not pinned. */
  maxBytes?: number;
  /** Exact size when pinned; otherwise the server's Content-Length is held to. */
  bytes: number | null;
}

export interface DownloadOptions {
  allowedOrigins: readonly string[];
  fetch?: FetchLike;
  signal?: AbortSignal;
  onProgress?: (received: number, total: number | null) => void;
}

/** Streams one file, checking host, size and SHA-256; resolves to its bytes or throws a ModelLoadError. */
export async function downloadVerifiedAsync(file: VerifiedFileRequest, options: DownloadOptions): Promise<Uint8Array> {
  const fetchFn = options.fetch ?? ((input, init) => fetch(input, init));
  const response = await fetchFromAllowedHostsAsync(file.url, options.allowedOrigins, fetchFn, options.signal);
  if (response.status === 404) throw new ModelNotFoundError(file.url);
  if (!response.ok) throw new ModelHttpError(file.url, response.status);
  const expected = file.bytes ?? declaredLength(response);
  const buffer = expected === null ? null : allocate(file.url, expected);
  const chunks: Uint8Array[] = [];
  const hash = createSha256Stream();
  let received = 0;
  const reader = response.body?.getReader();
  if (reader) {
    for (;;) {
      let step: ReadableStreamReadResult<Uint8Array>;
      try {
        step = await reader.read();
      } catch (err) {
        if (options.signal?.aborted) throw err;
        throw new ModelTruncatedError(file.url, received, expected ?? received, `connection lost: ${err instanceof Error ? err.message : String(err)}`);
      }
      if (step.done) break;
      const chunk = step.value;
      const limit = expected ?? file.maxBytes ?? null;
      if (limit !== null && received + chunk.length > limit) {
        await reader.cancel();
        throw new ModelTooLargeError(file.url, received + chunk.length, limit);
      }
      if (buffer) buffer.set(chunk, received);
      else chunks.push(chunk);
      hash.update(chunk);
      received += chunk.length;
      options.onProgress?.(received, expected);
    }
  }
  if (expected !== null && received < expected) throw new ModelTruncatedError(file.url, received, expected);
  const actual = hash.hex();
  if (file.sha256 !== null && actual !== file.sha256.toLowerCase()) throw new ModelHashMismatchError(file.url, file.sha256, actual);
  return buffer ?? concat(file.url, chunks, received);
}

/** Content-Length, unless the body is content-encoded (then the header counts compressed bytes). */
function declaredLength(response: Response): number | null {
  const encoding = response.headers.get('content-encoding');
  if (encoding && encoding !== 'identity') return null;
  const n = Number(response.headers.get('content-length'));
  return Number.isSafeInteger(n) && n > 0 ? n : null;
}

function allocate(url: string, bytes: number): Uint8Array {
  try {
    return new Uint8Array(bytes);
  } catch {
    throw new ModelOutOfMemoryError(url, bytes);
  }
}

function concat(url: string, chunks: Uint8Array[], total: number): Uint8Array {
  const out = allocate(url, total);
  let offset = 0;
  for (const c of chunks) {
    out.set(c, offset);
    offset += c.length;
  }
  return out;
}

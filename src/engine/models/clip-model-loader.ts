import { clipTokenizerJsonFromMerges, type ClipTokenizerJson } from '../clip/clip-bpe-vocab.ts';
import { downloadVerifiedAsync, type DownloadOptions } from './download-verified.ts';
import type { FetchLike } from './host-allowlist.ts';
import { convertModelToFp32, type Fp32Conversion } from './convert-to-fp32.ts';
import { ModelBadContentError, ModelHashMismatchError, ModelLoadError, ModelNotPinnedError, ModelUnsupportedOpError } from './model-errors.ts';
import type { ModelCache, ModelCacheKind } from './model-cache.ts';
import type { ModelEntry, RegistryFile, RegistryVariant, WeightPrecision } from './model-entry.ts';
import { sha256Hex, sha256HexAsync } from './sha256-stream.ts';

export type ModelFileRole = 'vision' | 'text' | 'tokenizer';

export interface ModelLoadProgress {
  file: ModelFileRole;
  received: number;
  /** null while the size is unknown. */
  total: number | null;
  fromCache: boolean;
}

export interface ModelLoadOptions {
  /** Origins remote files (and redirects) may come from: MODEL_ORIGINS from models/model-hosts.ts. */
  allowedOrigins: readonly string[];
  /** Base URL for 'local' entries (the host decides where shipped models live). */
  localBaseUrl?: string;
  variant?: WeightPrecision;
  cache?: ModelCache;
  fetch?: FetchLike;
  signal?: AbortSignal;
  onProgress?: (p: ModelLoadProgress) => void;
  /** Only load some files (e.g. the text side alone). Default: all three. */
  files?: readonly ModelFileRole[];
  /**
   * Convert float16 / int8 ONNX files into float32 graphs after verification (default true),
   * and refuse a vision model with an op the autodiff cannot differentiate before the other
   * files are fetched. false returns the verified bytes as stored.
   */
  convertToFp32?: boolean;
  /**
   * Files the user supplied from disk ("Load model files…"), by role: verified against the
   * registry's SHA-256 and size exactly like a download (then cached), and used instead of one.
   */
  localFiles?: Partial<Record<ModelFileRole, LocalModelFile>>;
}

export interface LocalModelFile {
  name: string;
  bytes: Uint8Array;
}

export interface LoadedClipModel {
  entry: ModelEntry;
  variant: WeightPrecision;
  vision?: Uint8Array;
  text?: Uint8Array;
  tokenizerJson?: object;
  cacheKind?: ModelCacheKind;
  /** Things to tell the user (e.g. cache write failed). */
  notices: string[];
  /** What each ONNX file held and what it became (absent with convertToFp32: false). */
  conversions: Partial<Record<'vision' | 'text', Fp32Conversion>>;
  /** Verified size of each file as stored, and whether it came over the network or from the cache. */
  files: Partial<Record<ModelFileRole, { bytes: number; from: 'network' | 'cache' | 'disk'; url: string; sha256: string | null }>>;
}

const TOKENIZER_MAX_BYTES = 20_000_000;

/** Same code path for the real CLIPs and the shipped tiny one: resolve, refuse unpinned, cache, download, verify. */
export async function loadClipModelAsync(entry: ModelEntry, options: ModelLoadOptions): Promise<LoadedClipModel> {
  const variantName = options.variant ?? entry.defaultVariant;
  const variant: RegistryVariant | undefined = entry.variants[variantName];
  if (!variant) throw new Error(`model ${entry.id} has no ${variantName} variant (has: ${Object.keys(entry.variants).join(', ')})`);
  const roles = options.files ?? (['vision', 'text', 'tokenizer'] as const);
  const resolved = roles.map((role) => ({ role, file: variant[role], url: resolveUrl(entry, variant[role], options) }));
  // Refuse before any byte moves, so a half-pinned model never half-downloads.
  for (const r of resolved) {
    if (!r.file.sha256 && !(r.role === 'tokenizer' && r.file.clipMergesSha256))
      throw new ModelNotPinnedError(r.url, `${entry.id} ${variantName} ${r.role} file`);
  }
  const result: LoadedClipModel = { entry, variant: variantName, notices: [], cacheKind: options.cache?.kind, conversions: {}, files: {} };
  for (const r of resolved) {
    if (r.role === 'tokenizer' && !r.file.sha256 && r.file.clipMergesSha256 && !options.localFiles?.tokenizer) {
      let tokenizerFromCache = false;
      const tracked: ModelLoadOptions = { ...options, onProgress: (p) => ((tokenizerFromCache = p.fromCache), options.onProgress?.(p)) };
      result.tokenizerJson = await fetchMergesPinnedTokenizerAsync(r.file, r.url, r.file.clipMergesSha256, entry, tracked, result.notices);
      result.files[r.role] = { bytes: JSON.stringify(result.tokenizerJson).length, from: tokenizerFromCache ? 'cache' : 'network', url: r.url, sha256: null };
      continue;
    }
    let fromCache = false;
    const local = options.localFiles?.[r.role];
    const bytes = local
      ? await verifyLocalFileAsync(local, r.file, options, result.notices)
      : await fetchFileAsync(
          r.role,
          r.file,
          r.url,
          entry,
          { ...options, onProgress: (p) => ((fromCache = p.fromCache), options.onProgress?.(p)) },
          result.notices,
        );
    result.files[r.role] = {
      bytes: bytes.length,
      from: local ? 'disk' : fromCache ? 'cache' : 'network',
      url: local ? local.name : r.url,
      sha256: r.file.sha256,
    };
    if (r.role === 'tokenizer') result.tokenizerJson = parseTokenizer(r.url, r.file, bytes).json;
    else if (options.convertToFp32 === false) result[r.role] = bytes;
    else {
      const converted = convertOrExplain(r.url, bytes);
      // Checked before the next file is fetched: a model the engine cannot use costs one download.
      if (r.role === 'vision' && converted.conversion.opsWithoutGradient.length > 0)
        throw new ModelUnsupportedOpError(r.url, converted.conversion.opsWithoutGradient);
      result[r.role] = converted.bytes;
      result.conversions[r.role] = converted.conversion;
    }
  }
  return result;
}

/** Cache key of a file: its SHA-256, or for a tokenizer pinned by its merges the merges' SHA-256 (what the cache then holds). */
export function modelFileCacheKey(file: RegistryFile): string | null {
  return file.sha256 ?? file.clipMergesSha256 ?? null;
}

/**
 * A tokenizer.json pinned only by its merges: the cache keeps the merges text itself (so the
 * stored bytes hash to the pin and are content-addressed like every other file) and the CLIP
 * tokenizer is rebuilt from it, exactly as after a download.
 */
async function fetchMergesPinnedTokenizerAsync(
  file: RegistryFile,
  url: string,
  mergesSha256: string,
  entry: ModelEntry,
  options: ModelLoadOptions,
  notices: string[],
): Promise<object> {
  const cache = options.cache;
  if (cache) {
    const hit = await cache.getAsync(mergesSha256).catch(() => undefined);
    if (hit && (cache.kind === 'memory' || (await sha256HexAsync(hit)) === mergesSha256)) {
      options.onProgress?.({ file: 'tokenizer', received: hit.length, total: hit.length, fromCache: true });
      return clipTokenizerJsonFromMerges(new TextDecoder().decode(hit).split('\n'));
    }
  }
  const bytes = await fetchFileAsync('tokenizer', file, url, entry, { ...options, cache: undefined }, notices);
  const { json, mergesText } = parseTokenizer(url, file, bytes);
  if (cache && mergesText !== undefined) {
    try {
      await cache.putAsync(mergesSha256, new TextEncoder().encode(mergesText));
    } catch (err) {
      notices.push(`could not keep the tokenizer for next time (${err instanceof Error ? err.message : String(err)}); it will be downloaded again`);
    }
  }
  return json;
}

async function verifyLocalFileAsync(local: LocalModelFile, file: RegistryFile, options: ModelLoadOptions, notices: string[]): Promise<Uint8Array> {
  if (file.bytes !== null && local.bytes.length !== file.bytes)
    throw new ModelBadContentError(local.name, `it has ${local.bytes.length} bytes, the pinned file ${file.bytes}`);
  if (file.sha256) {
    const actual = await sha256HexAsync(local.bytes);
    if (actual !== file.sha256) throw new ModelHashMismatchError(local.name, file.sha256, actual);
    await options.cache
      ?.putAsync(file.sha256, local.bytes)
      .catch((err: unknown) => notices.push(`could not keep ${local.name} for next time (${err instanceof Error ? err.message : String(err)})`));
  }
  return local.bytes;
}

function convertOrExplain(url: string, bytes: Uint8Array): ReturnType<typeof convertModelToFp32> {
  try {
    return convertModelToFp32(bytes);
  } catch (err) {
    throw new ModelBadContentError(url, `cannot convert it to float32: ${err instanceof Error ? err.message : String(err)}`);
  }
}

function resolveUrl(entry: ModelEntry, file: RegistryFile, options: ModelLoadOptions): string {
  if (entry.source === 'remote') return file.url;
  if (!options.localBaseUrl) throw new Error(`model ${entry.id} is shipped locally: the host must pass localBaseUrl`);
  return new URL(file.url, options.localBaseUrl).href;
}

async function fetchFileAsync(
  role: ModelFileRole,
  file: RegistryFile,
  url: string,
  entry: ModelEntry,
  options: ModelLoadOptions,
  notices: string[],
): Promise<Uint8Array> {
  const key = file.sha256;
  if (key && options.cache) {
    const hit = await options.cache.getAsync(key).catch(() => undefined);
    // Re-hashing a persistent hit guards against a damaged store (a bad hit is re-downloaded);
    // the memory cache only ever holds bytes verified in this session.
    const trusted = hit !== undefined && (options.cache.kind === 'memory' || (await sha256HexAsync(hit)) === key);
    if (hit && trusted && (file.bytes === null || hit.length === file.bytes)) {
      options.onProgress?.({ file: role, received: hit.length, total: hit.length, fromCache: true });
      return hit;
    }
  }
  const download: DownloadOptions = {
    // A local entry's base URL is chosen by the host itself; its bytes are still hash-checked.
    allowedOrigins: entry.source === 'local' ? [...options.allowedOrigins, new URL(url).origin] : options.allowedOrigins,
    fetch: options.fetch,
    signal: options.signal,
    onProgress: (received, total) => options.onProgress?.({ file: role, received, total: total ?? file.approxBytes ?? null, fromCache: false }),
  };
  // Without a byte hash (only tokenizer.json pinned by its merges), parseTokenizer checks the content.
  const bytes = await downloadVerifiedAsync({ url, sha256: key, bytes: file.bytes, maxBytes: key ? undefined : TOKENIZER_MAX_BYTES }, download);
  if (key && options.cache) {
    try {
      await options.cache.putAsync(key, bytes);
    } catch (err) {
      notices.push(`could not keep ${role} model file for next time (${err instanceof Error ? err.message : String(err)}); it will be downloaded again`);
    }
  }
  return bytes;
}

function parseTokenizer(url: string, file: RegistryFile, bytes: Uint8Array): { json: object; mergesText?: string } {
  let json: ClipTokenizerJson;
  try {
    json = JSON.parse(new TextDecoder().decode(bytes)) as ClipTokenizerJson;
  } catch (err) {
    throw new ModelBadContentError(url, `tokenizer.json is not JSON (${err instanceof Error ? err.message : String(err)})`);
  }
  if (!file.clipMergesSha256) return { json };
  const raw = json?.model?.merges as unknown;
  if (!Array.isArray(raw)) throw new ModelBadContentError(url, 'tokenizer.json has no BPE merges');
  const merges = raw.map((m: unknown) => (Array.isArray(m) ? m.join(' ') : String(m)));
  const mergesText = merges.join('\n');
  const actual = sha256Hex(new TextEncoder().encode(mergesText));
  if (actual !== file.clipMergesSha256)
    throw new ModelLoadError('hash-mismatch', url, `the BPE merges in ${url} hash to ${actual}, expected ${file.clipMergesSha256}: not CLIP's tokenizer`);
  return { json: clipTokenizerJsonFromMerges(merges), mergesText };
}

// Content-addressed store for verified model files (key: SHA-256 hex). Three backends, probed
// in order by openModelCacheAsync: Cache API, IndexedDB, memory. Figma's plugin iframe has an
// opaque (null) origin, where Chromium refuses Cache API and IndexedDB (see models/README.md),
// so there the memory backend is what remains and the user is told downloads will repeat.

/** 'file': the CLI's folder store (src/cli/model-file-cache.ts), Node only. */
export type ModelCacheKind = 'cache-api' | 'indexeddb' | 'memory' | 'file';

export interface ModelCache {
  readonly kind: ModelCacheKind;
  getAsync(sha256: string): Promise<Uint8Array | undefined>;
  putAsync(sha256: string, bytes: Uint8Array): Promise<void>;
  /** How many files and bytes the store holds (the UI shows it). */
  sizeAsync?(): Promise<{ files: number; bytes: number }>;
  /** Deletes every stored file ("Remove downloaded models"). */
  clearAsync?(): Promise<void>;
}

export class MemoryModelCache implements ModelCache {
  readonly kind = 'memory';
  private readonly files = new Map<string, Uint8Array>();
  async getAsync(sha256: string) {
    return this.files.get(sha256);
  }
  async putAsync(sha256: string, bytes: Uint8Array) {
    this.files.set(sha256, bytes);
  }
  async sizeAsync() {
    return { files: this.files.size, bytes: [...this.files.values()].reduce((n, b) => n + b.length, 0) };
  }
  async clearAsync() {
    this.files.clear();
  }
}

const CACHE_NAME = 'clipvg-models-v1';
// Cache API keys must be http(s) URLs; a reserved .invalid host can never be fetched.
const keyUrl = (sha256: string) => `https://models.clipvg.invalid/sha256/${sha256}`;

export class CacheApiModelCache implements ModelCache {
  readonly kind = 'cache-api';
  constructor(private readonly cache: Cache) {}
  static async openAsync(storage: CacheStorage): Promise<CacheApiModelCache> {
    const cache = await storage.open(CACHE_NAME);
    await cache.match(keyUrl('probe'));
    return new CacheApiModelCache(cache);
  }
  async getAsync(sha256: string) {
    const hit = await this.cache.match(keyUrl(sha256));
    return hit ? new Uint8Array(await hit.arrayBuffer()) : undefined;
  }
  async putAsync(sha256: string, bytes: Uint8Array) {
    await this.cache.put(keyUrl(sha256), new Response(bytes as Uint8Array<ArrayBuffer>, { headers: { 'content-type': 'application/octet-stream' } }));
  }
  async sizeAsync() {
    const keys = await this.cache.keys();
    let bytes = 0;
    for (const k of keys) bytes += (await (await this.cache.match(k))?.arrayBuffer())?.byteLength ?? 0;
    return { files: keys.length, bytes };
  }
  async clearAsync() {
    for (const k of await this.cache.keys()) await this.cache.delete(k);
  }
}

const DB_NAME = 'clipvg-models';
const STORE = 'files';

export class IndexedDbModelCache implements ModelCache {
  readonly kind = 'indexeddb';
  constructor(private readonly db: IDBDatabase) {}
  static openAsync(factory: IDBFactory): Promise<IndexedDbModelCache> {
    return new Promise((resolve, reject) => {
      const request = factory.open(DB_NAME, 1);
      request.onupgradeneeded = () => request.result.createObjectStore(STORE);
      request.onsuccess = () => resolve(new IndexedDbModelCache(request.result));
      request.onerror = () => reject(request.error ?? new Error('indexedDB.open failed'));
      request.onblocked = () => reject(new Error('indexedDB.open blocked'));
    });
  }
  getAsync(sha256: string): Promise<Uint8Array | undefined> {
    return this.run('readonly', (s) => s.get(sha256)).then((v) => (v instanceof ArrayBuffer ? new Uint8Array(v) : undefined));
  }
  async putAsync(sha256: string, bytes: Uint8Array) {
    const copy = bytes.slice().buffer;
    await this.run('readwrite', (s) => s.put(copy, sha256));
  }
  async sizeAsync() {
    const all = (await this.run('readonly', (s) => s.getAll())) as unknown[];
    return { files: all.length, bytes: all.reduce<number>((n, v) => n + (v instanceof ArrayBuffer ? v.byteLength : 0), 0) };
  }
  async clearAsync() {
    await this.run('readwrite', (s) => s.clear());
  }
  private run(mode: IDBTransactionMode, op: (s: IDBObjectStore) => IDBRequest): Promise<unknown> {
    return new Promise((resolve, reject) => {
      const request = op(this.db.transaction(STORE, mode).objectStore(STORE));
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error ?? new Error('IndexedDB request failed'));
    });
  }
}

export interface OpenedModelCache {
  cache: ModelCache;
  /** Set when no persistent storage works here: say so to the user. */
  notice?: string;
  /** Why each backend before the chosen one was refused. */
  refused: string[];
}

const PROBE_TIMEOUT_MS = 3000;

/** Picks the first storage that works in this context; never throws. */
export async function openModelCacheAsync(scope: { caches?: CacheStorage; indexedDB?: IDBFactory } = globalThis): Promise<OpenedModelCache> {
  const refused: string[] = [];
  const attempt = async (label: string, open: () => Promise<ModelCache>): Promise<ModelCache | undefined> => {
    try {
      return await withTimeout(open(), PROBE_TIMEOUT_MS);
    } catch (err) {
      refused.push(`${label}: ${err instanceof Error ? `${err.name}: ${err.message}` : String(err)}`);
      return undefined;
    }
  };
  // In a sandboxed frame even reading `caches` throws (SecurityError), so reads are guarded too.
  const storage = guardedRead(() => scope.caches, 'Cache API', refused);
  const cacheApi = storage ? await attempt('Cache API', () => CacheApiModelCache.openAsync(storage)) : undefined;
  if (cacheApi) return { cache: cacheApi, refused };
  const factory = guardedRead(() => scope.indexedDB, 'IndexedDB', refused);
  const idb = factory ? await attempt('IndexedDB', () => IndexedDbModelCache.openAsync(factory)) : undefined;
  if (idb) return { cache: idb, refused };
  return {
    cache: new MemoryModelCache(),
    refused,
    notice:
      'This window cannot store files (no Cache API or IndexedDB here), so models are kept in memory for this session only and will be downloaded again next time.',
  };
}

function guardedRead<T>(read: () => T | undefined, label: string, refused: string[]): T | undefined {
  try {
    const value = read();
    if (value === undefined || value === null) refused.push(`${label}: not available in this context`);
    return value ?? undefined;
  } catch (err) {
    refused.push(`${label}: ${err instanceof Error ? `${err.name}: ${err.message}` : String(err)}`);
    return undefined;
  }
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
    p.then(
      (v) => (clearTimeout(t), resolve(v)),
      (e) => (clearTimeout(t), reject(e)),
    );
  });
}

import { statSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { modelFileCacheKey } from '../engine/models/clip-model-loader.ts';
import type { ModelEntry, RegistryFile, RegistryVariant, WeightPrecision } from '../engine/models/model-entry.ts';
import type { FileModelCache } from './model-file-cache.ts';

// What `clipvg models` lists, built from whatever the registry holds (every model, every
// variant, every file of a variant), so new variants or files need no change here.

export interface CatalogFile {
  role: string;
  url: string;
  /** Exact size; null where the registry knows only a rounded size. */
  bytes: number | null;
  /** SHA-256 of the file's bytes; null for a tokenizer pinned by its merges, or an unpinned file. */
  sha256: string | null;
  cached: boolean;
}

export interface CatalogModel {
  id: string;
  /** This variant is the one `--model ID` and `clipvg models fetch ID` use. */
  default: boolean;
  variant: string;
  /** Bytes to download when nothing is cached (rounded sizes where exact ones are unknown); 0 for shipped models. */
  downloadBytes: number;
  files: CatalogFile[];
}

export interface ModelCatalog {
  cacheDir: string;
  models: CatalogModel[];
}

export function variantFiles(variant: RegistryVariant): [string, RegistryFile][] {
  return Object.entries(variant) as [string, RegistryFile][];
}

/** Present in the cache with the pinned size (listing only: reads re-hash, `clipvg models verify` re-hashes all). */
async function isFileCachedAsync(file: RegistryFile, cache: FileModelCache): Promise<boolean> {
  const key = modelFileCacheKey(file);
  if (!key) return false;
  const size = await cache.fileSizeAsync(key);
  // A merges-pinned tokenizer is stored as its merges text, whose size the registry does not pin.
  return size !== undefined && (file.sha256 === null || file.bytes === null || size === file.bytes);
}

function shippedFileOnDisk(file: RegistryFile, modelsDir: string): boolean {
  try {
    const s = statSync(join(modelsDir, file.url));
    return s.isFile() && (file.bytes === null || s.size === file.bytes);
  } catch {
    return false;
  }
}

/** True when every file of the variant is in the cache, so loading it needs no network. */
export async function isVariantCachedAsync(entry: ModelEntry, variant: WeightPrecision, cache: FileModelCache): Promise<boolean> {
  const v = entry.variants[variant];
  if (!v) return false;
  for (const [, file] of variantFiles(v)) if (!(await isFileCachedAsync(file, cache))) return false;
  return true;
}

export async function describeModelsAsync(registry: readonly ModelEntry[], cache: FileModelCache, modelsDir: string): Promise<ModelCatalog> {
  const models: CatalogModel[] = [];
  for (const entry of registry) {
    for (const [variant, v] of Object.entries(entry.variants) as [WeightPrecision, RegistryVariant | undefined][]) {
      if (!v) continue;
      const files: CatalogFile[] = [];
      let downloadBytes = 0;
      for (const [role, file] of variantFiles(v)) {
        const local = entry.source === 'local';
        files.push({
          role,
          url: local ? pathToFileURL(join(modelsDir, file.url)).href : file.url,
          bytes: file.bytes,
          sha256: file.sha256,
          cached: local ? shippedFileOnDisk(file, modelsDir) : await isFileCachedAsync(file, cache),
        });
        if (!local) downloadBytes += file.bytes ?? file.approxBytes ?? 0;
      }
      models.push({ id: entry.id, default: variant === entry.defaultVariant, variant, downloadBytes, files });
    }
  }
  return { cacheDir: cache.dir, models };
}

function megabytes(n: number): string {
  return n >= 1e6 ? `${(n / 1e6).toFixed(0)} MB` : `${(n / 1e3).toFixed(0)} kB`;
}

/** The human table of `clipvg models`. */
export function formatCatalogTable(catalog: ModelCatalog, registry: readonly ModelEntry[]): string {
  const rows = [['model', 'variant', 'default', 'download', 'cached']];
  for (const m of catalog.models) {
    const entry = registry.find((e) => e.id === m.id)!;
    const rounded = Object.values(entry.variants[m.variant as WeightPrecision] ?? {}).some((f) => f.bytes === null);
    const unpinned = m.files.filter((f) => {
      const file = entry.variants[m.variant as WeightPrecision]?.[f.role as keyof RegistryVariant];
      return file !== undefined && modelFileCacheKey(file) === null;
    });
    const cached = m.files.filter((f) => f.cached).length;
    rows.push([
      m.id,
      m.variant,
      m.default ? 'yes' : '',
      entry.source === 'local' ? 'shipped' : `${rounded ? '~' : ''}${megabytes(m.downloadBytes)}`,
      `${cached}/${m.files.length} files${unpinned.length ? ` (${unpinned.map((f) => f.role).join(', ')} unpinned: refused)` : ''}`,
    ]);
  }
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  const lines = rows.map((r) =>
    r
      .map((c, i) => c.padEnd(widths[i]!))
      .join('  ')
      .trimEnd(),
  );
  return [`cache: ${catalog.cacheDir}`, ...lines].join('\n');
}

import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_MODEL_ID, OFFLINE_MODEL_ID } from '../../models/model-registry.ts';
import { loadClipModelAsync, type ModelLoadProgress } from '../engine/models/clip-model-loader.ts';
import type { FetchLike } from '../engine/models/host-allowlist.ts';
import type { ModelEntry, WeightPrecision } from '../engine/models/model-entry.ts';
import type { CliModelSources } from './cli-model-registry.ts';
import { CommandFailure, InputError } from './cli-errors.ts';
import type { PageAsset } from './local-page-server.ts';
import { isVariantCachedAsync } from './model-catalog.ts';
import type { FileModelCache } from './model-file-cache.ts';

// Which CLIP `clipvg edit` runs with. Without --model: the real model when it is in the cache,
// else the shipped tiny one, said in one line. A model asked for by name is that model or a
// failure with the loader's reason (offline, host, hash...): never a quiet substitute.

export interface ChosenModel {
  id: string;
  variant: string | null;
  /** Where the files came from this run. */
  from: 'shipped' | 'folder' | 'cache' | 'download';
  /** The page's model/ folder: vision_model.onnx, text_model.onnx, tokenizer.json. */
  assets: Record<string, PageAsset>;
  notices: string[];
}

export interface ModelChoiceContext {
  sources: CliModelSources;
  cache: FileModelCache;
  /** The repository's models/ folder (shipped models). */
  modelsDir: string;
  /** One line to stderr. */
  say(line: string): void;
  fetch?: FetchLike;
  onProgress?: (p: ModelLoadProgress) => void;
  signal?: AbortSignal;
}

const folderAssets = (dir: string): Record<string, PageAsset> => ({
  'model/vision_model.onnx': { file: join(dir, 'vision_model.onnx') },
  'model/text_model.onnx': { file: join(dir, 'text_model.onnx') },
  'model/tokenizer.json': { file: join(dir, 'tokenizer.json') },
});

function shipped(ctx: ModelChoiceContext): ChosenModel {
  return { id: OFFLINE_MODEL_ID, variant: null, from: 'shipped', assets: folderAssets(join(ctx.modelsDir, 'shapes-clip')), notices: [] };
}

/** Refuses every request: a default choice never starts a download the user did not ask for. */
const cacheOnlyFetch: FetchLike = async (input) => {
  throw new TypeError(`not cached, and nothing is downloaded without --model (${input})`);
};

async function loadRegistryModelAsync(
  entry: ModelEntry,
  ctx: ModelChoiceContext,
  fetchFn: FetchLike | undefined,
  variant?: WeightPrecision,
): Promise<ChosenModel> {
  let downloaded = false;
  const loaded = await loadClipModelAsync(entry, {
    allowedOrigins: ctx.sources.allowedOrigins,
    ...(variant ? { variant } : {}),
    cache: ctx.cache,
    ...(fetchFn ? { fetch: fetchFn } : {}),
    ...(ctx.signal ? { signal: ctx.signal } : {}),
    onProgress: (p) => {
      if (!p.fromCache) downloaded = true;
      ctx.onProgress?.(p);
    },
  });
  return {
    id: entry.id,
    variant: loaded.variant,
    from: downloaded ? 'download' : 'cache',
    assets: {
      'model/vision_model.onnx': { body: loaded.vision!, type: 'application/octet-stream' },
      'model/text_model.onnx': { body: loaded.text!, type: 'application/octet-stream' },
      'model/tokenizer.json': { body: JSON.stringify(loaded.tokenizerJson), type: 'application/json' },
    },
    notices: loaded.notices,
  };
}

export async function chooseModelAsync(spec: string | undefined, ctx: ModelChoiceContext, variant?: string): Promise<ChosenModel> {
  const { registry } = ctx.sources;
  const entryNamed = spec === undefined ? undefined : registry.find((e) => e.id === spec);
  if (variant !== undefined) {
    if (!entryNamed || entryNamed.source !== 'remote')
      throw new InputError(
        `--variant ${variant} needs --model with a downloadable model id (${registry
          .filter((e) => e.source === 'remote')
          .map((e) => e.id)
          .join(', ')})`,
      );
    if (!entryNamed.variants[variant as WeightPrecision])
      throw new InputError(`--variant: ${entryNamed.id} has no variant '${variant}' (has: ${Object.keys(entryNamed.variants).join(', ')})`);
  }
  if (spec === undefined) {
    const real = registry.find((e) => e.id === DEFAULT_MODEL_ID);
    if (real && (await isVariantCachedAsync(real, real.defaultVariant, ctx.cache))) {
      try {
        return await loadRegistryModelAsync(real, ctx, cacheOnlyFetch);
      } catch (err) {
        ctx.say(
          `the cached ${real.id} could not be used (${(err as Error).message}); using the shipped tiny model ${OFFLINE_MODEL_ID} instead (re-fetch with: clipvg models fetch ${real.id})`,
        );
        return shipped(ctx);
      }
    }
    ctx.say(
      `using the shipped tiny model ${OFFLINE_MODEL_ID} (toy shapes and colours only): ${DEFAULT_MODEL_ID} is not cached; get it with: clipvg models fetch ${DEFAULT_MODEL_ID}`,
    );
    return shipped(ctx);
  }
  if (spec === OFFLINE_MODEL_ID) {
    ctx.say(`using the shipped tiny model ${OFFLINE_MODEL_ID} (toy shapes and colours only)`);
    return shipped(ctx);
  }
  if (existsSync(spec) && statSync(spec).isDirectory()) {
    for (const f of ['vision_model.onnx', 'text_model.onnx', 'tokenizer.json']) {
      if (!existsSync(join(spec, f))) throw new InputError(`--model ${spec}: the folder has no ${f}`);
    }
    return { id: spec, variant: null, from: 'folder', assets: folderAssets(spec), notices: [] };
  }
  const entry = entryNamed;
  if (!entry) throw new InputError(`--model '${spec}' is neither a folder nor a known model id (${registry.map((e) => e.id).join(', ')})`);
  try {
    return await loadRegistryModelAsync(entry, ctx, ctx.fetch, variant as WeightPrecision | undefined);
  } catch (err) {
    throw new CommandFailure(`cannot load --model ${entry.id}: ${err instanceof Error ? err.message : String(err)}`);
  }
}

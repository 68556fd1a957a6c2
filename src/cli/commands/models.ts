import { fileURLToPath } from 'node:url';
import { DEFAULT_MODEL_ID } from '../../../models/model-registry.ts';
import { loadClipModelAsync } from '../../engine/models/clip-model-loader.ts';
import type { WeightPrecision } from '../../engine/models/model-entry.ts';
import type { CliCommand } from '../cli-command.ts';
import { CommandFailure, InputError } from '../cli-errors.ts';
import { cliModelSources } from '../cli-model-registry.ts';
import { describeModelsAsync, formatCatalogTable } from '../model-catalog.ts';
import { FileModelCache, modelCacheDir } from '../model-file-cache.ts';
import { parseCliArgs } from '../parse-cli-args.ts';
import { createProgressBar } from '../progress-bar.ts';

// `clipvg models`: the known CLIP models, their variants, download sizes and what is cached;
// `fetch` downloads and verifies one into the cache, `verify` re-hashes the whole cache.

const USAGE = `usage: clipvg models [--json]
       clipvg models fetch ID [--variant NAME]
       clipvg models verify

Lists the CLIP models the CLI knows (models/model-registry.ts), each variant with its download
size and which of its files are in the cache (${modelCacheDir().replace(/\\/g, '/')}, from
$XDG_CACHE_HOME/clipvg, default ~/.cache/clipvg). fetch downloads a model's files from the
pinned hosts, checks size and SHA-256, and keeps them in the cache; clipvg edit then uses them
with no network (${DEFAULT_MODEL_ID} becomes edit's default once cached). verify re-hashes
every cached file and deletes any that no longer matches (and left-over partial downloads).`;

const MODELS_DIR = fileURLToPath(new URL('../../../models/', import.meta.url));

export const modelsCommand: CliCommand = {
  usage: USAGE,
  async runAsync(args) {
    const { values, positionals } = parseCliArgs(args, { json: { type: 'boolean' }, variant: { type: 'string' } });
    const sources = cliModelSources();
    if (sources.notice) process.stderr.write(`${sources.notice}\n`);
    const cache = new FileModelCache(modelCacheDir());
    const [action, ...rest] = positionals;
    if (action === undefined) {
      if (values.variant !== undefined) throw new InputError('--variant is only used with: clipvg models fetch ID --variant NAME');
      const catalog = await describeModelsAsync(sources.registry, cache, MODELS_DIR);
      process.stdout.write(values.json ? `${JSON.stringify(catalog, null, 2)}\n` : `${formatCatalogTable(catalog, sources.registry)}\n`);
      return;
    }
    if (values.json) throw new InputError(`--json is only used with the listing (clipvg models --json)`);
    if (action === 'fetch') {
      if (rest.length !== 1) throw new InputError(`models fetch wants one model id (${sources.registry.map((e) => e.id).join(', ')})`);
      const entry = sources.registry.find((e) => e.id === rest[0]);
      if (!entry) throw new InputError(`models fetch: '${rest[0]}' is not a known model id (${sources.registry.map((e) => e.id).join(', ')})`);
      if (entry.source === 'local') {
        process.stdout.write(`${entry.id} is shipped with clipvg (models/${entry.id}); nothing to fetch\n`);
        return;
      }
      const variant = (values.variant ?? entry.defaultVariant) as WeightPrecision;
      if (!entry.variants[variant])
        throw new InputError(`models fetch: ${entry.id} has no variant '${variant}' (has: ${Object.keys(entry.variants).join(', ')})`);
      const progress = createProgressBar(process.stderr);
      const received = new Map<string, number>();
      try {
        const loaded = await loadClipModelAsync(entry, {
          allowedOrigins: sources.allowedOrigins,
          cache,
          variant,
          onProgress: (p) => {
            if (!p.fromCache) received.set(p.file, p.received);
            progress.onProgress(p);
          },
        });
        progress.finish();
        for (const n of loaded.notices) process.stderr.write(`clipvg models: ${n}\n`);
        if (loaded.notices.length) throw new CommandFailure(`${entry.id} (${variant}) was verified but could not be kept in ${cache.dir}`);
      } catch (err) {
        progress.finish();
        if (err instanceof CommandFailure) throw err;
        throw new CommandFailure(`cannot fetch ${entry.id} (${variant}): ${err instanceof Error ? err.message : String(err)}`);
      }
      const downloaded = [...received.values()].reduce((a, b) => a + b, 0);
      process.stdout.write(`${entry.id} (${variant}) is cached and verified in ${cache.dir} (${(downloaded / 1e6).toFixed(1)} MB downloaded)\n`);
      return;
    }
    if (action === 'verify') {
      if (rest.length) throw new InputError('models verify takes no arguments');
      const { checked, removedPartials } = await cache.verifyAllAsync((c) =>
        process.stdout.write(`${c.ok ? 'ok ' : 'BAD'} ${c.sha256} ${c.bytes} bytes${c.ok ? '' : ' (deleted)'}\n`),
      );
      for (const p of removedPartials) process.stdout.write(`removed partial download ${p}\n`);
      const bad = checked.filter((c) => !c.ok).length;
      process.stdout.write(`${checked.length} cached files in ${cache.dir}: ${checked.length - bad} verified, ${bad} damaged and deleted\n`);
      if (bad) throw new CommandFailure(`${bad} cached file(s) did not match their SHA-256 and were deleted; fetch the model again (clipvg models fetch ID)`);
      return;
    }
    throw new InputError(`unknown models action '${action}' (try: clipvg models, clipvg models --json, clipvg models fetch ID, clipvg models verify)`);
  },
};

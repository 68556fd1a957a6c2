import { readFileSync } from 'node:fs';
import { MODEL_ORIGINS } from '../../models/model-hosts.ts';
import { MODEL_REGISTRY } from '../../models/model-registry.ts';
import type { ModelEntry } from '../engine/models/model-entry.ts';
import { InputError } from './cli-errors.ts';

// The models and download hosts the CLI knows: models/model-registry.ts and models/model-hosts.ts.
//
// Tests replace entries through CLIPVG_TEST_REGISTRY, the path of a JSON file
//   { "allowedOrigins": ["http://127.0.0.1:PORT", ...], "models": [ModelEntry, ...] }
// whose models replace the registry's entries of the same id (others are kept). It exists so
// the CLI's download, redirect and cache paths can run end to end against a loopback server
// that behaves like the Hugging Face hub. It can never send the CLI anywhere else: every
// origin and every file URL in it must be a loopback address (127.0.0.1, ::1, localhost),
// entries must be remote ones, and each run that honours it says so on stderr.

export const TEST_REGISTRY_ENV = 'CLIPVG_TEST_REGISTRY';

export interface CliModelSources {
  registry: readonly ModelEntry[];
  allowedOrigins: readonly string[];
  /** Set when the test override is in use: printed on stderr. */
  notice?: string;
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', '[::1]', 'localhost']);

function loopbackOrigin(text: string, what: string, path: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new InputError(`${TEST_REGISTRY_ENV} ${path}: ${what} '${text}' is not a URL`);
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || !LOOPBACK_HOSTS.has(url.hostname)) {
    throw new InputError(
      `${TEST_REGISTRY_ENV} ${path}: ${what} '${text}' is not a loopback http(s) address; the test registry may only name 127.0.0.1, ::1 or localhost`,
    );
  }
  return url.origin;
}

export function cliModelSources(env: NodeJS.ProcessEnv = process.env): CliModelSources {
  const path = env[TEST_REGISTRY_ENV];
  if (!path) return { registry: MODEL_REGISTRY, allowedOrigins: MODEL_ORIGINS };
  let parsed: { allowedOrigins?: unknown; models?: unknown };
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8')) as typeof parsed;
  } catch (err) {
    throw new InputError(`${TEST_REGISTRY_ENV} ${path}: ${(err as Error).message}`);
  }
  if (!Array.isArray(parsed.allowedOrigins) || !Array.isArray(parsed.models))
    throw new InputError(`${TEST_REGISTRY_ENV} ${path}: wants {"allowedOrigins": [...], "models": [...]}`);
  const allowedOrigins = parsed.allowedOrigins.map((o) => loopbackOrigin(String(o), 'origin', path));
  const models = parsed.models as ModelEntry[];
  for (const m of models) {
    if (m.source !== 'remote') throw new InputError(`${TEST_REGISTRY_ENV} ${path}: model '${m.id}' must be a remote entry`);
    for (const variant of Object.values(m.variants)) {
      for (const file of Object.values(variant ?? {})) loopbackOrigin(file.url, 'file URL', path);
    }
  }
  const ids = new Set(models.map((m) => m.id));
  const known = new Set(MODEL_REGISTRY.map((m) => m.id));
  return {
    registry: [...MODEL_REGISTRY.map((m) => models.find((o) => o.id === m.id) ?? m), ...models.filter((m) => !known.has(m.id))],
    allowedOrigins,
    notice: `clipvg: test model registry from ${path} in use (${[...ids].join(', ')} served from loopback)`,
  };
}

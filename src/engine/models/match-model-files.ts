// "Load model files…": which of the files a user picked or dropped is which file of a
// registry variant. Matched by exact size (the registry pins every size); the loader then
// checks each one's SHA-256 like a download, so a same-sized impostor is still refused.
import type { LocalModelFile, ModelFileRole } from './clip-model-loader.ts';
import type { RegistryVariant } from './model-entry.ts';

export interface MatchedModelFiles {
  files: Partial<Record<ModelFileRole, LocalModelFile>>;
  /** Roles no supplied file fits (the loader downloads those). */
  missing: ModelFileRole[];
  /** Supplied files that are no file of the variant, each with the reason. */
  unmatched: string[];
}

const ROLES: readonly ModelFileRole[] = ['vision', 'text', 'tokenizer'];
const baseName = (url: string) => url.split(/[/?#]/).filter(Boolean).at(-1) ?? url;

export function matchModelFiles(variant: RegistryVariant, supplied: readonly LocalModelFile[]): MatchedModelFiles {
  const files: MatchedModelFiles['files'] = {};
  const unmatched: string[] = [];
  for (const f of supplied) {
    const role = ROLES.find((r) => !files[r] && (variant[r].bytes !== null ? variant[r].bytes === f.bytes.length : baseName(variant[r].url) === f.name));
    if (role) files[role] = f;
    else
      unmatched.push(
        `${f.name} (${f.bytes.length} bytes) is none of ${ROLES.map((r) => `${baseName(variant[r].url)}${variant[r].bytes !== null ? ` (${variant[r].bytes} bytes)` : ''}`).join(', ')}`,
      );
  }
  return { files, missing: ROLES.filter((r) => !files[r]), unmatched };
}

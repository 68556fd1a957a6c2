import { readFile } from 'node:fs/promises';
import type { Plugin } from 'esbuild';
import type { RegistryVariant } from '../../src/engine/models/model-entry.ts';

// A test build of the plugin whose ViT-B/32 entry pins its default variant to fixture files:
// the same URLs, roles and stored precisions as the registry's, with the fixture's sizes and
// SHA-256 (the published files are hundreds of MB). Everything else in the build is the
// plugin's own: the loader still checks every hop, size and hash against this pin.

export function pinDefaultVariantPlugin(variant: RegistryVariant): Plugin {
  return {
    name: 'clipvg-test-registry-pin',
    setup(b) {
      b.onLoad({ filter: /[\\/]models[\\/]model-registry\.ts$/ }, async (args) => ({
        contents: `${await readFile(args.path, 'utf8')}\n// Test build: the default variant pinned to fixture files.\nVIT_B32.variants = { [VIT_B32.defaultVariant]: ${JSON.stringify(variant)} };\n`,
        loader: 'ts',
      }));
    },
  };
}

import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

// WGSL lives in .wgsl files; each engine area has a GENERATED <name>-wgsl-sources.ts that
// exports them as strings, so the same import works in every host (tsx in Node tests,
// esbuild browser bundles, the plugin build) with no loader configuration. Each area's
// small config module (test/support/raster-wgsl-sources.ts, test/augment/augment-wgsl-sources.ts)
// names its folders, target and header; a staleness test compares the file with this output.

export interface WgslSourcesSpec {
  /** Folders whose .wgsl files are exported, in this order (files sorted within each). */
  dirs: URL[];
  /** The generated module. */
  target: URL;
  /** Comment lines at the top of the generated module. */
  header: string[];
}

function camel(file: string): string {
  return `${file.replace(/\.wgsl$/, '').replace(/-([a-z])/g, (_, c: string) => c.toUpperCase())}Wgsl`;
}

export function generateWgslSources(spec: WgslSourcesSpec): string {
  const parts = [...spec.header, ''];
  for (const dir of spec.dirs) {
    for (const f of readdirSync(dir).filter((n) => n.endsWith('.wgsl')).sort()) {
      parts.push(`export const ${camel(f)} = ${JSON.stringify(readFileSync(new URL(f, dir), 'utf8'))};`, '');
    }
  }
  return parts.join('\n');
}

/** Writes the generated module when the calling script (`configUrl`) was run directly with --write. */
export function writeWgslSourcesIfAsked(spec: WgslSourcesSpec, configUrl: string): void {
  if (process.argv.includes('--write') && process.argv[1] === fileURLToPath(configUrl)) {
    writeFileSync(spec.target, generateWgslSources(spec));
    process.stdout.write(`wrote ${fileURLToPath(spec.target)}\n`);
  }
}

import type { CliCommand } from './cli-command.ts';

export interface CliCommandEntry {
  name: string;
  /** One line for `clipvg --help`. */
  summary: string;
  /** Commands are imported on use: the heavy ones pull in Chromium's driver, esbuild and ORT. */
  loadAsync(): Promise<CliCommand>;
}

// Every `clipvg` sub-command, one file each under ./commands.
export const commands: readonly CliCommandEntry[] = [
  {
    name: 'convert',
    summary: 'SVG in, plain SVG out through the scene model (prints paths kept, warns on approximations)',
    loadAsync: async () => (await import('./commands/convert.ts')).convertCommand,
  },
  {
    name: 'edit',
    summary: 'CLIPVG prompt editing of an SVG/PNG/JPEG (WebGPU in headless Chromium)',
    loadAsync: async () => (await import('./commands/edit.ts')).editCommand,
  },
  {
    name: 'models',
    summary: 'list CLIP models, variants, sizes and the cache (--json); models fetch ID downloads one; models verify re-hashes the cache',
    loadAsync: async () => (await import('./commands/models.ts')).modelsCommand,
  },
  {
    name: 'render',
    summary: 'SVG in, PNG out through the differentiable rasteriser (WebGPU in Chromium, or --backend cpu)',
    loadAsync: async () => (await import('./commands/render.ts')).renderCommand,
  },
  { name: 'tokenize', summary: 'print the CLIP token ids of a text as JSON', loadAsync: async () => (await import('./commands/tokenize.ts')).tokenizeCommand },
  {
    name: 'vectorize',
    summary: 'vectorise a PNG/JPEG into stacked rounds of filled cubic paths (SVG)',
    loadAsync: async () => (await import('./commands/vectorize.ts')).vectorizeCommand,
  },
];

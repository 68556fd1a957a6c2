// Types of esbuild.config.mjs, for the tests that build the plugin in-process.
import type { Plugin } from 'esbuild';
export interface HostedUi {
  url: string;
  origin: string;
}
export function parseUiUrl(text: string): HostedUi;
export function pluginManifestAsync(): Promise<{ id: string; networkAccess: { allowedDomains: string[]; reasoning: string } } & Record<string, unknown>>;
export function hostedManifestAsync(
  ui: HostedUi,
): Promise<{ id: string; main: string; ui?: string; networkAccess: { allowedDomains: string[]; reasoning: string } } & Record<string, unknown>>;
export function buildSandboxAsync(options?: { outfile?: string; ui?: HostedUi | null }): Promise<void>;
export function buildUiHtmlAsync(options?: { minify?: boolean; plugins?: Plugin[] }): Promise<string>;
export function buildWebAsync(options?: {
  outdir?: string;
  figmaOrigin?: string;
  pluginId?: string;
  minify?: boolean;
}): Promise<{ outdir: string; files: Record<string, number> }>;
export function buildAllAsync(options?: { outdir?: string; uiUrl?: string }): Promise<{ ui: HostedUi | null }>;
export function buildEngineFrameJsAsync(options?: { minify?: boolean; plugins?: Plugin[] }): Promise<string>;
export function offlineModelAsync(): Promise<{ id: string; files: { vision: string; text: string; tokenizer: string } }>;
export const TEMPLATES_PATH: string;
export function hostedPageCsp(allowedDomains: readonly string[]): string;

// Types of esbuild.config.mjs, for the tests that build the plugin in-process.
export function buildSandboxAsync(): Promise<void>;
export function buildUiHtmlAsync(options?: { minify?: boolean }): Promise<string>;
export function buildAllAsync(): Promise<void>;
export function buildEngineFrameJsAsync(options?: { minify?: boolean }): Promise<string>;
export function offlineModelAsync(): Promise<{ id: string; files: { vision: string; text: string; tokenizer: string } }>;
export const TEMPLATES_PATH: string;

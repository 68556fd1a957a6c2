// Types of esbuild.config.mjs, for the tests that build the plugin in-process.
export function buildSandboxAsync(): Promise<void>;
export function buildUiHtmlAsync(options?: { minify?: boolean }): Promise<string>;
export function buildAllAsync(): Promise<void>;

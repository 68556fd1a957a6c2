import { fileURLToPath } from 'node:url';
import { openBrowserEngineAsync, type BrowserEngine } from '../../src/cli/browser-engine.ts';
import type { RasterPageApi } from '../../src/cli/raster-page.ts';

// The rasteriser in headless Chromium (the product's WebGPU runtime), driven from Node.

export type RasterPage = BrowserEngine & { call<K extends keyof RasterPageApi>(name: K, ...args: Parameters<RasterPageApi[K]>): ReturnType<RasterPageApi[K]> };

export async function openRasterPageAsync(): Promise<RasterPage> {
  const engine = await openBrowserEngineAsync({ entry: fileURLToPath(new URL('../../src/cli/raster-page.ts', import.meta.url)) });
  const call = ((name: string, ...args: unknown[]) =>
    engine.page.evaluate(
      ([n, a]) => ((globalThis as unknown as { raster: Record<string, (...x: unknown[]) => unknown> }).raster[n as string]!(...(a as unknown[]))),
      [name, args] as const,
    )) as RasterPage['call'];
  return Object.assign(engine, { call });
}

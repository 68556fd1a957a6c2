import { fileURLToPath } from 'node:url';
import { openBrowserEngineAsync, type BrowserEngine } from '../../src/cli/browser-engine.ts';
import { callPageAsync, type PageArgs, type PageResult } from '../../src/cli/page-api.ts';
import { RASTER_PAGE, type RasterPageApi } from '../../src/cli/raster-page-api.ts';

// The rasteriser in headless Chromium (the product's WebGPU runtime), driven from Node.

export type RasterPage = BrowserEngine & {
  call<K extends keyof RasterPageApi & string>(name: K, ...args: PageArgs<RasterPageApi, K>): Promise<PageResult<RasterPageApi, K>>;
};

export async function openRasterPageAsync(): Promise<RasterPage> {
  const engine = await openBrowserEngineAsync({ entry: fileURLToPath(new URL('../../src/cli/raster-page.ts', import.meta.url)) });
  const call: RasterPage['call'] = (name, ...args) => callPageAsync(engine.page, RASTER_PAGE, name, ...args);
  return Object.assign(engine, { call });
}

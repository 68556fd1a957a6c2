// Types of generate-wgsl-sources.mjs, for the freshness test.
export interface WgslSourceModule {
  target: string;
  dirs: string[];
}
export const WGSL_SOURCE_MODULES: WgslSourceModule[];
export function generateWgslSourceModule(module: WgslSourceModule): string;
export function wgslSourceModulePath(module: WgslSourceModule): string;
export function writeWgslSourceModules(): string[];

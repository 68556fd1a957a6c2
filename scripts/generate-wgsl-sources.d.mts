// Types of generate-wgsl-sources.mjs, for its tests.
import type { WgslBinding, WgslEntryPoint } from './wgsl-modules.mjs';

export interface WgslSourceModule {
  target: string;
  dirs: string[];
  layouts: { file: string; name: string };
}
export interface ShaderModule {
  path: string;
  dir: string;
  text: string;
}
export interface JoinedKernel {
  name: string;
  path: string;
  code: string;
  imports: string[];
  entryPoints: WgslEntryPoint[];
  bindings: WgslBinding[];
}
export const ROOT: string;
export const WGSL_SOURCE_MODULES: WgslSourceModule[];
export function readShaderModules(config?: WgslSourceModule[], root?: string): Map<string, ShaderModule>;
export function moduleKernels(module: WgslSourceModule, modules: Map<string, ShaderModule>): JoinedKernel[];
export function generateWgslSourceModule(module: WgslSourceModule, modules?: Map<string, ShaderModule>): string;
export function wgslSourceModulePath(module: WgslSourceModule, root?: string): string;
export function writeWgslSourceModules(config?: WgslSourceModule[], root?: string): string[];
export function kernelLayoutProblemsAsync(config?: WgslSourceModule[], root?: string): Promise<string[]>;
export function generateWgslSourcesAsync(config?: WgslSourceModule[], root?: string): Promise<string[]>;

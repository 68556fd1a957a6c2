// Types of wgsl-modules.mjs, for its tests.
export interface WgslEntryPoint {
  name: string;
  stage: 'compute' | 'vertex' | 'fragment';
}
export interface WgslBinding {
  group: number;
  binding: number;
  name: string;
  type: string;
}
export function wgslEntryPoints(text: string, where?: string): WgslEntryPoint[];
export function wgslBindings(text: string, where?: string): WgslBinding[];
export function joinWgsl(name: string, modules: Map<string, { path: string; text: string }>): { code: string; imports: string[] };

// Types of check-kernel-layouts.mjs, for its tests.
import type { WgslBinding, WgslEntryPoint } from './wgsl-modules.mjs';

export interface LayoutTable {
  file: string;
  name: string;
  kernels: Record<string, { shader: string; entry: Record<string, string>; bindings: Record<string, string> }>;
}
export function loadKernelLayoutsAsync(tables: { file: string; name: string }[], root: string): Promise<LayoutTable[]>;
export function checkKernelLayouts(
  kernels: { name: string; path: string; entryPoints: WgslEntryPoint[]; bindings: WgslBinding[] }[],
  tables: LayoutTable[],
): string[];

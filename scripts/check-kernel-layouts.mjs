// The build's binding check: each kernel's bindings are declared once in TypeScript (a layout
// table per engine area, src/engine/gpu/kernel-layout.ts says how), and the pipeline code builds
// its bind group layouts and bind groups from that table. This compares the table with what
// the kernel's joined WGSL declares, so a binding added, dropped, renamed, renumbered or given
// another access on one side only fails the build, naming kernel and binding, instead of
// failing (or silently binding the wrong buffer) at run time on the user's GPU.
import { build } from 'esbuild';

/**
 * The layout tables, loaded from their TypeScript files (bundled by esbuild: the tables only
 * hold data). `tables`: [{ file, name }] (name: the exported table). Returns [{ file, name, kernels }].
 */
export async function loadKernelLayoutsAsync(tables, root) {
  const contents = tables.map((t, i) => `export { ${t.name} as t${i} } from ${JSON.stringify(`./${t.file}`)};`).join('\n');
  const result = await build({
    stdin: { contents, resolveDir: root, loader: 'ts', sourcefile: 'kernel-layouts.ts' },
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'neutral',
    logLevel: 'silent',
  });
  const loaded = await import(`data:text/javascript;base64,${Buffer.from(result.outputFiles[0].text).toString('base64')}`);
  return tables.map((t, i) => {
    const kernels = loaded[`t${i}`];
    if (!kernels || typeof kernels !== 'object') throw new Error(`${t.file}: exports no kernel layout table ${t.name}`);
    return { ...t, kernels };
  });
}

const describe = (b) => `${b.name} ('${b.type}')`;

/** Problems with one TS layout `layout` (kernel `id`) against its shader's declarations `k`. */
function layoutProblems(id, layout, k) {
  const problems = [];
  const stages = Object.entries(layout.entry ?? {});
  if (stages.length === 0) problems.push(`${id}: the layout names no entry point`);
  for (const [stage, entry] of stages) {
    if (!k.entryPoints.some((e) => e.name === entry && e.stage === stage)) {
      const has = k.entryPoints.map((e) => `@${e.stage} ${e.name}`).join(', ');
      problems.push(`${id}: ${k.path} has no @${stage} entry point ${entry} (it has ${has})`);
    }
  }
  const wgsl = k.bindings;
  for (const b of wgsl.filter((b) => b.group !== 0)) {
    problems.push(`${id}: ${k.path} declares @group(${b.group}) @binding(${b.binding}) ${describe(b)}; kernel layouts describe group 0 only`);
  }
  const ts = Object.entries(layout.bindings ?? {}).map(([name, type], binding) => ({ binding, name, type }));
  const declared = new Map(wgsl.filter((b) => b.group === 0).map((b) => [b.binding, b]));
  const count = Math.max(ts.length, ...[...declared.keys()].map((n) => n + 1));
  for (let i = 0; i < count; i++) {
    const w = declared.get(i);
    const t = ts[i];
    if (w && !t) problems.push(`${id}: binding ${i} ${describe(w)} is declared in ${k.path} but missing from the TS layout`);
    else if (t && !w) problems.push(`${id}: binding ${i} ${describe(t)} is in the TS layout but ${k.path} declares no @group(0) @binding(${i})`);
    else if (t && w && t.name !== w.name) problems.push(`${id}: binding ${i} is ${describe(w)} in ${k.path} but ${describe(t)} in the TS layout`);
    else if (t && w && t.type !== w.type) problems.push(`${id}: binding ${i} ${w.name} is '${w.type}' in ${k.path} but '${t.type}' in the TS layout`);
  }
  return problems;
}

/**
 * Compares `kernels` ([{ name, path, entryPoints, bindings }], from the WGSL) with `tables`
 * ([{ file, name, kernels: { [kernel]: { shader, entry, bindings } } }]). Returns one line per
 * problem; also a kernel shader that no layout uses, and a layout whose shader is no kernel.
 */
export function checkKernelLayouts(kernels, tables) {
  const byName = new Map(kernels.map((k) => [k.name, k]));
  const used = new Set();
  const problems = [];
  for (const table of tables) {
    for (const [kernel, layout] of Object.entries(table.kernels)) {
      const id = `kernel ${kernel} (${table.file})`;
      const k = byName.get(layout.shader);
      if (!k) {
        problems.push(`${id}: shader ${layout.shader} is not a kernel .wgsl file (kernels: ${[...byName.keys()].join(', ')})`);
        continue;
      }
      used.add(k.name);
      problems.push(...layoutProblems(id, layout, k));
    }
  }
  for (const k of kernels) {
    if (!used.has(k.name)) problems.push(`${k.path} is a kernel but no TS layout uses it (add it to its area's *-kernels.ts table)`);
  }
  return problems;
}

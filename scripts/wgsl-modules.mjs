// The WGSL side of the shader build (after Vello's shader preprocessor): `#import name` joins
// modules, and each kernel's declarations (entry points, @group/@binding variables) are read
// from its joined text so the build can compare them with the kernel's TypeScript layout.
// Pure functions over text; generate-wgsl-sources.mjs does the file system. WGSL is read
// with wgsl_reflect (a maintained WGSL parser and reflection library), so a kernel that does
// not parse fails the build too. The #import step is ours: it is a few lines, and the
// preprocessors on npm are template-literal or full #ifdef languages we do not want.
import { ResourceType, WgslReflect } from 'wgsl_reflect/wgsl_reflect.module.js';
//
// #import rules: a line `#import name` (nothing else on it) stands for the module name.wgsl,
// itself joined. A module is included once per kernel, where it is first imported; a kernel
// (a file with an entry point) cannot be imported. A missing or cyclic import is an error
// that names the file and line.

const DIRECTIVE = /^\s*#(\S*)(.*)$/;
const MODULE_NAME = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** The parsed WGSL (wgsl_reflect); `#import` lines are blanked so a module parses alone. */
function reflect(text, where) {
  try {
    return new WgslReflect(text.replace(/^\s*#.*$/gm, ''));
  } catch (e) {
    throw new Error(`${where}: WGSL does not parse: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/** Entry points of WGSL text: [{ name, stage }], compute first, then vertex, then fragment. */
export function wgslEntryPoints(text, where = 'WGSL') {
  const { entry } = reflect(text, where);
  return ['compute', 'vertex', 'fragment'].flatMap((stage) => entry[stage].map((f) => ({ name: f.name, stage })));
}

/** A resource's type as the TS layouts spell it: 'uniform', 'storage, read', 'texture_2d<f32>', 'sampler', ... */
function bindingType(v, where) {
  const t = v.type;
  switch (v.resourceType) {
    case ResourceType.Uniform:
      return 'uniform';
    case ResourceType.Storage:
      return `storage, ${v.access || 'read'}`;
    case ResourceType.Texture:
      return t.format ? `${t.name}<${t.format.name}>` : t.name;
    case ResourceType.StorageTexture:
      return `${t.name}<${t.format.name}, ${t.access}>`;
    case ResourceType.Sampler:
      return t.name;
    default:
      throw new Error(`${where}: var ${v.name} is a kind of binding the kernel layouts do not describe`);
  }
}

/**
 * The resource bindings WGSL text declares, sorted by (group, binding): [{ group, binding,
 * name, type }], type spelled as the TS layouts spell it: 'uniform', 'storage, read',
 * 'storage, read_write', or the handle type ('texture_2d<f32>', 'sampler', ...).
 */
export function wgslBindings(text, where = 'WGSL') {
  const r = reflect(text, where);
  const vars = [...r.uniforms, ...r.storage, ...r.textures, ...r.samplers];
  for (const v of vars) {
    // wgsl_reflect reads a missing @group or @binding as 0; say so instead of checking a guess.
    const names = (v.attributes ?? []).map((a) => a.name);
    for (const [has, lacks] of [
      ['group', 'binding'],
      ['binding', 'group'],
    ]) {
      if (names.includes(has) && !names.includes(lacks)) throw new Error(`${where}: var ${v.name} has @${has} without @${lacks}`);
    }
  }
  const out = vars.map((v) => ({
    group: v.group,
    binding: v.binding,
    name: v.name,
    type: bindingType(v, where),
  }));
  out.sort((a, b) => a.group - b.group || a.binding - b.binding);
  for (let i = 1; i < out.length; i++) {
    const [a, b] = [out[i - 1], out[i]];
    if (a.group === b.group && a.binding === b.binding)
      throw new Error(`${where}: @group(${a.group}) @binding(${a.binding}) is declared twice (${a.name}, ${b.name})`);
  }
  return out;
}

/**
 * Joins one kernel: `modules` maps a module name (file name without .wgsl) to { path, text };
 * returns { code, imports } (imports: the modules joined in, in order). Throws on a missing
 * or cyclic import, on an import of a kernel and on an unknown directive.
 */
export function joinWgsl(name, modules) {
  const included = [];
  const stack = [];
  const visit = (current) => {
    const mod = modules.get(current);
    stack.push(current);
    const lines = mod.text.split('\n');
    const out = [];
    lines.forEach((line, i) => {
      const d = DIRECTIVE.exec(line);
      if (!d) {
        out.push(line);
        return;
      }
      const where = `${mod.path}:${i + 1}`;
      if (d[1] !== 'import') throw new Error(`${where}: unknown directive #${d[1]} (only #import name is understood)`);
      const target = d[2].trim();
      if (!MODULE_NAME.test(target)) throw new Error(`${where}: #import needs one module name (a .wgsl file name without .wgsl), got "${target}"`);
      if (stack.includes(target)) throw new Error(`${where}: cyclic #import: ${[...stack.slice(stack.indexOf(target)), target].join(' -> ')}`);
      const dep = modules.get(target);
      if (!dep) throw new Error(`${where}: #import ${target}: there is no ${target}.wgsl among the shader modules`);
      if (wgslEntryPoints(dep.text, dep.path).length)
        throw new Error(`${where}: #import ${target}: ${dep.path} is a kernel (it has an entry point); import only modules`);
      if (included.includes(target)) return;
      included.push(target);
      out.push(`// ---- #import ${target} (${dep.path}) ----`, visit(target), `// ---- end of ${target} ----`);
    });
    stack.pop();
    return out.join('\n');
  };
  if (!modules.has(name)) throw new Error(`no shader module named ${name}`);
  return { code: visit(name), imports: included };
}

// The WGSL side of the shader build (after Vello's shader preprocessor): `#import name` joins
// modules, and each kernel's declarations (entry points, @group/@binding variables) are read
// from its joined text so the build can compare them with the kernel's TypeScript layout.
// Pure functions over text; generate-wgsl-sources.mjs does the file system.
//
// #import rules: a line `#import name` (nothing else on it) stands for the module name.wgsl,
// itself joined. A module is included once per kernel, where it is first imported; a kernel
// (a file with an entry point) cannot be imported. A missing or cyclic import is an error
// that names the file and line.

const DIRECTIVE = /^\s*#(\S*)(.*)$/;
const MODULE_NAME = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** WGSL text without comments (line and nested block), newlines kept so offsets map to lines. */
export function stripWgslComments(text) {
  let out = '';
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const two = text.slice(i, i + 2);
    if (depth === 0 && two === '//') {
      while (i < text.length && text[i] !== '\n') i++;
      out += '\n';
      continue;
    }
    if (two === '/*') {
      depth++;
      i++;
      continue;
    }
    if (depth > 0 && two === '*/') {
      depth--;
      i++;
      continue;
    }
    if (depth === 0 || text[i] === '\n') out += text[i];
  }
  return out;
}

/** Entry points of WGSL text: [{ name, stage }] in source order. */
export function wgslEntryPoints(text) {
  const out = [];
  const re = /@(compute|vertex|fragment)\b((?:\s*@\w+\s*(?:\([^)]*\))?)*)\s*fn\s+([A-Za-z_]\w*)/g;
  for (const m of stripWgslComments(text).matchAll(re)) out.push({ name: m[3], stage: m[1] });
  return out;
}

/** `storage,read_write` -> `storage, read_write`; `texture_2d < f32 >` -> `texture_2d<f32>`. */
function normaliseType(t) {
  return t.replace(/\s+/g, '').replace(/,/g, ', ');
}

/**
 * The resource bindings WGSL text declares, sorted by (group, binding): [{ group, binding,
 * name, type }], type spelled as the TS layouts spell it: 'uniform', 'storage, read',
 * 'storage, read_write', or the handle type ('texture_2d<f32>', 'sampler', ...).
 */
export function wgslBindings(text, where = 'WGSL') {
  const out = [];
  const re = /((?:@\w+\s*(?:\([^)]*\))?\s*)*)\bvar\s*(?:<([^>]*)>)?\s*([A-Za-z_]\w*)\s*:\s*([^;=]+?)\s*[;=]/g;
  for (const m of stripWgslComments(text).matchAll(re)) {
    const attrs = m[1];
    const group = /@group\s*\(\s*(\d+)\s*\)/.exec(attrs);
    const binding = /@binding\s*\(\s*(\d+)\s*\)/.exec(attrs);
    const name = m[3];
    if (!group && !binding) continue;
    if (!group || !binding) throw new Error(`${where}: var ${name} has @${group ? 'group' : 'binding'} without @${group ? 'binding' : 'group'}`);
    const space = m[2] === undefined ? null : normaliseType(m[2]);
    let type;
    if (space === null) type = normaliseType(m[4]);
    else if (space === 'uniform') type = 'uniform';
    else if (space === 'storage') type = 'storage, read';
    else if (space === 'storage, read' || space === 'storage, read_write') type = space;
    else throw new Error(`${where}: var ${name} is bound in address space <${space}>; bindings are uniform, storage or handles`);
    out.push({ group: Number(group[1]), binding: Number(binding[1]), name, type });
  }
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
      if (wgslEntryPoints(dep.text).length)
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

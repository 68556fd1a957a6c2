import { test } from 'node:test';
import assert from 'node:assert/strict';
import { joinWgsl, wgslBindings, wgslEntryPoints } from '../../scripts/wgsl-modules.mjs';

// The shader build's #import step and its reading of WGSL declarations (scripts/wgsl-modules.mjs).

function modules(files: Record<string, string>) {
  return new Map(Object.entries(files).map(([name, text]) => [name, { path: `shaders/${name}.wgsl`, text }]));
}
const KERNEL = '@compute @workgroup_size(1)\nfn main() {}\n';

test('#import joins each module once, where it is first imported, dependencies inside', () => {
  const m = modules({
    k: `#import b\n#import c\n${KERNEL}`,
    b: '#import d\nconst B = D;',
    c: '#import d\nconst C = D;',
    d: 'const D = 1u;',
  });
  const { code, imports } = joinWgsl('k', m);
  assert.deepEqual(imports, ['b', 'd', 'c']);
  const decls = code.split('\n').filter((l) => l.startsWith('const'));
  assert.deepEqual(decls, ['const D = 1u;', 'const B = D;', 'const C = D;']);
  assert.ok(code.includes('// ---- #import d (shaders/d.wgsl) ----'), code);
  assert.ok(!code.includes('#import b\n'), 'directive lines are replaced');
});

test('a missing import names the file, the line and the module', () => {
  assert.throws(() => joinWgsl('k', modules({ k: `// a kernel\n#import bezier\n${KERNEL}` })), {
    message: 'shaders/k.wgsl:2: #import bezier: there is no bezier.wgsl among the shader modules',
  });
});

test('a cyclic import names the cycle', () => {
  const m = modules({ k: `#import a\n${KERNEL}`, a: '#import b', b: '\n#import a' });
  assert.throws(() => joinWgsl('k', m), { message: 'shaders/b.wgsl:2: cyclic #import: a -> b -> a' });
  assert.throws(() => joinWgsl('k', modules({ k: `#import k\n${KERNEL}` })), { message: 'shaders/k.wgsl:1: cyclic #import: k -> k' });
});

test('a kernel cannot be imported; unknown directives and malformed imports are errors', () => {
  assert.throws(() => joinWgsl('k', modules({ k: `#import j\n${KERNEL}`, j: KERNEL })), /shaders\/k\.wgsl:1: #import j: shaders\/j\.wgsl is a kernel/);
  assert.throws(() => joinWgsl('k', modules({ k: `#define X 1\n${KERNEL}` })), /shaders\/k\.wgsl:1: unknown directive #define/);
  assert.throws(() => joinWgsl('k', modules({ k: `#import a b\n${KERNEL}` })), /shaders\/k\.wgsl:1: #import needs one module name .*got "a b"/);
  // A commented-out directive is a comment.
  assert.equal(joinWgsl('k', modules({ k: `// #import nothing\n${KERNEL}` })).imports.length, 0);
});

test('bindings: every address space and handle type, in binding order, comments and non-bindings ignored', () => {
  const text = `
    @group(0) @binding(3) var<storage,read_write> c: array<atomic<u32>, 2>;
    @binding(1) @group(0) var<storage> a: array<f32>;   // @binding before @group; storage defaults to read
    @group(0) @binding(2) var<storage, read> b: array<vec4f>;
    @group(0) @binding(0) var<uniform> P: Params;
    @group(0) @binding(4) var t: texture_2d < f32 >;
    @group(0) @binding(5) var s: texture_storage_2d<rgba8unorm,write>;
    @group(0) @binding(6) var smp: sampler;
    @group(0) @binding(7) var cmp: sampler_comparison;
    @group(1) @binding(0) var<uniform> other: Params;
    // @group(0) @binding(8) var<uniform> commented: Params;
    /* @group(0) @binding(9) var<uniform> blocked: Params; /* nested */ */
    var<workgroup> shared: array<f32, 64>;
    var<private> seed: u32 = 1u;
    fn f() { var local: f32 = 0.0; }
  `;
  assert.deepEqual(
    wgslBindings(text).map((b) => [b.group, b.binding, b.name, b.type]),
    [
      [0, 0, 'P', 'uniform'],
      [0, 1, 'a', 'storage, read'],
      [0, 2, 'b', 'storage, read'],
      [0, 3, 'c', 'storage, read_write'],
      [0, 4, 't', 'texture_2d<f32>'],
      [0, 5, 's', 'texture_storage_2d<rgba8unorm, write>'],
      [0, 6, 'smp', 'sampler'],
      [0, 7, 'cmp', 'sampler_comparison'],
      [1, 0, 'other', 'uniform'],
    ],
  );
});

test('bindings: half-attributed or doubled bindings and WGSL that does not parse are errors', () => {
  assert.throws(() => wgslBindings('@binding(0) var<uniform> P: Params;', 'x.wgsl'), { message: 'x.wgsl: var P has @binding without @group' });
  assert.throws(() => wgslBindings('@group(0) @binding(1) var<uniform> P: T;\n@group(0) @binding(1) var<uniform> Q: T;', 'x.wgsl'), {
    message: 'x.wgsl: @group(0) @binding(1) is declared twice (P, Q)',
  });
  assert.throws(() => wgslBindings('@group(0) var<uniform> P: f32;', 'x.wgsl'), { message: 'x.wgsl: var P has @group without @binding' });
  assert.throws(() => wgslBindings('fn f( {', 'x.wgsl'), /^Error: x\.wgsl: WGSL does not parse: /);
});

test('entry points: stage and name, attributes between them, comments ignored, compute then vertex then fragment', () => {
  const text = `
    @compute @workgroup_size(8, 8,
      1)
    fn main(@builtin(global_invocation_id) gid: vec3u) {}
    @vertex fn vs() -> @builtin(position) vec4f { return vec4f(0.0); }
    @fragment
    fn fs() -> @location(0) vec4f { return vec4f(1.0); }
    // @compute @workgroup_size(1) fn old() {}
    fn helper() {}
  `;
  assert.deepEqual(wgslEntryPoints(text), [
    { name: 'main', stage: 'compute' },
    { name: 'vs', stage: 'vertex' },
    { name: 'fs', stage: 'fragment' },
  ]);
});

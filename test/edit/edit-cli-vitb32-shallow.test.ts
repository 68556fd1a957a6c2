import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { VIT_B32 } from '../../models/model-registry.ts';
import { mainAsync } from '../../src/cli/main.ts';
import { parseModel, serializeModel } from '../../src/engine/autodiff/index.ts';
import type { EditTimings } from '../../src/engine/edit/edit-types.ts';
import { importSvg } from '../../src/scene/svg-import.ts';
import { sampleUsage, type UsagePeaks } from '../support/chromium-usage.ts';
import { startLoopbackHubAsync, type HubFile, type HubRequest } from '../support/loopback-hub.ts';
import { registryHubOptions, shallowFiles, shallowVariant } from '../support/vitb32-shallow-hub.ts';

// `clipvg edit --model clip-vit-base-patch32`, the real registry path of the CLI: the default
// variant's files (fp16 vision, int8 text, tokenizer.json) come from a loopback hub at the
// registry's own URLs, answering like huggingface.co (302 to a *.hf.co storage host, ETag,
// Content-Length, no Range); they are verified, converted to float32, kept in the CLI's cache
// and run for 2 iterations with 64 patches on the one-layer ViT-B/32-shaped fixture
// (models/published-vitb32-shallow: patch 32, width 768, 224² input, 512 embed; twelve layers
// would take minutes per iteration on WASM). Test-only plumbing: the CLI runs in this process,
// its global fetch is mapped to the hub, its cache is a fresh folder, and the registry's
// default variant is pinned to the fixture's files (same URLs, roles and stored precisions).
// Prints time per iteration, memory peaks and CPU time.

const SVG = `<svg xmlns="http://www.w3.org/2000/svg" width="224" height="224" viewBox="0 0 224 224">
<rect width="224" height="224" fill="#3050c0"/><circle cx="112" cy="112" r="60" fill="#e03030"/><path d="M40 190 L112 150 L184 190 Z" fill="#f0d020"/></svg>`;

const HUB = 'huggingface.co';
const STORAGE = 'us.aws.cdn.hf.co';

interface CliRun {
  code: number;
  stderr: string;
  requests: HubRequest[];
  dir: string;
  usage: UsagePeaks;
  wallMs: number;
}

/** `clipvg edit IN.svg -o OUT.svg ARGS --model clip-vit-base-patch32` with the hub serving `files`. */
async function editWithHubAsync(files: HubFile[], args: (dir: string) => string[]): Promise<CliRun> {
  const dir = mkdtempSync(join(tmpdir(), 'clipvg-vitb32-'));
  writeFileSync(join(dir, 'in.svg'), SVG);
  const hub = await startLoopbackHubAsync(files, registryHubOptions());
  const savedVariants = VIT_B32.variants;
  const realFetch = globalThis.fetch;
  globalThis.fetch = ((input: string | URL | Request, init?: RequestInit) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const host = new URL(url).hostname;
    return host === HUB || host.endsWith('.hf.co') ? hub.fetch(url, init) : realFetch(input, init);
  }) as typeof fetch;
  VIT_B32.variants = { [VIT_B32.defaultVariant]: shallowVariant(files) };
  const stderr: string[] = [];
  const realWrite = process.stderr.write.bind(process.stderr);
  process.stderr.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => (
    stderr.push(String(chunk)), (realWrite as (...a: unknown[]) => boolean)(chunk, ...rest)
  )) as typeof process.stderr.write;
  const savedCache = process.env.XDG_CACHE_HOME;
  process.env.XDG_CACHE_HOME = join(dir, 'cache');
  const usage = sampleUsage();
  const t0 = performance.now();
  let code: number;
  try {
    code = await mainAsync(['edit', join(dir, 'in.svg'), '-o', join(dir, 'out.svg'), '--model', VIT_B32.id, ...args(dir)]);
  } finally {
    if (savedCache === undefined) delete process.env.XDG_CACHE_HOME;
    else process.env.XDG_CACHE_HOME = savedCache;
    process.stderr.write = realWrite;
    globalThis.fetch = realFetch;
    VIT_B32.variants = savedVariants;
    await hub.closeAsync();
  }
  return { code, stderr: stderr.join(''), requests: hub.requests, dir, usage: usage.stop(), wallMs: Math.round(performance.now() - t0) };
}

/** The repo path of each file asked of the hub itself, sorted. */
const askedOfHub = (requests: HubRequest[]) =>
  requests
    .filter((r) => r.host === HUB)
    .map((r) => r.path.split('/resolve/')[1]!.split('/').slice(1).join('/'))
    .sort();

test('clipvg edit --model clip-vit-base-patch32: hub download, verify, convert, 2 iterations x 64 patches on the ViT-B/32-shaped fixture', {
  timeout: 1_800_000,
}, async () => {
  const run = await editWithHubAsync(shallowFiles(), (dir) => [
    '--prompt',
    'a red circle on a blue background',
    '--iters',
    '2',
    '--patches',
    '64',
    '--report',
    join(dir, 'report.json'),
  ]);
  assert.equal(run.code, 0, run.stderr);
  assert.doesNotMatch(run.stderr, /falling back|could not download/, run.stderr);
  // Each file once from the hub at its registry URL, the LFS ones through the redirect; no Range.
  assert.deepEqual(askedOfHub(run.requests), ['onnx/text_model_quantized.onnx', 'onnx/vision_model_fp16.onnx', 'tokenizer.json']);
  assert.equal(run.requests.filter((r) => r.host === STORAGE).length, 2);
  assert.deepEqual(
    run.requests.filter((r) => r.range),
    [],
  );
  const rep = JSON.parse(readFileSync(join(run.dir, 'report.json'), 'utf8')) as {
    model: string;
    modelVariant: string;
    modelFrom: string;
    losses: number[];
    clipProvider: string;
    timings: EditTimings & { totalMs: number };
  };
  assert.deepEqual([rep.model, rep.modelVariant, rep.modelFrom], [VIT_B32.id, VIT_B32.defaultVariant, 'download']);
  assert.equal(rep.losses.length, 2);
  assert.ok(rep.losses.every(Number.isFinite), JSON.stringify(rep.losses));
  const edited = importSvg(readFileSync(join(run.dir, 'out.svg'), 'utf8'));
  assert.equal(edited.groups.length, importSvg(SVG).groups.length);
  console.log(
    JSON.stringify({
      vitb32CliEdit: {
        model: `${VIT_B32.id} (${VIT_B32.defaultVariant}; one-layer ViT-B/32-shaped fixture)`,
        clip: rep.clipProvider,
        timings: Object.fromEntries(Object.entries(rep.timings).map(([k, v]) => [k, Math.round(v)])),
        wallMs: run.wallMs,
        ...run.usage,
      },
    }),
  );
});

test('clipvg edit --model: a vision model with an op the autodiff cannot differentiate fails naming the op (exit 1), before the other files are downloaded', {
  timeout: 300_000,
}, async () => {
  // The fixture's vision tower with its one QuickGELU Sigmoid turned into HardSigmoid.
  const files = shallowFiles().map((f) => {
    if (f.path !== 'onnx/vision_model_fp16.onnx') return f;
    const m = parseModel(f.bytes);
    const sigmoids = m.graph!.node!.filter((n) => n.opType === 'Sigmoid');
    assert.ok(sigmoids.length > 0, 'the fixture has a Sigmoid to replace');
    for (const n of sigmoids) n.opType = 'HardSigmoid';
    return { ...f, bytes: serializeModel(m) };
  });
  const run = await editWithHubAsync(files, () => ['--prompt', 'a red circle', '--iters', '1', '--patches', '0']);
  assert.equal(run.code, 1, run.stderr);
  const lines = run.stderr.split('\n').filter((l) => l.startsWith('clipvg edit:'));
  assert.equal(lines.length, 1, run.stderr);
  assert.match(
    lines[0]!,
    /vision_model_fp16\.onnx uses the ONNX op HardSigmoid, which the gradient engine cannot differentiate; the model's other files were not downloaded/,
  );
  assert.deepEqual(askedOfHub(run.requests), ['onnx/vision_model_fp16.onnx'], 'only the vision file was asked for');
  assert.equal(run.requests.filter((r) => r.host === STORAGE).length, 1);
  assert.equal(existsSync(join(run.dir, 'out.svg')), false, 'no output written');
});

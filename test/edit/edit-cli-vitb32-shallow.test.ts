import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { VIT_B32 } from '../../models/model-registry.ts';
import { editCommand } from '../../src/cli/commands/edit.ts';
import { importSvg } from '../../src/scene/svg-import.ts';
import { startShallowHubAsync } from '../support/vitb32-shallow-hub.ts';

// `clipvg edit --model clip-vit-base-patch32`, the real registry path of the CLI: the default
// variant's files (fp16 vision, int8 text, tokenizer.json) come through a loopback hub that
// answers like huggingface.co (302 to a *.hf.co storage host), are verified, converted to
// float32 and run for 2 iterations with 64 patches on the one-layer ViT-B/32-shaped fixture
// (models/published-vitb32-shallow; twelve layers would take minutes per iteration on WASM
// here). Test-only plumbing: the CLI runs in this process, its global fetch is mapped to the
// hub and the registry entry's default variant is pinned to the fixture's files (same names,
// roles and stored precisions). Prints time per iteration and memory peaks.

const SVG = `<svg xmlns="http://www.w3.org/2000/svg" width="224" height="224" viewBox="0 0 224 224">
<rect width="224" height="224" fill="#3050c0"/><circle cx="112" cy="112" r="60" fill="#e03030"/><path d="M40 190 L112 150 L184 190 Z" fill="#f0d020"/></svg>`;

/** Sum of the RSS (MB) of this process's Chromium children, from ps. */
function chromiumRssMB(): number {
  try {
    const out = execFileSync('ps', ['-eo', 'ppid=,pid=,rss=,comm='], { encoding: 'utf8' });
    const rows = out
      .trim()
      .split('\n')
      .map((l) => l.trim().split(/\s+/));
    const kids = new Set<string>([String(process.pid)]);
    for (let changed = true; changed; ) {
      changed = false;
      for (const [ppid, pid] of rows) if (kids.has(ppid!) && !kids.has(pid!)) kids.add(pid!), (changed = true);
    }
    return rows
      .filter(([, pid, , comm]) => pid !== String(process.pid) && kids.has(pid!) && /chrom/i.test(comm ?? ''))
      .reduce((s, r) => s + Number(r[2]) / 1024, 0);
  } catch {
    return 0;
  }
}

// Measured on the shared 2-core machine (load ~30): 37 s per iteration, but ~10 minutes wall
// (engine start, conversion, gradient graph and WASM session for 65 images in Chromium);
// 15+ minutes on a worse run. Far beyond the suite's budget: runs only with CLIPVG_VITB32_EDIT=1.
const enabled = process.env.CLIPVG_VITB32_EDIT === '1';

test('clipvg edit --model clip-vit-base-patch32: hub download, verify, convert, 2 iterations x 64 patches on the ViT-B/32-shaped fixture', {
  timeout: 3_600_000,
  skip: enabled ? false : 'minutes per iteration here; CLIPVG_VITB32_EDIT=1 runs it',
}, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'clipvg-vitb32-'));
  const input = join(dir, 'in.svg');
  writeFileSync(input, SVG);
  const { hub, variant } = await startShallowHubAsync();
  const savedVariants = VIT_B32.variants;
  const realFetch = globalThis.fetch;
  const hubHost = (h: string) => h === 'huggingface.co' || h.endsWith('.hf.co') || h === 'evil.test';
  globalThis.fetch = ((input: string | URL | Request, init?: RequestInit) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    return hubHost(new URL(url).hostname) ? hub.fetch(url, init) : realFetch(input, init);
  }) as typeof fetch;
  VIT_B32.variants = { [VIT_B32.defaultVariant]: variant };
  const stderr: string[] = [];
  const realWrite = process.stderr.write.bind(process.stderr);
  process.stderr.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => (
    stderr.push(String(chunk)), (realWrite as (...a: unknown[]) => boolean)(chunk, ...rest)
  )) as typeof process.stderr.write;
  let nodePeak = 0;
  let chromiumPeak = 0;
  const sampler = setInterval(() => {
    nodePeak = Math.max(nodePeak, process.memoryUsage().rss / 1e6);
    chromiumPeak = Math.max(chromiumPeak, chromiumRssMB());
  }, 500);
  const out = join(dir, 'out.svg');
  const report = join(dir, 'report.json');
  const t0 = performance.now();
  try {
    await editCommand.runAsync([
      input,
      '-o',
      out,
      '--prompt',
      'a red circle on a blue background',
      '--model',
      VIT_B32.id,
      '--iters',
      '2',
      '--patches',
      '64',
      '--report',
      report,
    ]);
  } finally {
    clearInterval(sampler);
    process.stderr.write = realWrite;
    globalThis.fetch = realFetch;
    VIT_B32.variants = savedVariants;
    await hub.closeAsync();
  }
  const log = stderr.join('');
  assert.doesNotMatch(log, /falling back|could not download/, log);
  // The files came through the hub's redirect to the storage host, each once.
  const fromHub = hub.requests.filter((r) => r.host === 'huggingface.co').map((r) => r.path.split('/resolve/')[1]!.split('/').slice(1).join('/'));
  assert.deepEqual(fromHub.sort(), ['onnx/text_model_quantized.onnx', 'onnx/vision_model_fp16.onnx', 'tokenizer.json']);
  assert.equal(hub.requests.filter((r) => r.host === 'us.aws.cdn.hf.co').length, 2);
  const rep = JSON.parse(readFileSync(report, 'utf8')) as {
    model: string;
    losses: number[];
    clipProvider: string;
    timings: { perIterationMs: number; totalMs: number };
  };
  assert.equal(rep.model, VIT_B32.id);
  assert.equal(rep.losses.length, 2);
  assert.ok(rep.losses.every(Number.isFinite), JSON.stringify(rep.losses));
  const edited = importSvg(readFileSync(out, 'utf8'));
  assert.equal(edited.groups.length, importSvg(SVG).groups.length);
  realWrite(
    `# ViT-B/32-shaped (1 layer) CLI edit, 2 iterations x 64 patches, CLIP on ${rep.clipProvider}: ${Math.round(rep.timings.perIterationMs)} ms per iteration, ${Math.round(performance.now() - t0)} ms wall; RSS peak node ${Math.round(nodePeak)} MB, Chromium ${Math.round(chromiumPeak)} MB\n`,
  );
});

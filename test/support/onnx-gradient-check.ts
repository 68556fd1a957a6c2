// Checks a gradient graph against central finite differences of the forward graph, both
// run by onnxruntime. The objective is sum(output * w) for fixed random weights w.
import { buildGradientGraph } from '../../src/engine/autodiff/build-gradient-graph.ts';
import { mulberry32 } from '../../src/engine/random/seeded-random.ts';
import { parseModel, serializeModel } from '../../src/engine/autodiff/onnx-codec.ts';
import { createSessionAsync, runAsync, type Feeds, type HostTensor } from './onnx-ort-runner.ts';

export function randomTensor(dims: number[], rand: () => number, lo = -1, hi = 1): HostTensor {
  const n = dims.reduce((a, b) => a * b, 1);
  const data = new Float32Array(n);
  for (let i = 0; i < n; i++) data[i] = lo + (hi - lo) * rand();
  return { data, dims };
}

export interface GradientCheckOptions {
  model: Uint8Array;
  feeds: Feeds;
  wrt: string[];
  output: string;
  samples?: number;
  eps?: number;
  seed?: number;
}

export interface GradientCheckResult {
  /** Fraction of sampled entries within relative error 1e-2. */
  passFraction: number;
  maxRelError: number;
  sampled: number;
  nan: boolean;
  worst: string;
}

function dot(a: Float32Array, b: Float32Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

/**
 * Relative error with a floor of 1e-3 of the largest gradient magnitude, so that
 * entries that are zero up to rounding do not count as failures by themselves.
 */
export function relativeError(analytic: number, numeric: number, scale: number): number {
  return Math.abs(analytic - numeric) / (Math.max(Math.abs(analytic), Math.abs(numeric)) + 1e-3 * scale);
}

export async function checkGradientAsync(opts: GradientCheckOptions): Promise<GradientCheckResult> {
  const rand = mulberry32(opts.seed ?? 7);
  const eps = opts.eps ?? 1e-2;
  const forward = await createSessionAsync(opts.model);
  const base = await runAsync(forward, opts.feeds);
  const out = base[opts.output];
  if (!out) throw new Error(`forward has no output ${opts.output}`);
  const weights = randomTensor(out.dims, rand, -1, 1);
  const { model } = buildGradientGraph(parseModel(opts.model), { wrt: opts.wrt, seeds: [{ output: opts.output, gradInput: 'seed_weights' }] });
  const gradSession = await createSessionAsync(serializeModel(model));
  const grads = await runAsync(gradSession, { ...opts.feeds, seed_weights: weights });
  let nan = false;
  let within = 0;
  let sampled = 0;
  let maxRel = 0;
  let worst = '';
  for (const name of opts.wrt) {
    const g = grads[`${name}_grad`]!;
    const x = opts.feeds[name]!;
    if (g.data.length !== x.data.length) throw new Error(`gradient of ${name} has ${g.data.length} entries, input has ${x.data.length}`);
    let scale = 0;
    for (const v of g.data) {
      if (Number.isNaN(v)) nan = true;
      scale = Math.max(scale, Math.abs(v));
    }
    const count = Math.min(opts.samples ?? 24, x.data.length);
    const picks = count === x.data.length ? [...x.data.keys()] : Array.from({ length: count }, () => Math.floor(rand() * x.data.length));
    for (const j of picks) {
      const objective = async (delta: number) => {
        const data = Float32Array.from(x.data);
        data[j]! += delta;
        const r = await runAsync(forward, { ...opts.feeds, [name]: { data, dims: x.dims } });
        return dot(r[opts.output]!.data, weights.data);
      };
      const step = Math.fround(x.data[j]! + eps) - Math.fround(x.data[j]! - eps);
      const numeric = ((await objective(eps)) - (await objective(-eps))) / step;
      const analytic = g.data[j]!;
      const rel = relativeError(analytic, numeric, scale);
      if (rel <= 1e-2) within += 1;
      if (rel > maxRel) {
        maxRel = rel;
        worst = `${name}[${j}]: analytic ${analytic}, numeric ${numeric}`;
      }
      sampled += 1;
    }
  }
  return { passFraction: within / sampled, maxRelError: maxRel, sampled, nan, worst };
}

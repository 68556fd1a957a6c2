// Least-squares cubic Bézier fitting of a polyline within a tolerance: Philip J. Schneider's
// "An Algorithm for Automatically Fitting Digitized Curves" (Graphics Gems, 1990). The fit-curve
// package implements the same algorithm and is the oracle of this file's tests; this version
// works on flat numbers instead of small arrays, because on a 512 px photo the library spent
// most of the vectoriser's time allocating (2 of 3 CPU seconds, mostly in its vector helpers
// and the garbage collector).

const MAX_NEWTON_ROUNDS = 20;
/** Squared-error ratio above which a fit is taken as failed without the nearest-point search. */
const FAR_OFF = 16;

type Out = number[];

/** Points as flat x, y pairs; the fit covers samples [first, last]. */
interface Samples {
  xy: Float64Array;
}

function chordParams(s: Samples, first: number, last: number): Float64Array {
  const n = last - first + 1;
  const u = new Float64Array(n);
  const xy = s.xy;
  for (let i = 1; i < n; i++) {
    const a = (first + i - 1) * 2,
      b = (first + i) * 2;
    u[i] = u[i - 1]! + Math.hypot(xy[b]! - xy[a]!, xy[b + 1]! - xy[a + 1]!);
  }
  const total = u[n - 1]!;
  for (let i = 1; i < n; i++) u[i] = total > 0 ? u[i]! / total : i / (n - 1);
  return u;
}

/** Control points [x0, y0, x1, y1, x2, y2, x3, y3] with the given end tangents, least squares over the samples. */
function generateBezier(s: Samples, first: number, last: number, u: Float64Array, t1x: number, t1y: number, t2x: number, t2y: number): Float64Array {
  const xy = s.xy;
  const x0 = xy[first * 2]!,
    y0 = xy[first * 2 + 1]!;
  const x3 = xy[last * 2]!,
    y3 = xy[last * 2 + 1]!;
  let c00 = 0,
    c01 = 0,
    c11 = 0,
    r0 = 0,
    r1 = 0;
  for (let i = 0; i < u.length; i++) {
    const t = u[i]!,
      v = 1 - t;
    const b0 = v * v * v,
      b1 = 3 * v * v * t,
      b2 = 3 * v * t * t,
      b3 = t * t * t;
    const a1x = t1x * b1,
      a1y = t1y * b1,
      a2x = t2x * b2,
      a2y = t2y * b2;
    c00 += a1x * a1x + a1y * a1y;
    c01 += a1x * a2x + a1y * a2y;
    c11 += a2x * a2x + a2y * a2y;
    const px = xy[(first + i) * 2]! - (x0 * (b0 + b1) + x3 * (b2 + b3));
    const py = xy[(first + i) * 2 + 1]! - (y0 * (b0 + b1) + y3 * (b2 + b3));
    r0 += a1x * px + a1y * py;
    r1 += a2x * px + a2y * py;
  }
  const det = c00 * c11 - c01 * c01;
  let al = det === 0 ? 0 : (r0 * c11 - r1 * c01) / det;
  let ar = det === 0 ? 0 : (c00 * r1 - c01 * r0) / det;
  const seg = Math.hypot(x3 - x0, y3 - y0);
  // Degenerate or backwards handles: fall back to Wu/Barsky's heuristic of a third of the chord.
  if (al < 1e-6 * seg || ar < 1e-6 * seg) al = ar = seg / 3;
  return Float64Array.of(x0, y0, x0 + t1x * al, y0 + t1y * al, x3 + t2x * ar, y3 + t2y * ar, x3, y3);
}

// Curve evaluation writes here instead of returning a fresh pair: it runs millions of times.
let qx = 0;
let qy = 0;

function evalAt(b: Float64Array, u: number): void {
  const v = 1 - u;
  const b0 = v * v * v,
    b1 = 3 * v * v * u,
    b2 = 3 * v * u * u,
    b3 = u * u * u;
  qx = b0 * b[0]! + b1 * b[2]! + b2 * b[4]! + b3 * b[6]!;
  qy = b0 * b[1]! + b1 * b[3]! + b2 * b[5]! + b3 * b[7]!;
}

/** Largest squared distance between a sample and the curve at its parameter, and where. */
function maxError(s: Samples, first: number, last: number, b: Float64Array, u: Float64Array): [number, number] {
  let worst = 0;
  let split = Math.floor((first + last) / 2);
  for (let i = 1; i < u.length - 1; i++) {
    evalAt(b, u[i]!);
    const dx = qx - s.xy[(first + i) * 2]!,
      dy = qy - s.xy[(first + i) * 2 + 1]!;
    const d = dx * dx + dy * dy;
    if (d > worst) {
      worst = d;
      split = first + i;
    }
  }
  return [worst, split];
}

/** One Newton step per sample towards the closest curve point, kept only where it brings the curve point closer (Newton can overshoot on wiggly samples). */
function reparameterize(s: Samples, first: number, b: Float64Array, u: Float64Array): Float64Array {
  const out = new Float64Array(u.length);
  for (let i = 0; i < u.length; i++) {
    const t = u[i]!;
    const v = 1 - t;
    evalAt(b, t);
    const d1x = 3 * (v * v * (b[2]! - b[0]!) + 2 * v * t * (b[4]! - b[2]!) + t * t * (b[6]! - b[4]!));
    const d1y = 3 * (v * v * (b[3]! - b[1]!) + 2 * v * t * (b[5]! - b[3]!) + t * t * (b[7]! - b[5]!));
    const d2x = 6 * (v * (b[4]! - 2 * b[2]! + b[0]!) + t * (b[6]! - 2 * b[4]! + b[2]!));
    const d2y = 6 * (v * (b[5]! - 2 * b[3]! + b[1]!) + t * (b[7]! - 2 * b[5]! + b[3]!));
    const ex = qx - s.xy[(first + i) * 2]!,
      ey = qy - s.xy[(first + i) * 2 + 1]!;
    const num = ex * d1x + ey * d1y;
    const den = d1x * d1x + d1y * d1y + ex * d2x + ey * d2y;
    const next = den === 0 ? t : Math.min(1, Math.max(0, t - num / den));
    evalAt(b, next);
    const px = s.xy[(first + i) * 2]!,
      py = s.xy[(first + i) * 2 + 1]!;
    out[i] = (qx - px) ** 2 + (qy - py) ** 2 < ex * ex + ey * ey ? next : t;
  }
  return out;
}

const ARC_PARTS = 16;

/**
 * Curve parameters whose arc-length fraction equals each sample's chord-length fraction:
 * a closer start for the nearest-point search than the raw fractions when the handles
 * make the curve's speed uneven.
 */
function byArcLength(b: Float64Array, u: Float64Array): Float64Array {
  const cum = new Float64Array(ARC_PARTS + 1);
  let px = b[0]!,
    py = b[1]!;
  for (let k = 1; k <= ARC_PARTS; k++) {
    evalAt(b, k / ARC_PARTS);
    cum[k] = cum[k - 1]! + Math.hypot(qx - px, qy - py);
    px = qx;
    py = qy;
  }
  const total = cum[ARC_PARTS]!;
  const out = new Float64Array(u.length);
  if (total === 0) return out.fill(0).map((_, i) => u[i]!);
  let k = 0;
  for (let i = 0; i < u.length; i++) {
    const want = u[i]! * total;
    while (k < ARC_PARTS - 1 && cum[k + 1]! < want) k++;
    const span = cum[k + 1]! - cum[k]!;
    out[i] = (k + (span > 0 ? Math.min(1, Math.max(0, (want - cum[k]!) / span)) : 0)) / ARC_PARTS;
  }
  return out;
}

function emit(out: Out, b: Float64Array): void {
  out.push(b[2]!, b[3]!, b[4]!, b[5]!, b[6]!, b[7]!);
}

function fitRange(s: Samples, first: number, last: number, t1x: number, t1y: number, t2x: number, t2y: number, errorSq: number, out: Out): void {
  const xy = s.xy;
  if (last - first === 1) {
    const x0 = xy[first * 2]!,
      y0 = xy[first * 2 + 1]!,
      x3 = xy[last * 2]!,
      y3 = xy[last * 2 + 1]!;
    const d = Math.hypot(x3 - x0, y3 - y0) / 3;
    emit(out, Float64Array.of(x0, y0, x0 + t1x * d, y0 + t1y * d, x3 + t2x * d, y3 + t2y * d, x3, y3));
    return;
  }
  // Errors are measured from each sample to its nearest curve point (two Newton steps from its
  // parameter), not to the point at its parameter: that overestimates, and splits curves that
  // already fit (fit-curve maps parameters by arc length for the same reason).
  // The distance at the sample's own parameter bounds the nearest distance from above, so
  // when it passes there is no need to search.
  const errorOf = (b: Float64Array, u: Float64Array): [number, number] => {
    const quick = maxError(s, first, last, b, u);
    // Far off even allowing for the overestimate: split without searching.
    if (quick[0] < errorSq || quick[0] > FAR_OFF * errorSq) return quick;
    const t = reparameterize(s, first, b, reparameterize(s, first, b, byArcLength(b, u)));
    return maxError(s, first, last, b, t);
  };
  let u = chordParams(s, first, last);
  let b = generateBezier(s, first, last, u, t1x, t1y, t2x, t2y);
  let [err, split] = errorOf(b, u);
  if (err < errorSq) {
    emit(out, b);
    return;
  }
  // Close enough that a better parameterisation may do it: a few Newton rounds first.
  if (err < errorSq * 4) {
    let previous = err;
    for (let k = 0; k < MAX_NEWTON_ROUNDS; k++) {
      u = reparameterize(s, first, b, u);
      b = generateBezier(s, first, last, u, t1x, t1y, t2x, t2y);
      // u now sits near each sample's nearest point: the plain measure is close enough.
      [err, split] = maxError(s, first, last, b, u);
      if (err < errorSq) {
        emit(out, b);
        return;
      }
      if (err > previous * 0.99) break; // stalled: splitting will do better
      previous = err;
    }
  }
  // Split at the worst sample, with a shared tangent there for a smooth join.
  let cx = xy[(split - 1) * 2]! - xy[(split + 1) * 2]!;
  let cy = xy[(split - 1) * 2 + 1]! - xy[(split + 1) * 2 + 1]!;
  if (cx === 0 && cy === 0) {
    const dx = xy[(split - 1) * 2]! - xy[split * 2]!,
      dy = xy[(split - 1) * 2 + 1]! - xy[split * 2 + 1]!;
    cx = -dy;
    cy = dx;
  }
  const len = Math.hypot(cx, cy) || 1;
  cx /= len;
  cy /= len;
  fitRange(s, first, split, t1x, t1y, cx, cy, errorSq, out);
  fitRange(s, split, last, -cx, -cy, t2x, t2y, errorSq, out);
}

/**
 * Fits cubics through flat (x, y) samples (at least 2, no two consecutive equal). tangentStart
 * points from the first sample into the curve, tangentEnd from the last sample back into it
 * (unit vectors). Returns the start point, then c1, c2 and end point per segment, flattened.
 */
export function fitCubicBeziers(xy: Float64Array, tangentStart: [number, number], tangentEnd: [number, number], tolerance: number): number[] {
  const n = xy.length / 2;
  if (n < 2) throw new RangeError('fitCubicBeziers needs at least 2 points');
  const out: number[] = [xy[0]!, xy[1]!];
  fitRange({ xy }, 0, n - 1, tangentStart[0], tangentStart[1], tangentEnd[0], tangentEnd[1], tolerance * tolerance, out);
  return out;
}

import { type Cubic8, splitCubic } from './cubic-split.ts';
import type { ComputedStyle } from './svg-style.ts';
import { type Contour, parseLength, type Viewport } from './svg-shapes.ts';

// stroke-dasharray: the contours cut into open dashes before they are outlined, so a dashed
// stroke is an ordinary stroke of its dashes. Cuts are exact cubic splits at arc-length
// positions (lengths from a fine flattening), so curves stay curves and each dash keeps its
// original corners for the joins. Every sub-path starts the pattern afresh, as SVG specifies.

type Cubic = Cubic8;

/** The cubic's part between parameters a < b. */
function subCubic(c: Cubic, a: number, b: number): Cubic {
  const head = b >= 1 ? c : splitCubic(c, b)[0];
  return a <= 0 ? head : splitCubic(head, a / b)[1];
}

const SAMPLES = 64;
const MAX_DASHES = 20000;

/** Cumulative arc length at t = k / SAMPLES. */
function lengths(c: Cubic): number[] {
  const out = [0];
  let [px, py] = [c[0], c[1]];
  for (let k = 1; k <= SAMPLES; k++) {
    const t = k / SAMPLES;
    const u = 1 - t;
    const x = u * u * u * c[0] + 3 * u * u * t * c[2] + 3 * u * t * t * c[4] + t * t * t * c[6];
    const y = u * u * u * c[1] + 3 * u * u * t * c[3] + 3 * u * t * t * c[5] + t * t * t * c[7];
    out.push(out[k - 1]! + Math.hypot(x - px, y - py));
    px = x;
    py = y;
  }
  return out;
}

/** The parameter at arc length s along the cubic (linear within the sampled table). */
function paramAt(table: readonly number[], s: number): number {
  if (s <= 0) return 0;
  const total = table[SAMPLES]!;
  if (s >= total) return 1;
  let lo = 0;
  let hi = SAMPLES;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (table[mid]! < s) lo = mid;
    else hi = mid;
  }
  const span = table[hi]! - table[lo]!;
  return (lo + (span > 0 ? (s - table[lo]!) / span : 0)) / SAMPLES;
}

function segmentsOf(c: Contour): Cubic[] {
  const p = c.pts;
  const segs: Cubic[] = [];
  for (let i = 2; i + 5 < p.length; i += 6) segs.push([p[i - 2]!, p[i - 1]!, p[i]!, p[i + 1]!, p[i + 2]!, p[i + 3]!, p[i + 4]!, p[i + 5]!]);
  const [x0, y0, xn, yn] = [p[0]!, p[1]!, p.at(-2)!, p.at(-1)!];
  if (c.closed && (xn !== x0 || yn !== y0))
    segs.push([xn, yn, xn + (x0 - xn) / 3, yn + (y0 - yn) / 3, xn + ((x0 - xn) * 2) / 3, yn + ((y0 - yn) * 2) / 3, x0, y0]);
  return segs;
}

/**
 * The dashes of `contours` under `pattern` (user-unit lengths, already validated: none negative,
 * a positive sum) started `offset` into it. A zero-length dash becomes a very short one along
 * the path, so that round and square caps are drawn there, oriented as the path runs.
 */
export function dashContours(contours: readonly Contour[], pattern: readonly number[], offset: number): Contour[] {
  const dashes = pattern.length % 2 === 1 ? [...pattern, ...pattern] : [...pattern];
  const total = dashes.reduce((a, b) => a + b, 0);
  const out: Contour[] = [];
  for (const contour of contours) {
    // Where the offset falls in the pattern.
    let idx = 0;
    let remain = dashes[0]!;
    let skip = ((offset % total) + total) % total;
    while (skip > 0) {
      if (skip < remain) {
        remain -= skip;
        break;
      }
      skip -= remain;
      idx = (idx + 1) % dashes.length;
      remain = dashes[idx]!;
    }
    let current: number[] | null = null;
    // A closed contour that is dashed at its start point and still dashed at its end: like
    // Skia (and so resvg, and browsers), the last dash runs on into the first with a join.
    const first = contour.closed && idx % 2 === 0 && remain > 0 ? out.length : -1;
    const finish = () => {
      if (current && current.length > 2) out.push({ pts: current, closed: false });
      current = null;
    };
    const segs = segmentsOf(contour);
    for (const seg of segs) {
      const table = lengths(seg);
      const len = table[SAMPLES]!;
      let pos = 0;
      for (;;) {
        const on = idx % 2 === 0;
        const step = Math.min(remain, len - pos);
        if (on && (step > 0 || remain === 0)) {
          const a = paramAt(table, pos);
          // A zero-length dash: a tiny piece along the tangent carries the caps' direction.
          const b = step > 0 ? paramAt(table, pos + step) : Math.min(1, a + 1e-6);
          const piece = b > a ? subCubic(seg, a, b) : subCubic(seg, Math.max(0, a - 1e-6), a);
          current ??= [piece[0], piece[1]];
          current.push(...piece.slice(2));
          if (remain === 0) finish();
        }
        pos += step;
        remain -= step;
        if (remain > 1e-12 * (1 + total)) break;
        if (on) finish();
        idx = (idx + 1) % dashes.length;
        remain = dashes[idx]!;
        if (pos >= len) break;
      }
    }
    // The last dash reaches the end point when it is still open or ended exactly there.
    const [x0, y0] = [contour.pts[0]!, contour.pts[1]!];
    const lastOut = out.at(-1);
    const endsAtStart = (pts: readonly number[]) => Math.hypot(pts.at(-2)! - x0, pts.at(-1)! - y0) <= 1e-9 * (1 + Math.abs(x0) + Math.abs(y0));
    const tail: number[] | null = current ?? (first >= 0 && out.length - 1 > first && lastOut && endsAtStart(lastOut.pts) ? out.pop()!.pts : null);
    if (first >= 0 && first < out.length && tail) {
      out[first] = { pts: [...tail, ...out[first]!.pts.slice(2)], closed: false };
      current = null;
    }
    finish();
  }
  return out;
}

/**
 * The stroke's dash pattern and offset in user units, or null for a solid stroke: `none`, or a
 * pattern SVG makes solid (a negative length, a zero sum), or one we cannot read (warned).
 */
export function readDashes(
  style: ComputedStyle,
  vp: Viewport,
  contours: readonly Contour[],
  where: string,
  warn: (where: string, message: string) => void,
): { pattern: number[]; offset: number } | null {
  const text = style['stroke-dasharray']!.trim();
  if (text === 'none') return null;
  let pattern: number[];
  let offset: number;
  try {
    pattern = text.split(/\s*,\s*|\s+/).map((v) => parseLength(v, 'diag', vp, 'stroke-dasharray'));
    offset = parseLength(style['stroke-dashoffset']!, 'diag', vp, 'stroke-dashoffset');
  } catch (err) {
    warn(where, `${(err as Error).message}; the stroke is drawn solid`);
    return null;
  }
  // SVG: a negative length makes the list invalid and a zero sum draws the stroke solid; resvg agrees.
  if (pattern.some((v) => v < 0) || !(pattern.reduce((a, b) => a + b, 0) > 0)) return null;
  // A tiny pattern on a long path would make millions of pieces: past a bound, the stroke stays solid.
  let length = 0;
  for (const c of contours) for (let i = 2; i < c.pts.length; i += 2) length += Math.hypot(c.pts[i]! - c.pts[i - 2]!, c.pts[i + 1]! - c.pts[i - 1]!);
  const period = pattern.length % 2 === 1 ? [...pattern, ...pattern] : pattern;
  const count = Math.ceil((length / period.reduce((a, b) => a + b, 0)) * (period.length / 2));
  if (count > MAX_DASHES) {
    warn(where, `stroke-dasharray ${text} would cut the path into about ${count} dashes (more than ${MAX_DASHES}); the stroke is drawn solid`);
    return null;
  }
  return { pattern, offset };
}

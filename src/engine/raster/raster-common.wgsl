// Shared by the rasteriser kernels (each has #import raster-common). Twin: raster-common.ts.

struct Params {
  width: u32, height: u32, tilesX: u32, tilesY: u32,
  binTiles: u32, binsX: u32, binsY: u32, groupCount: u32,
  lineCapacity: u32, segmentCount: u32, pointCount: u32, background: u32,
  gradChannels: u32, ptclCapacity: u32, rowIndexCapacity: u32, areaCapacity: u32,
}

// box: the group's line bounding box (minX, minY, maxX, maxY), written by tile-bin.wgsl;
// rowBase: where its lines-by-tile-row index starts (tile-row-index.wgsl).
struct Group { lineStart: u32, lineEnd: u32, rule: u32, rowBase: u32, box: vec4f }

const NO_ROW_INDEX: u32 = 0xffffffffu;

const TILE: u32 = 16u;
const TILE_F: f32 = 16.0;
const FILL_EVENODD: u32 = 1u;
const OCCLUDER_T: f32 = 1e-6;
const NO_OCCLUDER: u32 = 0xffffffffu;

struct AreaGrad { v: f32, g: vec4f }

fn clamp01(v: f32) -> f32 { return clamp(v, 0.0, 1.0); }

fn pieceAcc(s: f32, e: f32, x0: f32, dx: f32, px: f32, acc: ptr<function, vec3f>) {
  let len = e - s;
  if (len <= 0.0) { return; }
  let tm = 0.5 * (s + e);
  let xm = x0 + tm * dx;
  (*acc).x += len * clamp01(px + 1.0 - xm);
  if (px < xm && xm < px + 1.0) {
    (*acc).y += len * (1.0 - tm);
    (*acc).z += len * tm;
  }
}

// The t-range [ta, tb) of line l inside pixel row py (empty when !(ta < tb)), and whether
// each end was cut by the row's edges rather than being the line's own end. Shared by the
// area and full-cover gradients so both clip rows identically.
struct RowClip { ta: f32, tb: f32, taC: bool, tbC: bool }

fn rowClip(l: vec4f, py: f32) -> RowClip {
  var c = RowClip(0.0, 1.0, false, false);
  let dy = l.w - l.y;
  if (dy == 0.0) {
    if (!(py <= l.y && l.y < py + 1.0)) { c.ta = 1.0; c.tb = 0.0; }
  } else {
    let a = (py - l.y) / dy;
    let b = (py + 1.0 - l.y) / dy;
    let lo = min(a, b);
    let hi = max(a, b);
    c.taC = lo > 0.0;
    c.tbC = hi < 1.0;
    c.ta = select(0.0, lo, c.taC);
    c.tb = select(1.0, hi, c.tbC);
  }
  return c;
}

// Exact box-filtered signed area of line l = (x0,y0,x1,y1) in pixel (px,py), and its
// gradient w.r.t. (x0,y0,x1,y1). px = +large gives the full-row cover.
fn pixelAreaGrad(l: vec4f, px: f32, py: f32) -> AreaGrad {
  return pixelAreaGradIn(l, rowClip(l, py), px);
}

// pixelAreaGrad with the line's clip to the pixel row (rowClip) computed once for all the
// pixels it crosses there.
fn pixelAreaGradIn(l: vec4f, clip: RowClip, px: f32) -> AreaGrad {
  var r: AreaGrad;
  let x0 = l.x;
  let dx = l.z - l.x;
  let dy = l.w - l.y;
  let ta = clip.ta;
  let tb = clip.tb;
  let taC = clip.taC;
  let tbC = clip.tbC;
  if (!(ta < tb)) { return r; }
  var s0 = tb;
  var s1 = tb;
  if (dx != 0.0) {
    let a = (px - x0) / dx;
    let b = (px + 1.0 - x0) / dx;
    s0 = clamp(min(a, b), ta, tb);
    s1 = clamp(max(a, b), ta, tb);
  }
  var acc = vec3f(0.0);
  pieceAcc(ta, s0, x0, dx, px, &acc);
  pieceAcc(s0, s1, x0, dx, px, &acc);
  pieceAcc(s1, tb, x0, dx, px, &acc);
  let fa = select(0.0, clamp01(px + 1.0 - (x0 + ta * dx)), taC);
  let fb = select(0.0, clamp01(px + 1.0 - (x0 + tb * dx)), tbC);
  r.v = dy * acc.x;
  r.g = vec4f(-dy * acc.y, -acc.x + fb * (tb - 1.0) - fa * (ta - 1.0), -dy * acc.z, acc.x - fb * tb + fa * ta);
  return r;
}

// The x-range (min, max) of line l's piece clipped to a pixel row (rowClip, not empty).
fn clipXRange(l: vec4f, clip: RowClip) -> vec2f {
  let xa = l.x + clip.ta * (l.z - l.x);
  let xb = l.x + clip.tb * (l.z - l.x);
  return vec2f(min(xa, xb), max(xa, xb));
}

// Tile-relative pixel column of x, clamped to [-1, 16] (safe for huge coordinates).
fn tileColumn(x: f32, X0: f32) -> i32 {
  return i32(clamp(floor(x) - X0, -1.0, 16.0));
}

// (coverage, d coverage / d area)
fn coverageOf(area: f32, rule: u32) -> vec2f {
  let a = abs(area);
  let s = sign(area);
  if (rule == FILL_EVENODD) {
    let u = a - 2.0 * floor(a * 0.5);
    if (u <= 1.0) { return vec2f(u, select(0.0, s, u < 1.0)); }
    return vec2f(2.0 - u, -s);
  }
  if (a < 1.0) { return vec2f(a, s); }
  return vec2f(1.0, 0.0);
}

// How a line matters to the tile whose top-left is (X0,Y0): 0 not at all (outside the
// strip or wholly right), 1 listed (evaluated per pixel), 2/3 wholly left and spanning the
// strip: +1/-1 full cover for every pixel (the backdrop), with zero gradient.
fn classifyLine(l: vec4f, X0: f32, Y0: f32) -> u32 {
  let Y1 = Y0 + TILE_F;
  let X1 = X0 + TILE_F;
  let ymin = min(l.y, l.w);
  let ymax = max(l.y, l.w);
  if (!(ymax >= Y0 && ymin < Y1)) { return 0u; }
  let dy = l.w - l.y;
  var xa = l.x;
  var xb = l.z;
  if (dy != 0.0) {
    let ta = clamp((Y0 - l.y) / dy, 0.0, 1.0);
    let tb = clamp((Y1 - l.y) / dy, 0.0, 1.0);
    xa = l.x + ta * (l.z - l.x);
    xb = l.x + tb * (l.z - l.x);
  }
  if (min(xa, xb) >= X1) { return 0u; }
  if (max(xa, xb) <= X0 && ymin <= Y0 && ymax >= Y1) { return select(3u, 2u, dy > 0.0); }
  return 1u;
}

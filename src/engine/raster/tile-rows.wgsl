// Shared by render-forward.wgsl and render-backward.wgsl: one
// workgroup per 16x16 tile, one invocation per pixel row of it (16 pixels). An invocation
// walks its tile's command list (tile-coarse.wgsl) with no barriers: for each group it
// accumulates the row's signed areas the way font rasterisers do (exact area where a line
// crosses a pixel, its full cover added once to the first pixel right of it, then a prefix
// sum along the row), so a line costs O(pixels it crosses), not O(16).

#import raster-common
#import ptcl

@group(0) @binding(0) var<uniform> P: Params;
@group(0) @binding(1) var<storage, read> lines: array<vec4f>;
@group(0) @binding(2) var<storage, read> groups: array<Group>;
@group(0) @binding(3) var<storage, read> colors: array<vec4f>;
// Command lists, layout in ptcl.wgsl.
@group(0) @binding(4) var<storage, read> ptcl: array<u32>;

// (first word, end word) of the line indices of command `cmd` for tile row `row`.
fn rowLines(cmd: u32, row: u32) -> vec2u {
  return vec2u(cmd + COMMAND_HEADER + ptcl[cmd + 4u + row], cmd + COMMAND_HEADER + ptcl[cmd + 5u + row]);
}

// Whether command `cmd` covers anything in tile row `row`: a listed line or a backdrop.
// Where not, every area is 0 and the fine passes skip the command (a third of the
// row-commands on pitt.svg; SwiftShader pays for every pass over the 16 pixels).
fn rowLive(cmd: u32, row: u32) -> bool {
  return ptcl[cmd + 2u] != 0u || ptcl[cmd + 4u + row] != ptcl[cmd + 5u + row];
}

// Signed areas of one command's group over the 16 pixels of row py (tile row `row`, left
// edge X0), for a live row (rowLive).
fn rowAreas(cmd: u32, row: u32, X0: f32, py: f32, area: ptr<function, array<f32, 16>>) {
  let backdrop = f32(bitcast<i32>(ptcl[cmd + 2u]));
  let range = rowLines(cmd, row);
  var cover: array<f32, 17>;
  for (var c = 0u; c < 16u; c++) {
    (*area)[c] = 0.0;
    cover[c] = 0.0;
  }
  cover[0] = backdrop;
  for (var i = range.x; i < range.y; i++) {
    let l = lines[ptcl[i]];
    let clip = rowClip(l, py);
    if (!(clip.ta < clip.tb)) { continue; }
    let xr = clipXRange(l, clip);
    let c0 = max(tileColumn(xr.x, X0), 0);
    let c1 = tileColumn(xr.y, X0);
    for (var c = c0; c <= min(c1, 15); c++) {
      (*area)[c] += pixelAreaGradIn(l, clip, X0 + f32(c)).v;
    }
    let cs = max(c1 + 1, 0);
    if (cs < 16) { cover[cs] += (l.w - l.y) * (clip.tb - clip.ta); }
  }
  var run = 0.0;
  for (var c = 0u; c < 16u; c++) {
    run += cover[c];
    (*area)[c] += run;
  }
}

// The state buffer (render-forward.wgsl writes it, render-backward.wgsl reads it), in u32
// words, N = width * height, T = tiles: [0, 4N) the composite, [4N, 5N) logT, [5N, 6N) the
// occluder, [6N, 6N + 16T) per tile row where its areas start (NO_AREAS: not kept), then
// the kept areas, 16 per live row-command (P.areaCapacity words).
const NO_AREAS: u32 = 0xffffffffu;

fn areaStartWord(tile: u32, row: u32) -> u32 {
  return 6u * P.width * P.height + tile * 16u + row;
}

fn areasBase() -> u32 {
  return 6u * P.width * P.height + 16u * P.tilesX * P.tilesY;
}

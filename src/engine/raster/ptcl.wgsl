// The per-tile command lists (PTCL) that tile-coarse.wgsl writes and tile-rows.wgsl reads.
// Layout (u32 words): [0, T) the head of each tile's list (END if empty), then commands
// [next, group, backdrop (i32 bits), hits, 17 row offsets, line indices bucketed by pixel
// row]; row r's line indices are words [cmd + COMMAND_HEADER + offset r, ... offset r + 1).
// Twin: COMMAND_HEADER in tile-coarse.ts.

const COMMAND_HEADER: u32 = 21u;
const END: u32 = 0xffffffffu;

// The paints' layout in the colours buffer, shared by the renderer (paint.wgsl) and the
// optimiser (paint-adam.wgsl) so the two cannot drift apart. The TypeScript side keeps the
// same constants in paint.ts; test/raster/paint-layout.test.ts checks they agree.

const PAINT_SOLID: u32 = 0u;
const PAINT_LINEAR: u32 = 1u;
const SPREAD_REFLECT: u32 = 1u;
const SPREAD_REPEAT: u32 = 2u;
// Geometry values per gradient, before its stops; f32 per stop (offset, r, g, b, a).
const PAINT_GEOMETRY: u32 = 6u;
const STOP_WORDS: u32 = 5u;
// A group's paint record: kind, spread, first parameter, stop count, the inverse transform
// (6 words from RECORD_INVERSE), the geometry's learning-rate scale, one spare word.
const RECORD_WORDS: u32 = 12u;
const RECORD_INVERSE: u32 = 4u;
const RECORD_GEOMETRY_SCALE: u32 = 10u;
// What each parameter is (low 3 bits of paintRole; the group above).
const ROLE_POSITION: u32 = 0u;
const ROLE_RADIUS: u32 = 1u;
const ROLE_OFFSET: u32 = 2u;
const ROLE_COLOR: u32 = 3u;
const ROLE_UNUSED: u32 = 4u;

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseHexPalette } from '../../src/scene/hex-palette.ts';

// The palette rule, tested once for the CLI (--palette) and the plugin (hex field), which
// both call parseHexPalette.

test('#rgb and #rrggbb, # optional, any of comma, semicolon or space between; all opaque', () => {
  const p = parseHexPalette('#f00, 00ff00  #0000FF;#abc');
  assert.ok(p.ok);
  assert.deepEqual(p.colours, [
    { r: 1, g: 0, b: 0, a: 1 },
    { r: 0, g: 1, b: 0, a: 1 },
    { r: 0, g: 0, b: 1, a: 1 },
    { r: 0xaa / 255, g: 0xbb / 255, b: 0xcc / 255, a: 1 },
  ]);
});

test('an alpha digit is refused with the reason (palette recolour keeps each shape its own opacity)', () => {
  for (const item of ['#0000ff80', '#f008']) {
    const p = parseHexPalette(`#f00, ${item}`);
    assert.ok(!p.ok);
    assert.match(p.error, new RegExp(`"${item}" has an alpha digit: palette colours are opaque`));
  }
});

test('a bad item is named; nothing typed asks for a colour', () => {
  const bad = parseHexPalette('#f00, #12345');
  assert.ok(!bad.ok);
  assert.equal(bad.error, '"#12345" is not a hex colour (#rgb or #rrggbb)');
  const empty = parseHexPalette('  ');
  assert.ok(!empty.ok);
  assert.match(empty.error, /type at least one colour/);
});

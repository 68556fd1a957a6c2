import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeSvgBytes, formatWarnings } from '../../src/cli/commands/convert.ts';
import { InputError } from '../../src/cli/cli-errors.ts';

test('warnings with the same message are grouped into one line naming the first elements', () => {
  const lines = formatWarnings(
    [
      { where: 'svg/path[1]', message: 'filter url(#f) ignored; drawn unfiltered' },
      { where: 'svg/path[2]', message: 'filter url(#f) ignored; drawn unfiltered' },
      { where: 'svg/path[3]', message: 'filter url(#f) ignored; drawn unfiltered' },
      { where: 'svg/path[4]', message: 'filter url(#f) ignored; drawn unfiltered' },
      { where: 'svg/text[1]', message: 'text is not converted to outlines' },
    ],
    false,
  );
  assert.deepEqual(lines, [
    'warning: filter url(#f) ignored; drawn unfiltered (4 elements: svg/path[1], svg/path[2], svg/path[3], ...)',
    'warning: svg/text[1]: text is not converted to outlines',
  ]);
});

test('many kinds of warning are capped unless all are asked for', () => {
  const many = Array.from({ length: 100 }, (_, i) => ({ where: `svg/path[${i + 1}]`, message: `gradient #g${i} approximated` }));
  const capped = formatWarnings(many, false);
  assert.equal(capped.length, 41);
  assert.match(capped[40]!, /and 60 more kinds of warning \(--all-warnings lists them\)/);
  assert.equal(formatWarnings(many, true).length, 100);
});

test('input bytes: UTF-8 with BOM and UTF-16 decode; binary formats are named', () => {
  const svg = '<svg xmlns="http://www.w3.org/2000/svg"/>';
  assert.equal(decodeSvgBytes(new TextEncoder().encode(svg), 'a.svg'), svg);
  const utf16 = new Uint8Array(2 + svg.length * 2);
  utf16.set([0xff, 0xfe]);
  for (let i = 0; i < svg.length; i++) utf16[2 + 2 * i] = svg.charCodeAt(i);
  assert.equal(decodeSvgBytes(utf16, 'a.svg'), svg);
  const fails: [number[], RegExp][] = [
    [[], /is empty \(0 bytes\)/],
    [[0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a], /is a PNG image/],
    [[0xff, 0xd8, 0xff, 0xe0], /is a JPEG image/],
    [[0x1f, 0x8b, 0x08], /gzip-compressed/],
  ];
  for (const [bytes, message] of fails) {
    assert.throws(
      () => decodeSvgBytes(new Uint8Array(bytes), 'x'),
      (e: unknown) => e instanceof InputError && message.test(e.message),
    );
  }
});

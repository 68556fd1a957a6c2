import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseSelector } from '../../src/scene/css-selector.ts';
import { importSvg } from '../../src/scene/svg-import.ts';

// Stylesheet selectors beyond simple compounds: attribute tests, :first-child, descendant and
// child combinators, with CSS specificity deciding between them.

const svg = (body: string) => `<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">${body}</svg>`;
const blues = (body: string) => importSvg(svg(body)).groups.map((g) => Math.round(g.fill.b * 255));

test('combinators: descendant (any depth) and child (direct parent only)', () => {
  assert.deepEqual(
    blues('<style>svg > rect{fill:#000001} g rect{fill:#000002}</style><rect width="1" height="1"/><g><g><rect width="1" height="1"/></g></g>'),
    [1, 2],
  );
  assert.deepEqual(blues('<style>g > rect{fill:#000003}</style><g><a><rect width="1" height="1"/></a></g>'), [0]);
});

test('attribute selectors: presence, =, ~=, ^=, $=, *=, |=; :first-child', () => {
  const s = blues(
    '<style>[x]{fill:#000001} [class~="b"]{fill:#000002} [id^=ab]{fill:#000003} [id$=yz]{fill:#000004} [id*=mm]{fill:#000005} [lang|=en]{fill:#000006} g > circle:first-child{fill:#000007}</style>' +
      '<rect x="0" width="1" height="1"/><rect class="a b" width="1" height="1"/><rect id="abc" width="1" height="1"/><rect id="xyz" width="1" height="1"/>' +
      '<rect id="hmmm" width="1" height="1"/><rect lang="en-GB" width="1" height="1"/><g><circle r="1"/><circle r="1"/></g>',
  );
  assert.deepEqual(s, [1, 2, 3, 4, 5, 6, 7, 0]);
});

test('specificity sums over the compounds: the more specific rule wins whatever its order', () => {
  // resvg's structure/style/rule-specificity: (1,0,3) beats (1,0,2).
  assert.deepEqual(
    blues('<style>g#g1 * g * * rect{fill:#000001} g#g1 * * rect{fill:#000002}</style><g id="g1"><g><g><g><g><rect width="1" height="1"/></g></g></g></g></g>'),
    [1],
  );
  assert.equal(parseSelector('g#g1 * g * * rect')!.specificity, 10003);
  assert.equal(parseSelector('a.b[c]:first-child')!.specificity, 301);
});

test('what stays unsupported is refused (the sheet warns and ignores the rule)', () => {
  for (const s of ['a + b', 'a ~ b', 'a:hover', 'a::before', '> a', 'a >', '[x="a b" y]']) assert.equal(parseSelector(s), null, s);
  const scene = importSvg(svg('<style>rect + rect{fill:red}</style><rect width="1" height="1"/>'));
  assert.match(scene.warnings[0]!.message, /CSS selector 'rect \+ rect' not supported/);
});

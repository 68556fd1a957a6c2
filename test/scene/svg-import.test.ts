import { test } from 'node:test';
import assert from 'node:assert/strict';
import { importSvg, importSvgDetailed, SvgImportError } from '../../src/scene/svg-import.ts';
import type { Scene } from '../../src/scene/scene.ts';

const svg = (body: string, attrs = 'width="100" height="100"') =>
  `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" ${attrs}>${body}</svg>`;

function warningsOf(scene: Scene): string[] {
  return scene.warnings.map((w) => `${w.where}: ${w.message}`);
}

function hasWarning(scene: Scene, where: RegExp, message: RegExp): boolean {
  return scene.warnings.some((w) => where.test(w.where) && message.test(w.message));
}

test('a closed polygon keeps its corners exactly; lines become straight cubics', () => {
  const s = importSvg(svg('<polygon points="10,10 90,10 50,80"/>'));
  assert.equal(s.groups.length, 1);
  const p = s.groups[0]!.paths[0]!.points;
  assert.equal(p.length, 18); // 3 segments x 3 points x 2 coordinates, start stored once
  assert.deepEqual([p[0], p[1], p[6], p[7], p[12], p[13]], [10, 10, 90, 10, 50, 80]);
  assert.deepEqual([p[2], p[3], p[4], p[5]], [10 + 80 / 3, 10, 10 + 160 / 3, 10]);
  assert.deepEqual(s.groups[0]!.fill, { r: 0, g: 0, b: 0, a: 1 });
});

test('an open sub-path gets the closing straight segment SVG fills with', () => {
  const s = importSvg(svg('<path d="M10 10 L90 10 L90 90"/>'));
  const p = s.groups[0]!.paths[0]!.points;
  assert.equal(p.length / 6, 3);
  // The last segment runs from (90, 90) back to the start along the straight line.
  assert.deepEqual(p.slice(12), [90, 90, 90 - 80 / 3, 90 - 80 / 3, 90 - 160 / 3, 90 - 160 / 3]);
});

test('viewBox maps user units to canvas pixels, centred by default', () => {
  const s = importSvg(svg('<rect x="0" y="0" width="10" height="10"/>', 'width="200" height="100" viewBox="0 0 10 10"'));
  assert.equal(s.width, 200);
  assert.equal(s.height, 100);
  const p = s.groups[0]!.paths[0]!.points;
  const xs = p.filter((_, i) => i % 2 === 0);
  const ys = p.filter((_, i) => i % 2 === 1);
  assert.deepEqual([Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)], [50, 150, 0, 100]);
});

test('canvas size: viewBox alone, width alone with the viewBox ratio, units', () => {
  assert.deepEqual([importSvg(svg('', 'viewBox="0 0 512 256"')).width, importSvg(svg('', 'viewBox="0 0 512 256"')).height], [512, 256]);
  const s = importSvg(svg('', 'width="100" viewBox="0 0 50 20"'));
  assert.deepEqual([s.width, s.height], [100, 40]);
  const t = importSvg(svg('', 'width="1in" height="72pt"'));
  assert.deepEqual([t.width, t.height], [96, 96]);
});

test('cascade: !important > style attribute > id > class > type > presentation attribute; fill inherits', () => {
  const s = importSvg(
    svg(
      '<style>path{fill:#000001} .c{fill:#000002} #i{fill:#000003} .imp{fill:#000004 !important}</style>' +
        '<path d="M0 0h1v1z" fill="#ffffff"/>' +
        '<path class="c" d="M0 0h1v1z"/>' +
        '<path id="i" class="c" d="M0 0h1v1z"/>' +
        '<path id="i2" class="c" style="fill:#000005" d="M0 0h1v1z"/>' +
        '<path class="c imp" style="fill:#000005" d="M0 0h1v1z"/>' +
        '<g fill="#000006"><rect width="1" height="1"/></g>' +
        '<g fill="#000007"><g fill="inherit"><circle r="1" fill-opacity="50%"/></g></g>',
    ),
  );
  assert.deepEqual(
    s.groups.map((g) => Math.round(g.fill.b * 255)),
    [1, 2, 3, 5, 4, 6, 7],
  );
  assert.equal(s.groups[6]!.fill.a, 0.5);
});

test('fill none, fill-rule, currentColor and rgb()/hsl()/#rrggbbaa fills', () => {
  const { scene, stats } = importSvgDetailed(
    svg(
      '<path d="M0 0h1v1z" fill="none"/>' +
        '<path d="M0 0h1v1z" fill-rule="evenodd" fill="rgb(255, 0, 0)"/>' +
        '<g color="#00ff00"><path d="M0 0h1v1z" fill="currentColor"/></g>' +
        '<path d="M0 0h1v1z" fill="#0000ff80"/>',
    ),
  );
  assert.equal(stats.unpainted, 1);
  assert.deepEqual(
    scene.groups.map((g) => [g.fillRule, g.fill]),
    [
      ['evenodd', { r: 1, g: 0, b: 0, a: 1 }],
      ['nonzero', { r: 0, g: 1, b: 0, a: 1 }],
      ['nonzero', { r: 0, g: 0, b: 1, a: 0x80 / 255 }],
    ],
  );
});

test('element opacity multiplies into the fill; a warning only where children overlap', () => {
  const single = importSvg(svg('<path d="M0 0h10v10z" fill="#ff0000" fill-opacity="0.5" opacity="0.5"/>'));
  assert.equal(single.groups[0]!.fill.a, 0.25);
  assert.deepEqual(single.warnings, []);
  const apart = importSvg(svg('<g opacity="0.5"><rect width="10" height="10"/><rect x="20" width="10" height="10"/></g>'));
  assert.deepEqual(
    apart.groups.map((g) => g.fill.a),
    [0.5, 0.5],
  );
  assert.deepEqual(apart.warnings, []);
  const overlapping = importSvg(svg('<g id="both" opacity="0.5"><rect width="10" height="10"/><rect x="5" width="10" height="10"/></g>'));
  assert.ok(hasWarning(overlapping, /^svg\/g\[1\]#both$/, /opacity 0\.5 .* 2 shapes; where they overlap/), warningsOf(overlapping).join('\n'));
});

test('provenance names the element path and its id or class; our own data-source is restored', () => {
  const s = importSvg(svg('<g><path d="M0 0h1v1z"/><path id="hair" d="M0 0h1v1z"/></g><g><path class="st3" d="M0 0h1v1z"/></g>'));
  assert.deepEqual(
    s.groups.map((g) => g.source),
    [
      { kind: 'svg', ref: 'svg/g[1]/path[1]' },
      { kind: 'svg', ref: 'svg/g[1]/path[2]', name: 'hair' },
      { kind: 'svg', ref: 'svg/g[2]/path[1]', name: 'st3' },
    ],
  );
  const t = importSvg(svg('<path d="M0 0h1v1z" data-source="figma:12:34" data-name="Layer 1"/>'));
  assert.deepEqual(t.groups[0]!.source, { kind: 'figma', ref: '12:34', name: 'Layer 1' });
});

test('use and symbol are expanded with their placement', () => {
  const s = importSvg(
    svg('<defs><rect id="r" width="10" height="10"/></defs><use href="#r" x="20" y="30"/><use xlink:href="#r" transform="translate(50 0)"/>'),
  );
  assert.equal(s.groups.length, 2);
  const xs = (i: number) => s.groups[i]!.paths[0]!.points.filter((_, k) => k % 2 === 0);
  assert.deepEqual([Math.min(...xs(0)), Math.max(...xs(0)), Math.min(...xs(1))], [20, 30, 50]);
  const cyc = importSvg(svg('<g id="loop"><use href="#loop"/></g><use href="#missing"/>'));
  assert.ok(hasWarning(cyc, /use\[1\]/, /reference cycle/));
  assert.ok(hasWarning(cyc, /use\[1\]/, /#missing, which is not in this file/));
});

test("gradients are read into the group (svg-gradient.test.ts has the details); fill is their stops' mean", () => {
  const s = importSvg(
    svg(
      '<defs><linearGradient id="g"><stop offset="0" stop-color="red"/><stop offset="0.5" stop-color="blue"/></linearGradient>' +
        '<radialGradient id="h" href="#g"/></defs><path id="p" d="M0 0h10v10z" fill="url(#g)"/><rect width="5" height="5" fill="url(#h)"/>',
    ),
  );
  // Ramp red->blue over [0, 0.5] (mean of ends, weight 0.5), then blue padded over [0.5, 1].
  assert.deepEqual(s.groups[0]!.fill, { r: 0.25, g: 0, b: 0.75, a: 1 });
  assert.deepEqual(s.groups[1]!.fill, { r: 0.25, g: 0, b: 0.75, a: 1 });
  assert.equal(s.groups[0]!.gradient?.kind, 'linear');
  assert.equal(s.groups[1]!.gradient?.kind, 'radial');
  assert.deepEqual(s.warnings, []);
});

test('what the scene cannot hold is reported, element by element, never dropped silently', () => {
  const s = importSvg(
    svg(
      '<style>g + path{fill:red} @media print{path{fill:blue}}</style>' +
        '<defs><pattern id="pat" width="4" height="4"/><clipPath id="c"><rect width="5" height="5"/></clipPath><mask id="m"/><filter id="f"/></defs>' +
        '<text x="1" y="10">Hello</text><image href="a.png" width="10" height="10"/>' +
        '<path d="M0 0h1v1z" fill="url(#pat) #123456"/><path d="M0 0h1v1z" fill="url(#pat)" stroke="red"/>' +
        '<path d="M0 0h9v9z" clip-path="url(#m)"/><path d="M0 0h1v1z" mask="url(#m)"/><g filter="url(#f)"><path d="M0 0h1v1z"/></g>' +
        '<path d="M0 0 L10 10" stroke="blue" stroke-dasharray="2 x" marker-end="url(#x)"/>' +
        '<g style="display:none"><path d="M0 0h1v1z"/></g><blink/>',
    ),
  );
  const expect: [RegExp, RegExp][] = [
    [/^svg\/style\[1\]$/, /selector 'g \+ path' not supported/],
    [/^svg\/style\[1\]$/, /at-rule '@media' ignored/],
    [/^svg\/text\[1\]$/, /text is not converted to outlines/],
    [/^svg\/image\[1\]$/, /refers to the external file .a\.png., which is not read/],
    [/^svg\/path\[1\]$/, /pattern #pat not supported; used its fallback #123456/],
    [/^svg\/path\[2\]$/, /pattern #pat not supported; not painted/],
    [/^svg\/path\[2\]$/, /stroke \(width 1, miter joins, butt caps\) converted to a filled outline/],
    [/^svg\/path\[3\]$/, /clip-path url\(#m\) refers to a <mask>, not a <clipPath>; drawn unclipped/],
    [/^svg\/path\[4\]$/, /mask url\(#m\) ignored; drawn unmasked/],
    [/^svg\/g\[1\]$/, /filter url\(#f\) ignored; drawn unfiltered/],
    [/^svg\/path\[5\]$/, /stroke-dasharray="x" is not a number or length; the stroke is drawn solid/],
    [/^svg\/path\[5\]$/, /marker-end url\(#x\) is not a <marker> in this file; not drawn/],
    [/^svg\/path\[5\]$/, /stroke \(width 1, miter joins, butt caps\) converted to a filled outline of 1 piece,/],
    [/^svg\/g\[2\]$/, /display:none hides 1 shape element/],
    [/^svg\/blink\[1\]$/, /unknown element <blink> ignored/],
  ];
  for (const [where, message] of expect) assert.ok(hasWarning(s, where, message), `missing ${where} ${message} in:\n${warningsOf(s).join('\n')}`);
  assert.equal(s.warnings.length, expect.length, warningsOf(s).join('\n'));
});

test('a DOCTYPE with entities (older Illustrator exports) is read', () => {
  const text =
    '<?xml version="1.0"?><!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd" [<!ENTITY ns_svg "http://www.w3.org/2000/svg">]>' +
    '<svg xmlns="&ns_svg;" width="10" height="10"><svg:rect xmlns:svg="http://www.w3.org/2000/svg" width="5" height="5"/><sodipodi:namedview xmlns:sodipodi="x"/></svg>';
  const s = importSvg(text);
  assert.equal(s.groups.length, 1);
  assert.deepEqual(s.warnings, []);
});

test('an unreadable document (not XML, not SVG, an empty canvas) throws SvgImportError with a specific message', () => {
  const cases: [string, RegExp][] = [
    ['', /the file is empty/],
    ['   \n', /the file is empty/],
    ['\u0089PNG\r\n\u001a\n', /PNG image, not an SVG/],
    ['hello', /not XML: the file starts with 'hello'/],
    ['<svg><g></svg>', /malformed XML at line 1, column \d+: unexpected close tag/],
    ['<svg><path d="M0 0" d="M1 1"/></svg>', /malformed XML .*duplicate attribute/],
    ['<html><body/></html>', /root element is <html>, not <svg>/],
    ['<svg xmlns="http://example.org/notsvg"/>', /root <svg> is not in the SVG namespace/],
    [svg('', 'width="0" height="10"'), /canvas size 0x10 is empty/],
    [svg('', 'width="-5" height="10"'), /canvas size -5x10 is empty/],
    [svg('', 'viewBox="0 0 0 10"'), /viewBox="0 0 0 10" needs a positive width and height/],
  ];
  for (const [text, message] of cases) {
    assert.throws(
      () => importSvg(text),
      (e: unknown) => e instanceof SvgImportError && message.test(e.message),
      `${JSON.stringify(text)} should fail with ${message}`,
    );
  }
});

test('a bad element or attribute is skipped with a warning naming it and its line; the rest of the file is read', () => {
  const text = [
    '<svg xmlns="http://www.w3.org/2000/svg" width="NaN" height="100" viewBox="0 0 100 100">',
    '<path d="M10 10 L 90 10 L 90 90 L NaN 5 L 0 0" fill="green"/>',
    '<path d="M0 0 L 1e999 5 L 5 5"/>',
    '<circle cx="Infinity" cy="50" r="5"/>',
    '<polygon points="1,2 30,3 20,20 NaN,3 4,4"/>',
    '<rect width="10" height="10" transform="translate(NaN)"/>',
    '<rect x="5vmin" width="44mmx" height="10"/>',
    '<svg viewBox="0 0 0 10"><rect width="5" height="5"/></svg>',
    '<path d="M0 0 L 5 5 X 1 1"/>',
    '</svg>',
  ].join('\n');
  const { scene: s, stats } = importSvgDetailed(text);
  const expect: [RegExp, RegExp][] = [
    [/^svg$/, /^line 1: attribute width="NaN" is not a finite number; ignored/],
    [/^svg\/path\[1\]$/, /^line 2: bad path data: coordinate 'NaN' is not a finite number; drawn up to the error \(3 commands\)/],
    [/^svg\/path\[2\]$/, /^line 3: a coordinate is not finite \(Infinity\) after transforms.*; <path> skipped, the rest of the file is read$/],
    [/^svg\/circle\[1\]$/, /^line 4: attribute cx="Infinity" is not a finite number; ignored, so cx is 0$/],
    [/^svg\/polygon\[1\]$/, /^line 5: attribute points has 'NaN', which is not a finite number; the points before it are drawn/],
    [/^svg\/rect\[1\]$/, /^line 6: bad transform "translate\(NaN\)": .*; ignored, as renderers do$/],
    [/^svg\/rect\[2\]$/, /^line 7: attribute x="5vmin" is not a number or length; ignored, so x is 0$/],
    [/^svg\/rect\[2\]$/, /^line 7: attribute width="44mmx" is not a number or length; ignored, so width is 0$/],
    [/^svg\/svg\[1\]$/, /^line 8: <svg> has an empty viewport or viewBox/],
    [/^svg\/path\[3\]$/, /^line 9: bad path data: bad command X.*drawn up to the error \(2 commands\)/],
  ];
  for (const [where, message] of expect) assert.ok(hasWarning(s, where, message), `missing ${where} ${message} in:\n${warningsOf(s).join('\n')}`);
  assert.equal(s.warnings.length, expect.length, warningsOf(s).join('\n'));
  // Drawn: the triangle up to the bad coordinate, the circle at cx 0, the polygon's first three points, the rect untransformed, the path up to X.
  assert.deepEqual(
    s.groups.map((g) => g.source.ref),
    ['svg/path[1]', 'svg/circle[1]', 'svg/polygon[1]', 'svg/rect[1]', 'svg/path[3]'],
  );
  assert.deepEqual([stats.groups, stats.subPaths], [s.groups.length, s.groups.reduce((n, g) => n + g.paths.length, 0)]);
  assert.deepEqual(s.groups[0]!.paths[0]!.points.slice(0, 2), [10, 10]);
  assert.equal(s.groups[0]!.paths[0]!.points.length, 3 * 3 * 2);
});

test('nested viewports are placed and clip their content; overflow="visible" does not', () => {
  const inside = importSvg(svg('<svg x="10" y="20" width="40" height="40" viewBox="0 0 4 4"><rect width="4" height="4"/></svg>'));
  const xs = inside.groups[0]!.paths[0]!.points.filter((_, i) => i % 2 === 0);
  assert.deepEqual([Math.min(...xs), Math.max(...xs)], [10, 50]);
  assert.deepEqual(inside.warnings, []);
  const crossing = importSvg(svg('<svg id="n" x="10" y="20" width="40" height="40" viewBox="0 0 4 4"><rect width="8" height="4"/></svg>'));
  const cx = crossing.groups[0]!.paths[0]!.points.filter((_, i) => i % 2 === 0);
  assert.ok(Math.abs(Math.min(...cx) - 10) < 1e-9 && Math.abs(Math.max(...cx) - 50) < 1e-9, `${Math.min(...cx)} ${Math.max(...cx)}`);
  assert.deepEqual(crossing.warnings, []);
  const visible = importSvg(svg('<svg overflow="visible" width="40" height="40"><rect width="80" height="4"/></svg>'));
  assert.equal(Math.max(...visible.groups[0]!.paths[0]!.points.filter((_, i) => i % 2 === 0)), 80);
  const outside = importSvg(svg('<svg width="40" height="40"><rect x="50" width="8" height="4"/><rect width="8" height="4"/></svg>'));
  assert.equal(outside.groups.length, 1);
});

test('stroke flattening tolerance is an option', () => {
  const text = svg('<circle cx="50" cy="50" r="40" fill="none" stroke="red" stroke-width="4"/>');
  const fine = importSvg(text, { strokeTolerancePx: 0.01 }).groups[0]!.paths.length;
  const coarse = importSvg(text, { strokeTolerancePx: 1 }).groups[0]!.paths.length;
  assert.ok(fine > 2 * coarse, `${fine} vs ${coarse}`);
});

test('a line is never filled; unstroked, it is counted as painted but without area', () => {
  const { scene, stats } = importSvgDetailed(
    svg('<line x1="0" y1="0" x2="10" y2="10" fill="red"/><line x1="0" y1="0" x2="10" y2="10" stroke="red" stroke-width="2"/>'),
  );
  assert.equal(scene.groups.length, 1);
  assert.equal(scene.groups[0]!.source.ref, 'svg/line[2]:stroke');
  assert.deepEqual([stats.shapeElements, stats.unpainted, stats.strokes], [2, 1, 1]);
});

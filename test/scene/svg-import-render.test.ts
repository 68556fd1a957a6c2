import { test } from 'node:test';
import assert from 'node:assert/strict';
import { exportSvg } from '../../src/scene/svg-export.ts';
import { importSvg } from '../../src/scene/svg-import.ts';
import { renderPsnr } from './render-compare.ts';

// Each case: an SVG feature, imported, exported as plain cubic fills, and rendered by resvg
// against the original. resvg is independent of our parser, so this checks geometry,
// colours, transforms and the cascade together.

const svg = (body: string, attrs = 'width="120" height="100"') =>
  `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" ${attrs}>${body}</svg>`;

const CASES: Record<string, string> = {
  'relative and shorthand path commands': svg('<path d="m10 10 h40 v20 l-10 10 c5 5 10 5 15 0 s10-5 15 0 q10 10 0 20 t-20 10 z" fill="#c33"/>'),
  arcs: svg('<path d="M20 50 a30 20 0 1 1 60 0 A15 25 30 0 0 30 80 z" fill="teal"/><path d="M70 10 a10 10 0 0 0 20 20 l10-10z" fill="orange"/>'),
  'open sub-path is filled as if closed': svg('<path d="M10 10 L90 10 L90 90" fill="navy"/><path d="M20 60 C20 90 60 90 60 60" fill="#0a0"/>'),
  'evenodd and nonzero': svg(
    '<path d="M10 10h80v80h-80z M30 30h40v40h-40z" fill-rule="evenodd" fill="#333"/><path d="M60 5h50v50h-50z M70 15h30v30h-30z" fill="rgba(200,0,0,0.6)"/>',
  ),
  'basic shapes': svg(
    '<rect x="5" y="5" width="40" height="30" rx="8" fill="#f80"/><rect x="50" y="5" width="40" height="30" ry="20" fill="#08f"/>' +
      '<circle cx="25" cy="65" r="20" fill="hsl(120, 60%, 40%)"/><ellipse cx="75" cy="65" rx="30" ry="12" fill="plum"/>' +
      '<polygon points="100,10 115,40 85,40" fill="#909"/><polyline points="95,60 118,70 100,95" fill="gold"/>',
  ),
  'nested transforms': svg(
    '<g transform="translate(60 50) rotate(30)"><g transform="scale(1.5 0.8) skewX(20)"><rect x="-20" y="-20" width="40" height="40" fill="crimson"/></g><circle transform="matrix(1 0.2 0.1 1 -30 0)" r="10" fill="#123456"/></g>',
  ),
  'viewBox meet': svg('<rect width="50" height="50" fill="#eee"/><circle cx="25" cy="25" r="20" fill="#a0a"/>', 'width="200" height="100" viewBox="0 0 50 50"'),
  'viewBox xMinYMax slice': svg(
    '<rect width="50" height="50" fill="#ccc"/><circle cx="25" cy="10" r="20" fill="#0aa"/>',
    'width="200" height="100" viewBox="0 0 50 50" preserveAspectRatio="xMinYMax slice"',
  ),
  'viewBox none, offset origin': svg(
    '<rect x="-10" y="-10" width="30" height="40" fill="#5a5"/>',
    'width="150" height="100" viewBox="-10 -10 50 50" preserveAspectRatio="none"',
  ),
  'CSS classes, ids, types and inheritance': svg(
    '<style>.a{fill:#e11} #b{fill:#11e} rect{fill:#1e1} .c.d{fill-opacity:0.4} g.e{fill:orange}</style>' +
      '<path class="a" d="M5 5h30v30h-30z"/><path id="b" class="a" d="M40 5h30v30h-30z"/><rect x="75" y="5" width="30" height="30" fill="black"/>' +
      '<g class="e"><path d="M5 40h30v30h-30z"/><path class="c d" style="fill:#609" d="M40 40h30v30h-30z"/></g>',
  ),
  'opacity, fill-opacity and named colours': svg(
    '<path d="M10 10h60v60h-60z" fill="darkgreen" opacity="0.5"/><g opacity="0.6"><circle cx="80" cy="60" r="25" fill="tomato" fill-opacity="0.5"/></g>',
  ),
  'use and symbol': svg(
    '<defs><path id="tri" d="M0 0L20 0L10 15z" fill="#b50"/><symbol id="s" viewBox="0 0 10 10"><circle cx="5" cy="5" r="5"/></symbol></defs>' +
      '<use href="#tri" x="10" y="10"/><use xlink:href="#tri" transform="rotate(45 60 40)" x="50" y="30"/><use href="#s" x="70" y="60" width="30" height="30" fill="#06c"/>',
  ),
  'display and visibility': svg(
    '<g style="display:none"><rect width="100" height="100"/></g><g visibility="hidden"><rect width="50" height="50"/><rect x="60" width="30" height="30" visibility="visible" fill="#393"/></g>',
  ),
  'strokes as outlines': svg(
    '<path d="M10 10 L60 20 L15 60" fill="none" stroke="#090" stroke-width="6"/><path d="M70 10 L110 20 L75 50" fill="none" stroke="#900" stroke-width="6" stroke-linejoin="round" stroke-linecap="round"/>' +
      '<circle cx="80" cy="75" r="15" fill="#fc0" stroke="#00f" stroke-width="5" stroke-opacity="0.5"/><line x1="5" y1="90" x2="60" y2="70" stroke="black" stroke-width="4" stroke-linecap="square"/>',
  ),
  'strokes: tight curves, closed joins, non-uniform transform, zero-length caps': svg(
    '<path d="M15 60 C 15 20 25 20 25 60" fill="none" stroke="#a50" stroke-width="16"/>' +
      '<rect x="45" y="15" width="30" height="20" fill="none" stroke="#057" stroke-width="8" stroke-linejoin="miter"/>' +
      '<g transform="translate(60 70) scale(3 1)"><circle r="8" fill="none" stroke="#707" stroke-width="3"/></g>' +
      '<path d="M100 20 z M100 50 l0 0" stroke="#000" stroke-width="10" stroke-linecap="round"/>',
  ),
};

for (const [name, source] of Object.entries(CASES)) {
  test(`renders like the source: ${name}`, () => {
    const scene = importSvg(source);
    assert.ok(scene.groups.length > 0);
    const p = renderPsnr(source, exportSvg(scene), 120);
    if (process.env.SHOW_PSNR) console.log(name, p.toFixed(2));
    assert.ok(p >= 45, `PSNR ${p.toFixed(2)} dB`);
  });
}

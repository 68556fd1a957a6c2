import { test } from 'node:test';
import assert from 'node:assert/strict';
import { clipSubPathsToConvex, insideConvex, type Pt } from '../../src/plugin/clip-paths.ts';
import { importSvg } from '../../src/scene/svg-import.ts';
import { pathArea } from '../support/path-area.ts';

// A clipping frame's box cuts its children's outlines. The sandbox's own clipper once kept a
// chord back into the box after the first of two cuts through a circle (1157 px² instead of a
// quarter disc's 707); it now uses the scene's clipper, which the SVG reader shares.

const circle = importSvg('<svg xmlns="http://www.w3.org/2000/svg" width="100" height="100"><circle cx="50" cy="50" r="30"/></svg>').groups[0]!.paths;

test("a clipping box with a corner at a circle's centre keeps a quarter disc", () => {
  const box: Pt[] = [
    [50, 50],
    [100, 50],
    [100, 100],
    [50, 100],
  ];
  const out = clipSubPathsToConvex(circle, box);
  assert.equal(out.length, 1);
  const want = (Math.PI * 30 * 30) / 4;
  assert.ok(Math.abs(pathArea(out[0]!.points) - want) < want * 1e-3, `${pathArea(out[0]!.points)} vs ${want}`);
  for (let i = 0; i < out[0]!.points.length; i += 2) assert.ok(insideConvex([out[0]!.points[i]!, out[0]!.points[i + 1]!], box, 1e-9));
});

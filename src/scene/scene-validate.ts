import type { Rgba, Scene } from './scene.ts';

// Scenes cross trust boundaries (SVG files, Figma documents, worker messages); one bad number
// (NaN from a parser, Infinity from a degenerate transform) poisons a whole render, so we
// refuse such scenes with a message that says exactly where the bad value is.

/** A scene that breaks the model's invariants (non-finite numbers, malformed sub-paths, colours out of range). */
export class SceneValidationError extends Error {
  override name = 'SceneValidationError';
}

function checkColour(c: Rgba, where: string): void {
  for (const k of ['r', 'g', 'b', 'a'] as const) {
    const v = c[k];
    if (!Number.isFinite(v) || v < 0 || v > 1) {
      throw new SceneValidationError(`${where}: fill channel ${k} is ${v}, expected a number in [0, 1]`);
    }
  }
}

/** Throws SceneValidationError naming the first offending group, sub-path and point. */
export function validateScene(scene: Scene): void {
  if (!Number.isFinite(scene.width) || !Number.isFinite(scene.height) || scene.width <= 0 || scene.height <= 0) {
    throw new SceneValidationError(`canvas size ${scene.width}x${scene.height} is not a positive finite size`);
  }
  scene.groups.forEach((g, gi) => {
    const where = `group ${gi} (${g.source.kind}:${g.source.ref})`;
    if (g.fillRule !== 'nonzero' && g.fillRule !== 'evenodd') {
      throw new SceneValidationError(`${where}: fill rule '${String(g.fillRule)}' is neither nonzero nor evenodd`);
    }
    checkColour(g.fill, where);
    g.paths.forEach((p, pi) => {
      const n = p.points.length;
      if (n < 6 || n % 6 !== 0) {
        throw new SceneValidationError(`${where}, sub-path ${pi}: ${n} coordinates, expected a positive multiple of 6 (3 points per cubic segment)`);
      }
      for (let i = 0; i < n; i++) {
        const v = p.points[i]!;
        if (!Number.isFinite(v)) {
          throw new SceneValidationError(`${where}, sub-path ${pi}: coordinate ${i % 2 === 0 ? 'x' : 'y'} of point ${i >> 1} is ${v}`);
        }
      }
    });
  });
  scene.rois.forEach((r, ri) => {
    for (const k of ['x', 'y', 'width', 'height'] as const) {
      if (!Number.isFinite(r[k])) throw new SceneValidationError(`ROI ${ri}: ${k} is ${r[k]}`);
    }
  });
}

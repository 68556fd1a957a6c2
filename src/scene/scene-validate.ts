import type { Gradient, Rgba, Scene } from './scene.ts';

// Scenes cross trust boundaries (SVG files, Figma documents, worker messages); one bad number
// (NaN from a parser, Infinity from a degenerate transform) poisons a whole render, so we
// refuse such scenes with a message that says exactly where the bad value is.

/** A scene that breaks the model's invariants (non-finite numbers, malformed sub-paths, colours out of range). */
export class SceneValidationError extends Error {
  override name = 'SceneValidationError';
}

function checkColour(c: Rgba, where: string, what = 'fill'): void {
  for (const k of ['r', 'g', 'b', 'a'] as const) {
    const v = c[k];
    if (!Number.isFinite(v) || v < 0 || v > 1) {
      throw new SceneValidationError(`${where}: ${what} channel ${k} is ${v}, expected a number in [0, 1]`);
    }
  }
}

const GEOMETRY = { linear: ['x1', 'y1', 'x2', 'y2'], radial: ['cx', 'cy', 'r', 'fx', 'fy', 'fr'] } as const;

function checkGradient(gr: Gradient, where: string): void {
  if (gr.kind !== 'linear' && gr.kind !== 'radial') {
    throw new SceneValidationError(`${where}: gradient kind '${String((gr as { kind: unknown }).kind)}' is neither linear nor radial`);
  }
  if (gr.spread !== 'pad' && gr.spread !== 'reflect' && gr.spread !== 'repeat') {
    throw new SceneValidationError(`${where}: gradient spread '${String(gr.spread)}' is not pad, reflect or repeat`);
  }
  for (const k of GEOMETRY[gr.kind]) {
    const v = (gr as unknown as Record<string, number>)[k];
    if (!Number.isFinite(v)) throw new SceneValidationError(`${where}: gradient ${k} is ${v}`);
  }
  if (gr.kind === 'radial' && (gr.r < 0 || gr.fr < 0)) {
    throw new SceneValidationError(`${where}: radial gradient radii r=${gr.r}, fr=${gr.fr} must not be negative`);
  }
  if (!Array.isArray(gr.transform) || gr.transform.length !== 6 || !gr.transform.every(Number.isFinite)) {
    throw new SceneValidationError(`${where}: gradient transform ${JSON.stringify(gr.transform)} is not 6 finite numbers`);
  }
  if (gr.stops.length === 0) throw new SceneValidationError(`${where}: gradient has no stops`);
  let last = 0;
  gr.stops.forEach((s, si) => {
    if (!Number.isFinite(s.offset) || s.offset < last || s.offset > 1) {
      throw new SceneValidationError(`${where}: gradient stop ${si} offset ${s.offset} is not in [${last}, 1] (offsets must not decrease)`);
    }
    last = s.offset;
    checkColour(s.color, where, `gradient stop ${si} colour`);
  });
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
    if (g.gradient !== undefined) checkGradient(g.gradient, where);
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

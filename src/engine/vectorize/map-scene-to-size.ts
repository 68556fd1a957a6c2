import type { Scene } from '../../scene/scene.ts';

// The vectoriser traces a working-size copy of a picture (cheap), but its result must sit
// exactly on the picture it came from: a 640x427 photo traced at 512x342 maps back to
// 640x427, not to 640x427.5 rounded. Rounding the working size bends the aspect ratio by
// up to half a pixel, so x and y are scaled separately, each by its exact ratio.

/** A copy of the scene (canvas and every point) stretched to exactly width x height pixels. */
export function mapSceneToSize(scene: Scene, width: number, height: number): Scene {
  if (!(Number.isInteger(width) && Number.isInteger(height) && width >= 1 && height >= 1)) {
    throw new RangeError(`target size must be whole pixels of at least 1, got ${width}x${height}`);
  }
  if (scene.width === width && scene.height === height) return scene;
  const sx = width / scene.width;
  const sy = height / scene.height;
  return {
    ...scene,
    width,
    height,
    groups: scene.groups.map((g) => ({ ...g, paths: g.paths.map((p) => ({ points: p.points.map((c, i) => (i % 2 === 0 ? c * sx : c * sy)) })) })),
    rois: scene.rois.map((r) => ({ ...r, x: r.x * sx, y: r.y * sy, width: r.width * sx, height: r.height * sy })),
  };
}

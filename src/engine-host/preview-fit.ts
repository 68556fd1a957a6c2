// The preview's size for a scene, computed alike where the canvas is drawn (engine) and laid
// out (UI); kept apart from the engine code so the UI bundle does not pull it in.

export interface PreviewBox {
  /** CSS pixels the preview may fill. */
  width: number;
  height: number;
  devicePixelRatio: number;
}

/** CSS and backing-store size of a scene's preview: fit the box, at the screen's pixel density. */
export function fitPreview(scene: { width: number; height: number }, box: PreviewBox): { cssWidth: number; cssHeight: number; width: number; height: number } {
  const side = Math.max(1, Math.min(box.width, box.height || box.width));
  const k = side / Math.max(scene.width, scene.height);
  const dpr = Math.min(2, box.devicePixelRatio || 1);
  return {
    cssWidth: Math.round(scene.width * k),
    cssHeight: Math.round(scene.height * k),
    width: Math.max(1, Math.round(scene.width * k * dpr)),
    height: Math.max(1, Math.round(scene.height * k * dpr)),
  };
}

import type { Scene } from './scene.ts';

// What importSvgDetailed takes and gives back besides the scene.

export interface SvgImportOptions {
  /** How far stroke outlines may deviate from the true stroke, in canvas pixels (default 0.05). */
  strokeTolerancePx?: number;
}

/** What the importer met and kept, so callers can show that nothing went missing. */
export interface SvgImportStats {
  /** Shape elements (path, rect, circle, ellipse, line, polyline, polygon) met, hidden ones and `use` instances included. */
  shapeElements: number;
  groups: number;
  subPaths: number;
  /** Of those, not drawn because of display:none or visibility:hidden. */
  hidden: number;
  /** Shape elements with neither fill nor stroke. */
  unpainted: number;
  /** Painted shape elements that produced nothing to fill (a path of lone points, an unstroked line). */
  noArea: number;
  strokes: number;
}

export interface SvgImportResult {
  scene: Scene;
  stats: SvgImportStats;
}

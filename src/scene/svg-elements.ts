import type { Provenance } from './scene.ts';
import type { XmlElement } from './svg-xml.ts';

// What kind of thing an SVG element is for the importer, and what its attributes say about
// where it came from.

export const SHAPES = new Set(['path', 'rect', 'circle', 'ellipse', 'line', 'polyline', 'polygon']);
export const CONTAINERS = new Set(['g', 'a']);
// Elements that never draw by themselves (resources, metadata), skipped without comment.
export const NON_RENDERING = new Set([
  'defs',
  'symbol',
  'clipPath',
  'mask',
  'pattern',
  'marker',
  'linearGradient',
  'radialGradient',
  'filter',
  'style',
  'title',
  'desc',
  'metadata',
  'script',
  'font',
  'font-face',
  'cursor',
  'view',
  'animate',
  'animateTransform',
  'animateMotion',
  'set',
  'stop',
]);
/** Elements the scene cannot hold, with the warning each leaves. */
export const UNSUPPORTED: Record<string, string> = {
  text: 'text is not converted to outlines (convert text to outlines in your editor first); dropped',
  foreignObject: 'foreignObject (HTML content) dropped',
  video: 'video dropped',
  audio: 'audio ignored',
  iframe: 'iframe dropped',
  canvas: 'canvas dropped',
};

/** Shape elements in the subtree, the element itself included. */
export function countShapes(el: XmlElement): number {
  let n = SHAPES.has(el.name) ? 1 : 0;
  for (const c of el.children) n += countShapes(c);
  return n;
}

/** An opacity-like attribute: a number or a percentage, clamped to 0..1; absent is 1; null when unreadable. */
export function parseFraction(v: string | undefined): number | null {
  if (v === undefined) return 1;
  const t = v.trim();
  const n = t.endsWith('%') ? Number(t.slice(0, -1)) / 100 : Number(t);
  return t !== '' && Number.isFinite(n) ? Math.min(1, Math.max(0, n)) : null;
}

/** The element's provenance: data-source (kind:ref) as our exporter writes it, else its id, class or data-name. */
export function provenanceOf(el: XmlElement, ref: string): Provenance {
  const ds = el.attrs['data-source'];
  const m = ds ? /^(svg|figma|vectorize|synthetic):(.+)$/s.exec(ds) : null;
  if (m) {
    const p: Provenance = { kind: m[1] as Provenance['kind'], ref: m[2]! };
    if (el.attrs['data-name'] !== undefined) p.name = el.attrs['data-name'];
    return p;
  }
  const name = el.attrs.id ?? el.attrs.class ?? el.attrs['data-name'];
  return name === undefined ? { kind: 'svg', ref } : { kind: 'svg', ref, name };
}

import type { Scene } from '../scene/scene.ts';
import { parseXml, type XmlElement } from '../scene/svg-xml.ts';
import { InputError } from './cli-errors.ts';

// `--freeze ID,...`: SVG ids of groups or paths whose shapes are locked. The importer records
// each shape's element path (`svg/g[2]/path[5]`, numbered per element name among siblings,
// as svg-import.ts numbers them); an id names an element, so every group drawn from that
// element or inside it is frozen. A file we wrote ourselves carries the original id as
// data-name, which matches too.

/** The element path of each id in the document, numbered as the importer numbers them. */
function elementPaths(root: XmlElement): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (el: XmlElement, ref: string) => {
    const id = el.attrs.id;
    if (id !== undefined && !out.has(id)) out.set(id, ref);
    const counts = new Map<string, number>();
    for (const c of el.children) {
      const k = (counts.get(c.name) ?? 0) + 1;
      counts.set(c.name, k);
      walk(c, `${ref}/${c.name}[${k}]`);
    }
  };
  walk(root, 'svg');
  return out;
}

/** Comma-separated ids, trimmed; an empty entry is a mistake worth a message. */
export function parseFreezeIds(text: string): string[] {
  const ids = text.split(',').map((s) => s.trim().replace(/^#/, ''));
  if (ids.some((s) => s === '')) throw new InputError(`--freeze wants SVG ids separated by commas, got '${text}'`);
  return [...new Set(ids)];
}

/** Indices of scene.groups drawn from the elements with these ids; an id that matches nothing is an error. */
export function frozenGroupIndices(svgText: string, scene: Scene, ids: readonly string[], input: string): number[] {
  const paths = elementPaths(parseXml(svgText));
  const frozen = new Set<number>();
  for (const id of ids) {
    const ref = paths.get(id);
    let matched = false;
    scene.groups.forEach((g, i) => {
      const r = g.source.ref;
      const inside = ref !== undefined && g.source.kind === 'svg' && (r === ref || r.startsWith(`${ref}/`) || r.startsWith(`${ref}:`));
      if (inside || g.source.name === id) {
        frozen.add(i);
        matched = true;
      }
    });
    if (!matched) {
      throw new InputError(
        ref === undefined
          ? `${input}: --freeze ${id}: no element has id="${id}"`
          : `${input}: --freeze ${id}: the element draws no shape, so there is nothing to freeze`,
      );
    }
  }
  return [...frozen].sort((a, b) => a - b);
}

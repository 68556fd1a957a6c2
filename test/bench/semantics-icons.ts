import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

// The real icons of test/data/icons (kept apart from training), as SVG text drawn at a
// chosen pixel size: the root's width and height are set to it and a viewBox added where
// the file has none, so the artwork scales and nothing else changes.

export const ICONS_DIR = fileURLToPath(new URL('../data/icons/', import.meta.url));

export interface IconEntry {
  file: string;
  /** In the colour-mode recolour set of the semantics benchmark. */
  recolour?: boolean;
  /** The icon's outline is this named shape (zero-shot shape accuracy). */
  shape?: 'circle' | 'square' | 'triangle' | 'star';
  /** Simple icon for the shape-mode prompts. */
  shapeMode?: boolean;
  /** The end-to-end recolour test's icon. */
  e2e?: boolean;
}

export function iconEntries(): IconEntry[] {
  return (JSON.parse(readFileSync(`${ICONS_DIR}icons.json`, 'utf8')) as { icons: IconEntry[] }).icons;
}

/** The icon's SVG text, drawn at size x size pixels. */
export function iconSvgAtSize(file: string, size: number): string {
  const text = readFileSync(`${ICONS_DIR}${file}`, 'utf8');
  const open = /<svg\b[^>]*>/.exec(text);
  if (!open) throw new Error(`${file}: no <svg> element`);
  let tag = open[0];
  const attr = (name: string) => new RegExp(`\\s${name}\\s*=\\s*("([^"]*)"|'([^']*)')`).exec(tag);
  const num = (name: string) => {
    const m = attr(name);
    return m ? Number.parseFloat((m[2] ?? m[3])!) : Number.NaN;
  };
  const w = num('width');
  const h = num('height');
  if (!attr('viewBox')) {
    if (!(w > 0 && h > 0)) throw new Error(`${file}: needs width and height or a viewBox`);
    tag = tag.replace(/^<svg\b/, `<svg viewBox="0 0 ${w} ${h}"`);
  }
  for (const name of ['width', 'height']) {
    tag = attr(name) ? tag.replace(new RegExp(`\\s${name}\\s*=\\s*("[^"]*"|'[^']*')`), ` ${name}="${size}"`) : tag.replace(/^<svg\b/, `<svg ${name}="${size}"`);
  }
  return text.slice(0, open.index) + tag + text.slice(open.index + open[0].length);
}

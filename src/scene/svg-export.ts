import type { Gradient, Rgba, Scene, ShapeGroup, SubPath } from './scene.ts';
import { validateScene } from './scene-validate.ts';
import { formatAlpha, formatCoord } from './svg-number.ts';

// Plain SVG 1.1 that any renderer shows the same: one <path> per shape group, absolute
// M/C/Z only, solid fills or gradients (in <defs>, userSpaceOnUse on the canvas with the
// group's gradient transform, so nothing depends on a bounding box). Provenance rides along in data-* attributes, which renderers
// ignore, so layers stay traceable through files (and our importer restores it).

function hex2(v: number): string {
  return Math.round(Math.min(1, Math.max(0, v)) * 255)
    .toString(16)
    .padStart(2, '0');
}

/** #rrggbb of a straight-alpha colour (alpha goes into fill-opacity). */
export function rgbHex(c: Rgba): string {
  return `#${hex2(c.r)}${hex2(c.g)}${hex2(c.b)}`;
}

export function escapeXmlAttr(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Path data of closed cubic sub-paths: M, then one C per segment (the last one ends at the start), then Z. */
export function subPathsToD(paths: readonly SubPath[]): string {
  const parts: string[] = [];
  for (const p of paths) {
    const pts = p.points;
    const n = pts.length / 2; // points: 3 per segment
    parts.push(`M${formatCoord(pts[0]!)} ${formatCoord(pts[1]!)}`);
    for (let i = 1; i <= n; i += 3) {
      const e = (i + 2) % n;
      parts.push(
        `C${formatCoord(pts[2 * i]!)} ${formatCoord(pts[2 * i + 1]!)} ${formatCoord(pts[2 * i + 2]!)} ${formatCoord(pts[2 * i + 3]!)} ${formatCoord(pts[2 * e]!)} ${formatCoord(pts[2 * e + 1]!)}`,
      );
    }
    parts.push('Z');
  }
  return parts.join('');
}

/** A gradient number at full precision: the geometry is in gradient space, where 1e-4 can be a whole pixel. */
function exact(v: number): string {
  return Object.is(v, -0) ? '0' : String(v);
}

/** A <linearGradient> or <radialGradient> element with id `id`. */
export function gradientElement(gr: Gradient, id: string): string {
  const geometry =
    gr.kind === 'linear'
      ? `x1="${exact(gr.x1)}" y1="${exact(gr.y1)}" x2="${exact(gr.x2)}" y2="${exact(gr.y2)}"`
      : `cx="${exact(gr.cx)}" cy="${exact(gr.cy)}" r="${exact(gr.r)}" fx="${exact(gr.fx)}" fy="${exact(gr.fy)}"${gr.fr !== 0 ? ` fr="${exact(gr.fr)}"` : ''}`;
  const spread = gr.spread === 'pad' ? '' : ` spreadMethod="${gr.spread}"`;
  const name = gr.kind === 'linear' ? 'linearGradient' : 'radialGradient';
  const lines = [`<${name} id="${id}" gradientUnits="userSpaceOnUse" ${geometry}${spread} gradientTransform="matrix(${gr.transform.map(exact).join(' ')})">`];
  for (const s of gr.stops) {
    const opacity = s.color.a < 1 ? ` stop-opacity="${formatAlpha(s.color.a)}"` : '';
    lines.push(`<stop offset="${exact(s.offset)}" stop-color="${rgbHex(s.color)}"${opacity}/>`);
  }
  lines.push(`</${name}>`);
  return lines.join('\n');
}

function groupElement(g: ShapeGroup, gradientId: string | undefined): string {
  let attrs = `d="${subPathsToD(g.paths)}"`;
  if (gradientId !== undefined) attrs += ` fill="url(#${gradientId})"`;
  else {
    attrs += ` fill="${rgbHex(g.fill)}"`;
    if (g.fill.a < 1) attrs += ` fill-opacity="${formatAlpha(g.fill.a)}"`;
  }
  if (g.fillRule === 'evenodd') attrs += ' fill-rule="evenodd"';
  attrs += ` data-source="${escapeXmlAttr(`${g.source.kind}:${g.source.ref}`)}"`;
  if (g.source.name !== undefined) attrs += ` data-name="${escapeXmlAttr(g.source.name)}"`;
  return `<path ${attrs}/>`;
}

/** Serialises a scene as standalone SVG 1.1 in canvas pixels. Throws SceneValidationError for non-finite data. */
export function exportSvg(scene: Scene): string {
  validateScene(scene);
  const w = formatCoord(scene.width);
  const h = formatCoord(scene.height);
  const lines = [`<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}">`];
  const defs: string[] = [];
  const body: string[] = [];
  for (const g of scene.groups) {
    if (g.paths.length === 0) continue;
    const id = g.gradient ? `gradient-${defs.length + 1}` : undefined;
    if (g.gradient && id) defs.push(gradientElement(g.gradient, id));
    body.push(groupElement(g, id));
  }
  if (defs.length > 0) lines.push('<defs>', ...defs, '</defs>');
  lines.push(...body);
  lines.push('</svg>', '');
  return lines.join('\n');
}

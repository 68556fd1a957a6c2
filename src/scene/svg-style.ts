import { parseSelector, type Selector, selectorMatches } from './css-selector.ts';
import type { XmlElement } from './svg-xml.ts';

// The subset of CSS that SVG editors write: a <style> sheet of selectors (class, id, type,
// universal, attribute, compounds such as `path.st1`, descendant and child combinators:
// css-selector.ts), `style` attributes and presentation
// attributes, combined in cascade order and inherited down the tree. Hand-written because
// general CSS engines (css-tree, postcss) are large and still leave the cascade to us;
// anything outside this subset is reported, never guessed.

/** Properties that affect what we import, with their initial values. */
export const INITIAL_STYLE: Readonly<Record<string, string>> = {
  fill: 'black',
  'fill-opacity': '1',
  'fill-rule': 'nonzero',
  stroke: 'none',
  'stroke-width': '1',
  'stroke-opacity': '1',
  'stroke-linejoin': 'miter',
  'stroke-linecap': 'butt',
  'stroke-miterlimit': '4',
  'stroke-dasharray': 'none',
  'stroke-dashoffset': '0',
  'vector-effect': 'none',
  color: 'black',
  visibility: 'visible',
  display: 'inline',
  opacity: '1',
  'clip-path': 'none',
  mask: 'none',
  filter: 'none',
  'marker-start': 'none',
  'marker-mid': 'none',
  'marker-end': 'none',
  'stop-color': 'black',
  'stop-opacity': '1',
  // CSS's initial value is visible, but SVG's user-agent sheet clips every new viewport (svg, symbol).
  overflow: 'hidden',
  // A presentation attribute in SVG 2, so a stylesheet or style attribute can set it too.
  transform: 'none',
  // How an <image> is enlarged: smooth, or pixel squares (optimizeSpeed, pixelated).
  'image-rendering': 'auto',
  'paint-order': 'normal',
  'mix-blend-mode': 'normal',
  'clip-rule': 'nonzero',
  /** Kept computed, in px: em/ex/% lengths anywhere below resolve against it. CSS's `medium`. */
  'font-size': '16',
};

const NOT_INHERITED = new Set([
  'overflow',
  'opacity',
  'display',
  'clip-path',
  'mask',
  'filter',
  'mix-blend-mode',
  'stop-color',
  'stop-opacity',
  'vector-effect',
  'transform',
]);

export type ComputedStyle = Readonly<Record<string, string>>;

interface Rule {
  selector: Selector;
  specificity: number;
  order: number;
  decls: Declaration[];
}

interface Declaration {
  property: string;
  value: string;
  important: boolean;
}

export type Warn = (where: string, message: string) => void;

/** Parses `a: b; c: d !important` (a style attribute or a rule body). */
export function parseDeclarations(text: string): Declaration[] {
  const out: Declaration[] = [];
  for (const chunk of stripComments(text).split(';')) {
    const colon = chunk.indexOf(':');
    if (colon < 0) continue;
    const property = chunk.slice(0, colon).trim().toLowerCase();
    let value = chunk.slice(colon + 1).trim();
    const important = /!\s*important$/i.test(value);
    if (important) value = value.replace(/!\s*important$/i, '').trim();
    if (property && value) out.push({ property, value, important });
  }
  return out;
}

function stripComments(css: string): string {
  return css.replace(/\/\*[\s\S]*?\*\//g, ' ');
}

/** Finds the `}` that closes the block opened at `open`. */
function blockEnd(css: string, open: number): number {
  let depth = 0;
  for (let i = open; i < css.length; i++) {
    if (css[i] === '{') depth++;
    else if (css[i] === '}' && --depth === 0) return i;
  }
  return css.length;
}

export class StyleSheet {
  private readonly byClass = new Map<string, Rule[]>();
  private readonly byId = new Map<string, Rule[]>();
  private readonly byTag = new Map<string, Rule[]>();
  private readonly universal: Rule[] = [];
  private count = 0;

  get ruleCount(): number {
    return this.count;
  }

  /** Adds the rules of one <style> element; unsupported selectors and at-rules become warnings. */
  add(cssText: string, where: string, warn: Warn): void {
    const css = stripComments(cssText);
    let i = 0;
    while (i < css.length) {
      const open = css.indexOf('{', i);
      if (open < 0) break;
      const prelude = css.slice(i, open).trim();
      const close = blockEnd(css, open);
      const body = css.slice(open + 1, close);
      i = close + 1;
      if (prelude.startsWith('@')) {
        warn(where, `CSS at-rule '${prelude.split(/\s/)[0]}' ignored (its rules are not applied)`);
        continue;
      }
      const decls = parseDeclarations(body);
      for (const raw of prelude.split(',')) {
        const sel = raw.trim();
        const selector = parseSelector(sel);
        if (!selector) {
          warn(
            where,
            `CSS selector '${sel}' not supported (only type, class, id, attribute and :first-child, joined by descendant or child combinators); its rule is ignored`,
          );
          continue;
        }
        this.addRule({ selector, specificity: selector.specificity, order: this.count++, decls });
      }
    }
  }

  private addRule(rule: Rule): void {
    const s = rule.selector.parts.at(-1)!;
    const push = (map: Map<string, Rule[]>, key: string) => {
      const list = map.get(key);
      if (list) list.push(rule);
      else map.set(key, [rule]);
    };
    if (s.id !== undefined) push(this.byId, s.id);
    else if (s.classes.length > 0) push(this.byClass, s.classes[0]!);
    else if (s.tag !== undefined) push(this.byTag, s.tag);
    else this.universal.push(rule);
  }

  /** Rules matching the element, in cascade order (lowest specificity first, then source order). */
  matching(el: XmlElement): Rule[] {
    if (this.count === 0) return [];
    const classes = (el.attrs.class ?? '').split(/\s+/).filter(Boolean);
    const candidates = new Set<Rule>(this.universal);
    const id = el.attrs.id;
    if (id !== undefined) for (const r of this.byId.get(id) ?? []) candidates.add(r);
    for (const c of classes) for (const r of this.byClass.get(c) ?? []) candidates.add(r);
    for (const r of this.byTag.get(el.name) ?? []) candidates.add(r);
    const out: Rule[] = [];
    for (const r of candidates) if (selectorMatches(r.selector, el)) out.push(r);
    return out.sort((a, b) => a.specificity - b.specificity || a.order - b.order);
  }
}

const NON_INHERITED_KEYS = [...NOT_INHERITED];
const MARKERS = ['marker-start', 'marker-mid', 'marker-end'];

const FONT_UNIT_PX: Record<string, number> = { '': 1, px: 1, pt: 96 / 72, pc: 16, mm: 96 / 25.4, cm: 96 / 2.54, in: 96 };
const FONT_KEYWORD_STEP: Record<string, number> = { 'xx-small': -3, 'x-small': -2, small: -1, medium: 0, large: 1, 'x-large': 2, 'xx-large': 3 };

/** A font-size value in px, given the parent's (CSS: absolute keywords step by 1.2 from medium, 16 px). */
export function computeFontSize(value: string, parentPx: number): number | null {
  const v = value.trim().toLowerCase();
  if (v in FONT_KEYWORD_STEP) return 16 * 1.2 ** FONT_KEYWORD_STEP[v]!;
  if (v === 'smaller') return parentPx / 1.2;
  if (v === 'larger') return parentPx * 1.2;
  const m = /^([+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?)(px|pt|pc|mm|cm|in|em|ex|%)?$/.exec(v);
  if (!m) return null;
  const n = Number(m[1]);
  const unit = m[2] ?? '';
  const px = unit === 'em' ? n * parentPx : unit === 'ex' ? (n * parentPx) / 2 : unit === '%' ? (n / 100) * parentPx : n * FONT_UNIT_PX[unit]!;
  return Number.isFinite(px) && px >= 0 ? px : null;
}

function applyDeclaration(out: Record<string, string>, parent: ComputedStyle | null, property: string, value: string): void {
  if (property === 'marker') {
    for (const p of MARKERS) applyDeclaration(out, parent, p, value);
    return;
  }
  if (!(property in INITIAL_STYLE)) return;
  if (property === 'font-size' && value !== 'inherit' && value !== 'initial') {
    // Relative sizes resolve here, against the parent, so every descendant sees px.
    const px = computeFontSize(value, Number(parent?.['font-size'] ?? INITIAL_STYLE['font-size']));
    if (px !== null) out[property] = String(px);
    return;
  }
  if (value === 'inherit') out[property] = parent?.[property] ?? INITIAL_STYLE[property]!;
  else if (value === 'initial') out[property] = INITIAL_STYLE[property]!;
  else out[property] = value;
}

/** Applies normal declarations now; returns the !important ones (appended to `important`) for later. */
function applyNormal(out: Record<string, string>, parent: ComputedStyle | null, decls: readonly Declaration[], important: Declaration[]): void {
  for (const d of decls) {
    if (d.important) important.push(d);
    else applyDeclaration(out, parent, d.property, d.value);
  }
}

/** The element's computed style: cascade (presentation attribute < sheet < style attribute < !important), then inheritance. */
export function computeStyle(el: XmlElement, parent: ComputedStyle | null, sheet: StyleSheet): ComputedStyle {
  const out: Record<string, string> = parent ? { ...parent } : { ...INITIAL_STYLE };
  if (parent) for (const k of NON_INHERITED_KEYS) out[k] = INITIAL_STYLE[k]!;
  for (const k in el.attrs) if (k in INITIAL_STYLE) applyDeclaration(out, parent, k, el.attrs[k]!.trim());
  const important: Declaration[] = [];
  if (sheet.ruleCount > 0) for (const r of sheet.matching(el)) applyNormal(out, parent, r.decls, important);
  if (el.attrs.style !== undefined) applyNormal(out, parent, parseDeclarations(el.attrs.style), important);
  for (const d of important) applyDeclaration(out, parent, d.property, d.value);
  return out;
}

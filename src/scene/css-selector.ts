import type { XmlElement } from './svg-xml.ts';

// CSS selectors as SVG files use them: compounds of a type (or *), classes, an id, attribute
// tests and :first-child, joined by descendant (space) and child (>) combinators. Anything
// else (sibling combinators, other pseudo-classes) is refused, so the caller can warn.

interface AttrTest {
  name: string;
  op?: string;
  value?: string;
}

export interface Compound {
  tag?: string;
  id?: string;
  classes: string[];
  attrs: AttrTest[];
  firstChild: boolean;
}

export interface Selector {
  /** Left to right; the last is the subject. */
  parts: Compound[];
  /** combinators[i] joins parts[i] and parts[i + 1]. */
  combinators: (' ' | '>')[];
  specificity: number;
}

const COMPOUND = /^(\*|[A-Za-z][\w-]*)?((?:[.#][\w-]+|\[[^\]]*\]|:first-child)*)$/;
const ATTR = /^\[\s*([A-Za-z_][\w:-]*)\s*(?:([~|^$*]?=)\s*(?:"([^"]*)"|'([^']*)'|([\w-]+))\s*)?\]$/;

function parseCompound(sel: string): Compound | null {
  const m = COMPOUND.exec(sel);
  if (!m || sel === '') return null;
  const c: Compound = { classes: [], attrs: [], firstChild: false };
  if (m[1] && m[1] !== '*') c.tag = m[1];
  for (const part of m[2]!.match(/[.#][\w-]+|\[[^\]]*\]|:first-child/g) ?? []) {
    if (part[0] === '.') c.classes.push(part.slice(1));
    else if (part[0] === '#') c.id = part.slice(1);
    else if (part === ':first-child') c.firstChild = true;
    else {
      const a = ATTR.exec(part);
      if (!a) return null;
      c.attrs.push(a[2] === undefined ? { name: a[1]! } : { name: a[1]!, op: a[2], value: a[3] ?? a[4] ?? a[5]! });
    }
  }
  return c;
}

/** A selector, or null when it uses something outside the supported subset. */
export function parseSelector(text: string): Selector | null {
  const tokens = text
    .trim()
    .replace(/\s*>\s*/g, ' > ')
    .split(/\s+/)
    .filter(Boolean);
  const parts: Compound[] = [];
  const combinators: (' ' | '>')[] = [];
  let pending: ' ' | '>' | null = null;
  for (const t of tokens) {
    if (t === '>') {
      if (parts.length === 0 || pending === '>') return null;
      pending = '>';
      continue;
    }
    const c = parseCompound(t);
    if (!c) return null;
    if (parts.length > 0) combinators.push(pending ?? ' ');
    parts.push(c);
    pending = null;
  }
  if (parts.length === 0 || pending !== null) return null;
  let specificity = 0;
  for (const p of parts) specificity += (p.id ? 10000 : 0) + (p.classes.length + p.attrs.length + (p.firstChild ? 1 : 0)) * 100 + (p.tag ? 1 : 0);
  return { parts, combinators, specificity };
}

function attrMatches(t: AttrTest, el: XmlElement): boolean {
  const v = el.attrs[t.name];
  if (v === undefined) return false;
  const want = t.value ?? '';
  switch (t.op) {
    case undefined:
      return true;
    case '=':
      return v === want;
    case '~=':
      return v.split(/\s+/).includes(want);
    case '|=':
      return v === want || v.startsWith(`${want}-`);
    case '^=':
      return want !== '' && v.startsWith(want);
    case '$=':
      return want !== '' && v.endsWith(want);
    default:
      return want !== '' && v.includes(want);
  }
}

export function compoundMatches(c: Compound, el: XmlElement): boolean {
  if (c.tag !== undefined && c.tag !== el.name) return false;
  if (c.id !== undefined && c.id !== el.attrs.id) return false;
  if (c.classes.length > 0) {
    const classes = (el.attrs.class ?? '').split(/\s+/);
    if (!c.classes.every((k) => classes.includes(k))) return false;
  }
  if (c.firstChild && el.parent?.children[0] !== el) return false;
  return c.attrs.every((t) => attrMatches(t, el));
}

function matchesFrom(s: Selector, i: number, el: XmlElement): boolean {
  if (!compoundMatches(s.parts[i]!, el)) return false;
  if (i === 0) return true;
  if (s.combinators[i - 1] === '>') return el.parent !== null && matchesFrom(s, i - 1, el.parent);
  for (let a = el.parent; a; a = a.parent) if (matchesFrom(s, i - 1, a)) return true;
  return false;
}

export function selectorMatches(s: Selector, el: XmlElement): boolean {
  return matchesFrom(s, s.parts.length - 1, el);
}

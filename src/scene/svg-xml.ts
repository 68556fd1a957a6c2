import { SaxesParser } from 'saxes';
import { SvgImportError } from './svg-import-error.ts';

// A light element tree built from saxes events. saxes is a strict, conformant streaming XML
// parser (the one jsdom uses) with exact line:column errors and no DOM, so the importer
// runs the same in Node, the plugin UI and a Web Worker.

export interface XmlElement {
  /** Local name for SVG elements (`svg:path` -> `path`); the full qualified name for foreign ones. */
  name: string;
  /** True for elements in a namespace other than SVG's (editor metadata such as `sodipodi:namedview`). */
  foreign: boolean;
  attrs: Record<string, string>;
  children: XmlElement[];
  parent: XmlElement | null;
  /** Character data, kept only for elements whose text matters (`style`, `text`). */
  text: string;
  line: number;
}

const TEXT_KEEPING = new Set(['style', 'text', 'tspan', 'textPath']);

// Older Illustrator exports declare entities in the DOCTYPE (`<!ENTITY ns_svg "http://...">`)
// and use them in attributes; saxes does not read the internal subset, so we do.
function declaredEntities(doctype: string): Record<string, string> {
  const out: Record<string, string> = {};
  const re = /<!ENTITY\s+([\w.-]+)\s+(?:"([^"]*)"|'([^']*)')\s*>/g;
  for (let m = re.exec(doctype); m; m = re.exec(doctype)) out[m[1]!] ??= m[2] ?? m[3] ?? '';
  return out;
}

const SVG_NS = 'http://www.w3.org/2000/svg';
const XLINK_NS = 'http://www.w3.org/1999/xlink';
/** Expanded markup may not grow the document past this many characters (a "billion laughs" guard). */
const MAX_EXPANDED_CHARS = 64 << 20;

/**
 * Entities whose value is markup (`<!ENTITY Rect "<rect .../>">`) must be parsed as part of
 * the document; saxes only substitutes text. Such references are expanded textually before
 * parsing, which is what a validating parser's replacement text amounts to.
 */
function expandMarkupEntities(text: string): string {
  const m = /<!DOCTYPE[^[>]*\[([\s\S]*?)\]\s*>/.exec(text);
  if (!m) return text;
  const entities = declaredEntities(m[1]!);
  const markup = Object.keys(entities).filter((k) => entities[k]!.includes('<'));
  if (markup.length === 0) return text;
  const end = m.index + m[0].length;
  const ref = new RegExp(`&(${markup.map((k) => k.replace(/[.-]/g, '\\$&')).join('|')});`, 'g');
  let body = text.slice(end);
  for (let depth = 0; ref.test(body); depth++) {
    if (depth >= 8) throw new SvgImportError('DTD entities nest more than 8 deep; refusing to expand them');
    ref.lastIndex = 0;
    body = body.replace(ref, (_, name: string) => entities[name]!);
    if (body.length > MAX_EXPANDED_CHARS)
      throw new SvgImportError(`DTD entities expand the document past ${MAX_EXPANDED_CHARS} characters; refusing to expand them`);
    ref.lastIndex = 0;
  }
  return text.slice(0, end) + body;
}

function describeNonXml(text: string): string | undefined {
  if (text.trim() === '') return 'the file is empty';
  if (text.startsWith('\u0089PNG') || text.startsWith('\ufffdPNG')) return 'this is a PNG image, not an SVG file';
  if (text.startsWith('\ufffd\ufffd\ufffd') || text.startsWith('\u00ff\u00d8\u00ff')) return 'this looks like a JPEG image, not an SVG file';
  if (text.startsWith('GIF8')) return 'this is a GIF image, not an SVG file';
  if (text.startsWith('%PDF')) return 'this is a PDF file, not an SVG file';
  if (text.startsWith('RIFF') && text.slice(8, 12) === 'WEBP') return 'this is a WebP image, not an SVG file';
  if (text.includes('\u0000')) return 'the file is binary (it contains NUL bytes), not SVG text';
  return undefined;
}

/** Parses XML text into an element tree; throws SvgImportError (with line:column) when it is not well-formed. */
export function parseXml(input: string): XmlElement {
  const unmarked = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  const notXml = describeNonXml(unmarked);
  if (notXml) throw new SvgImportError(notXml);
  if (!unmarked.trimStart().startsWith('<')) {
    throw new SvgImportError(`not XML: the file starts with '${unmarked.trimStart().slice(0, 20).replace(/\s+/g, ' ')}' instead of '<'`);
  }
  const text = expandMarkupEntities(unmarked);
  const parser = new SaxesParser({ xmlns: false, position: true });
  // Namespace prefixes in scope, innermost last: saxes' own namespace mode would also
  // reshape every attribute, and all we need is which elements are SVG.
  const scopes: Map<string, string>[] = [];
  let root: XmlElement | null = null;
  let current: XmlElement | null = null;
  let firstError: string | null = null;
  parser.on('error', (err) => {
    // saxes keeps going after an error; the first one is the useful one.
    firstError ??= err.message;
  });
  parser.on('doctype', (doctype) => {
    Object.assign(parser.ENTITIES, declaredEntities(doctype));
  });
  parser.on('opentag', (tag) => {
    const attrs = tag.attributes as Record<string, string>;
    const scope = new Map<string, string>();
    for (const k in attrs) {
      if (k === 'xmlns') scope.set('', attrs[k]!);
      else if (k.startsWith('xmlns:')) scope.set(k.slice(6), attrs[k]!);
    }
    scopes.push(scope);
    const lookup = (prefix: string): string | undefined => {
      for (let i = scopes.length - 1; i >= 0; i--) {
        const uri = scopes[i]!.get(prefix);
        if (uri !== undefined) return uri;
      }
      return undefined;
    };
    // xlink attributes under any prefix bound to XLink's namespace read as `xlink:*`.
    for (const k of Object.keys(attrs)) {
      const c = k.indexOf(':');
      if (c > 0 && k.slice(0, c) !== 'xlink' && k.slice(0, c) !== 'xmlns' && lookup(k.slice(0, c)) === XLINK_NS) {
        attrs[`xlink:${k.slice(c + 1)}`] ??= attrs[k]!;
      }
    }
    const qname = tag.name;
    const colon = qname.indexOf(':');
    const prefix = colon >= 0 ? qname.slice(0, colon) : '';
    // Unbound prefixes: `svg:` is taken as SVG, others (sodipodi:, inkscape: declared
    // nowhere) as foreign; an undeclared default namespace is taken as SVG, as renderers do.
    const uri = lookup(prefix) ?? (prefix === '' || prefix === 'svg' ? SVG_NS : undefined);
    const el: XmlElement = {
      name: uri === SVG_NS ? qname.slice(colon + 1) : qname,
      foreign: uri !== SVG_NS,
      attrs,
      children: [],
      parent: current,
      text: '',
      line: parser.line,
    };
    if (current) current.children.push(el);
    else root ??= el;
    current = el;
  });
  parser.on('closetag', () => {
    scopes.pop();
    current = current?.parent ?? null;
  });
  const onText = (t: string) => {
    if (current && TEXT_KEEPING.has(current.name)) current.text += t;
  };
  parser.on('text', onText);
  parser.on('cdata', onText);
  try {
    parser.write(text).close();
  } catch (err) {
    firstError ??= err instanceof Error ? err.message : String(err);
  }
  if (firstError !== null) {
    const m = /^(\d+):(\d+): (.*?)\.?$/s.exec(firstError);
    throw new SvgImportError(m ? `malformed XML at line ${m[1]}, column ${Number(m[2]) + 1}: ${m[3]}` : `malformed XML: ${firstError}`);
  }
  if (!root) throw new SvgImportError('malformed XML: no root element');
  return root;
}

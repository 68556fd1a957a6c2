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
  for (let m = re.exec(doctype); m; m = re.exec(doctype)) out[m[1]!] = m[2] ?? m[3] ?? '';
  return out;
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
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  const notXml = describeNonXml(text);
  if (notXml) throw new SvgImportError(notXml);
  if (!text.trimStart().startsWith('<')) {
    throw new SvgImportError(`not XML: the file starts with '${text.trimStart().slice(0, 20).replace(/\s+/g, ' ')}' instead of '<'`);
  }
  const parser = new SaxesParser({ xmlns: false, position: true });
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
    const qname = tag.name;
    const colon = qname.indexOf(':');
    const prefix = colon >= 0 ? qname.slice(0, colon) : '';
    const el: XmlElement = {
      name: prefix === 'svg' ? qname.slice(colon + 1) : qname,
      foreign: prefix !== '' && prefix !== 'svg',
      attrs: tag.attributes as Record<string, string>,
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

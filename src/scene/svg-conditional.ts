import { CONTAINERS, SHAPES, UNSUPPORTED } from './svg-elements.ts';
import type { XmlElement } from './svg-xml.ts';

// SVG's conditional processing (SVG 1.1 §5.8): systemLanguage, requiredExtensions and
// requiredFeatures decide whether an element is drawn at all, on any element, and which
// child a <switch> draws. The reader has no locale of its own, so it answers as resvg does
// by default: the user speaks English.

/** The user's languages (BCP 47 primary tags), as resvg's default options. */
const USER_LANGUAGES = ['en'];

// The SVG 1.1 feature strings resvg claims (usvg's switch.rs); any other fails the test.
const FEATURES = new Set(
  [
    'SVGDOM-static',
    'SVG-static',
    'CoreAttribute',
    'Structure',
    'BasicStructure',
    'ContainerAttribute',
    'ConditionalProcessing',
    'Image',
    'Style',
    'Shape',
    'Text',
    'BasicText',
    'PaintAttribute',
    'BasicPaintAttribute',
    'OpacityAttribute',
    'GraphicsAttribute',
    'BasicGraphicsAttribute',
    'Marker',
    'Gradient',
    'Pattern',
    'Clip',
    'BasicClip',
    'Mask',
    'Filter',
    'BasicFilter',
    'XlinkAttribute',
  ].map((f) => `http://www.w3.org/TR/SVG11/feature#${f}`),
);

/** Why the element's conditional attributes rule it out, or null when it is drawn. */
export function failedCondition(el: XmlElement): string | null {
  const ext = el.attrs.requiredExtensions;
  if (ext !== undefined) return `requiredExtensions="${ext.trim()}" names an extension this reader does not implement`;
  const features = el.attrs.requiredFeatures;
  if (features !== undefined) {
    const missing = features.split(/\s+/).find((f) => !FEATURES.has(f));
    if (missing !== undefined) return `requiredFeatures names ${missing === '' ? 'no feature' : `'${missing}'`}, which is not supported`;
  }
  const langs = el.attrs.systemLanguage;
  if (langs !== undefined) {
    const ok = langs.split(',').some((l) => {
      const tag = l.trim();
      return USER_LANGUAGES.includes(tag) || USER_LANGUAGES.includes(tag.split('-')[0]!);
    });
    if (!ok) return `systemLanguage="${langs.trim()}" does not include English, the language this reader evaluates it for`;
  }
  return null;
}

/** Elements a <switch> may choose (SVG's "rendering elements"); unknown and resource elements are passed over. */
function isRenderingElement(el: XmlElement): boolean {
  if (el.foreign) return false;
  return SHAPES.has(el.name) || CONTAINERS.has(el.name) || el.name === 'svg' || el.name === 'use' || el.name === 'switch' || el.name in UNSUPPORTED;
}

/** The one child a <switch> draws: the first rendering element whose conditions pass. */
export function switchChoice(sw: XmlElement): XmlElement | undefined {
  return sw.children.find((c) => isRenderingElement(c) && failedCondition(c) === null);
}

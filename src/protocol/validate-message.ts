import type { Affine, Gradient, GradientStop, LinearGradient, Provenance, RadialGradient, Roi, Scene, SceneWarning, ShapeGroup } from '../scene/scene.ts';
import { SceneValidationError, validateScene } from '../scene/scene-validate.ts';
import { arrayOf, bool, bytes, count, finite, nullable, object, oneOf, optional, ProtocolError, str, type Check } from './check.ts';
import {
  EDIT_MODES,
  PROTOCOL,
  PROTOCOL_VERSION,
  type AffineMap,
  type ImageSource,
  type PaletteColour,
  type PluginSettings,
  type PromptFrame,
  type SandboxToUi,
  type SelectionInfo,
  type UiToSandbox,
} from './protocol.ts';

// Messages are checked on arrival, in both directions, before anything acts on them: the
// sandbox can write to the user's document, and the UI feeds scenes to the GPU.

const rgba = object({ r: finite, g: finite, b: finite, a: finite });

const provenance: Check<Provenance> = object<Provenance>({
  kind: oneOf(['svg', 'figma', 'vectorize', 'synthetic'] as const),
  ref: str,
  name: optional(str),
});

const points: Check<number[]> = (v, at) => {
  if (!Array.isArray(v)) throw new ProtocolError(`${at}: expected an array of numbers`);
  for (let i = 0; i < v.length; i++) {
    if (typeof v[i] !== 'number') throw new ProtocolError(`${at}[${i}]: expected a number, got ${typeof v[i]}`);
  }
  return v as number[];
};

const affine: Check<Affine> = (v, at) => {
  if (!Array.isArray(v) || v.length !== 6) throw new ProtocolError(`${at}: expected 6 numbers`);
  v.forEach((x, i) => finite(x, `${at}[${i}]`));
  return v as Affine;
};

const gradientBase = {
  stops: arrayOf(object<GradientStop>({ offset: finite, color: rgba })),
  spread: oneOf(['pad', 'reflect', 'repeat'] as const),
  transform: affine,
};
const linearGradient = object<LinearGradient>({ kind: oneOf(['linear'] as const), x1: finite, y1: finite, x2: finite, y2: finite, ...gradientBase });
const radialGradient = object<RadialGradient>({
  kind: oneOf(['radial'] as const),
  cx: finite,
  cy: finite,
  r: finite,
  fx: finite,
  fy: finite,
  fr: finite,
  ...gradientBase,
});
const gradient: Check<Gradient> = (v, at) => {
  const kind = typeof v === 'object' && v !== null ? (v as { kind?: unknown }).kind : undefined;
  return kind === 'radial' ? radialGradient(v, at) : linearGradient(v, at);
};

const group: Check<ShapeGroup> = object<ShapeGroup>({
  fill: rgba,
  gradient: optional(gradient),
  fillRule: oneOf(['nonzero', 'evenodd'] as const),
  paths: arrayOf(object({ points })),
  source: provenance,
});

const roi: Check<Roi> = object<Roi>({ x: finite, y: finite, width: finite, height: finite, prompt: str, source: optional(provenance) });
const warning: Check<SceneWarning> = object<SceneWarning>({ where: str, message: str });

/** Structure first (so validateScene can index safely), then the model's own invariants. */
export const sceneCheck: Check<Scene> = (v, at) => {
  const s = object<Scene>({ width: finite, height: finite, groups: arrayOf(group), rois: arrayOf(roi), warnings: arrayOf(warning) })(v, at);
  try {
    validateScene(s);
  } catch (e) {
    if (e instanceof SceneValidationError) throw new ProtocolError(`${at}: ${e.message}`);
    throw e;
  }
  return s;
};

const settings: Check<PluginSettings> = object<PluginSettings>({ mode: oneOf(EDIT_MODES), iterations: count });

const nodeBoxFields = { nodeId: str, name: str, x: finite, y: finite, width: finite, height: finite };

const promptFrame: Check<PromptFrame> = object<PromptFrame>({ ...nodeBoxFields, prompt: str, isRoot: bool });

const affineRow: Check<[number, number, number]> = (v, at) => {
  if (!Array.isArray(v) || v.length !== 3) throw new ProtocolError(`${at}: expected 3 numbers`);
  v.forEach((x, i) => finite(x, `${at}[${i}]`));
  return v as [number, number, number];
};
const affineMap: Check<AffineMap> = (v, at) => {
  if (!Array.isArray(v) || v.length !== 2) throw new ProtocolError(`${at}: expected a 2x3 matrix`);
  affineRow(v[0], `${at}[0]`);
  affineRow(v[1], `${at}[1]`);
  return v as AffineMap;
};

const imageSource: Check<ImageSource> = object<ImageSource>({ ...nodeBoxFields, scale: finite, png: bytes, placement: affineMap, groupIndex: count });

const selectionInfo: Check<SelectionInfo> = object<SelectionInfo>({
  sourceId: nullable(str),
  sourceIds: arrayOf(str),
  sourceName: str,
  frames: arrayOf(promptFrame),
  groupCount: count,
  pathCount: count,
  imageCount: count,
  lockedGroups: optional(arrayOf(count)),
  warnings: arrayOf(warning),
  note: str,
});

const paletteColour: Check<PaletteColour> = object<PaletteColour>({ name: str, colour: rgba });

type Bodies<M extends { type: string }> = { [T in M['type']]: Record<string, Check<unknown>> };

const UI_TO_SANDBOX: Bodies<UiToSandbox> = {
  'ui-ready': {},
  'refresh-selection': {},
  'set-prompt': { nodeId: str, prompt: str },
  'save-settings': { settings },
  'apply-scene': { requestId: str, sourceId: str, besideIds: optional(arrayOf(str)), prompt: str, scene: sceneCheck },
  'apply-scenes': { requestId: str, items: arrayOf(object({ sourceId: str, prompt: str, scene: sceneCheck })) },
  'request-images': { requestId: str },
  'request-palette': {},
  'request-offline-model': {},
};

const SANDBOX_TO_UI: Bodies<SandboxToUi> = {
  selection: { info: selectionInfo, scene: nullable(sceneCheck), iconSet: optional(arrayOf(object({ info: selectionInfo, scene: sceneCheck }))) },
  images: { requestId: str, sourceId: nullable(str), images: arrayOf(imageSource) },
  settings: { settings },
  'prompt-saved': { nodeId: str, prompt: str },
  'apply-progress': { requestId: str, done: count, total: count },
  'apply-done': { requestId: str, frameId: str, frameName: str, nodeCount: count, warnings: arrayOf(warning) },
  'apply-scenes-done': {
    requestId: str,
    frames: arrayOf(object({ item: count, frameId: str, frameName: str, nodeCount: count, warnings: arrayOf(warning) })),
  },
  palette: { colours: arrayOf(paletteColour) },
  'offline-model': { id: str, files: nullable(object({ vision: str, text: str, tokenizer: str })) },
  error: { message: str, requestId: optional(str) },
};

export type Parsed<M> = { ok: true; message: M } | { ok: false; error: string };

function parse<M>(raw: unknown, table: Record<string, Record<string, Check<unknown>>>, direction: string): Parsed<M> {
  try {
    if (typeof raw !== 'object' || raw === null) throw new ProtocolError(`expected a message object, got ${raw === null ? 'null' : typeof raw}`);
    const m = raw as Record<string, unknown>;
    if (m.protocol !== PROTOCOL) throw new ProtocolError(`not a ${PROTOCOL} message (protocol field is ${JSON.stringify(m.protocol)})`);
    if (m.version !== PROTOCOL_VERSION) {
      throw new ProtocolError(`protocol version ${JSON.stringify(m.version)}, this build speaks ${PROTOCOL_VERSION} (reload the plugin)`);
    }
    const type = str(m.type, 'type');
    const fields = Object.hasOwn(table, type) ? table[type] : undefined;
    if (!fields) throw new ProtocolError(`unknown message type '${type}'`);
    for (const k of Object.keys(fields)) fields[k]!(m[k], `${type}.${k}`);
    return { ok: true, message: raw as M };
  } catch (e) {
    if (e instanceof ProtocolError) return { ok: false, error: `${direction} message rejected: ${e.message}` };
    throw e;
  }
}

/** In the sandbox: a message from the UI, or why it is rejected. */
export function parseUiToSandbox(raw: unknown): Parsed<UiToSandbox> {
  return parse<UiToSandbox>(raw, UI_TO_SANDBOX, 'UI -> sandbox');
}

/** In the UI: a message from the sandbox, or why it is rejected. */
export function parseSandboxToUi(raw: unknown): Parsed<SandboxToUi> {
  return parse<SandboxToUi>(raw, SANDBOX_TO_UI, 'sandbox -> UI');
}

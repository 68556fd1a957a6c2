import type { Rgba, Scene, SceneWarning } from '../scene/scene.ts';

// Every message between the Figma sandbox (src/plugin) and the UI iframe (src/ui) is declared
// here, and nowhere else. Each message carries the protocol version, so a UI and a sandbox
// from different builds (a cached ui.html) notice instead of misreading each other.
// To add a message: add its interface to one of the unions below and its validator to
// validate-message.ts; the compiler then points at every switch that must handle it.

export const PROTOCOL = 'clipvg';
export const PROTOCOL_VERSION = 1;

// Spelled as the engine, the CLI (--mode color) and Figma's API (paint.color) spell it; only
// the labels a user reads say "Colour".
export type EditMode = 'full' | 'shape' | 'color' | 'palette';
export const EDIT_MODES: readonly EditMode[] = ['full', 'shape', 'color', 'palette'];

/** Persisted in figma.clientStorage (per user, per machine). */
export interface PluginSettings {
  mode: EditMode;
  iterations: number;
}

export const DEFAULT_SETTINGS: PluginSettings = { mode: 'full', iterations: 150 };

/** A Figma node and its axis-aligned rectangle in scene (canvas) pixels. */
export interface NodeBox {
  nodeId: string;
  name: string;
  x: number;
  y: number;
  width: number;
  height: number;
}

/** A frame whose prompt the user can edit: the selected frame (whole canvas) or a nested frame (ROI). */
export interface PromptFrame extends NodeBox {
  prompt: string;
  /** true for the selected frame itself (CLIPVG's ROI 0: the whole picture). */
  isRoot: boolean;
}

/** A 2x3 affine map [[a, c, e], [b, d, f]]: (x, y) -> (a x + c y + e, b x + d y + f). */
export type AffineMap = [[number, number, number], [number, number, number]];

/**
 * Pixels of a node's image paints, for the vectoriser (PNG as exported by Figma), in the node's
 * own axes; the box is their axis-aligned extent in the scene.
 */
export interface ImageSource extends NodeBox {
  /** Export scale: png pixels per node pixel. */
  scale: number;
  png: Uint8Array;
  /** The PNG's unit square (0..1 across, 0..1 down) -> scene pixels: exact for rotated and flipped nodes. */
  placement: AffineMap;
  /** How many scene groups are drawn under the image: its vectors go in at that index. */
  groupIndex: number;
}

export interface SelectionInfo {
  /** The node whose coordinates the scene uses; null when nothing usable is selected. */
  sourceId: string | null;
  /** Every selected layer: the result is placed beside all of them. */
  sourceIds: string[];
  sourceName: string;
  frames: PromptFrame[];
  groupCount: number;
  pathCount: number;
  imageCount: number;
  /** Indices of scene groups drawn from layers locked in Figma: the edit keeps them bit for bit (EditOptions.frozenGroups). */
  lockedGroups?: number[];
  warnings: SceneWarning[];
  /** Why there is no scene (empty selection, ...); empty when there is one. */
  note: string;
}

export interface PaletteColour {
  name: string;
  colour: Rgba;
}

interface Envelope {
  protocol: typeof PROTOCOL;
  version: typeof PROTOCOL_VERSION;
}

// ---- UI -> sandbox -------------------------------------------------------------------------

export interface UiReadyMessage extends Envelope {
  type: 'ui-ready';
}
export interface RefreshSelectionMessage extends Envelope {
  type: 'refresh-selection';
}
export interface SetPromptMessage extends Envelope {
  type: 'set-prompt';
  nodeId: string;
  prompt: string;
}
export interface SaveSettingsMessage extends Envelope {
  type: 'save-settings';
  settings: PluginSettings;
}
export interface ApplySceneMessage extends Envelope {
  type: 'apply-scene';
  requestId: string;
  sourceId: string;
  /** Layers the result must not overlap (the whole selection); sourceId alone when absent. */
  besideIds?: string[];
  prompt: string;
  scene: Scene;
}
/** One result to write: a frame beside its source (an icon set's item, or one of several variations). */
export interface ApplyItem {
  sourceId: string;
  prompt: string;
  scene: Scene;
}
/**
 * Applies several results in turn, each as its own frame and its own undo step. Items with
 * the same source go side by side (each to the right of the one before), so "apply all"
 * variations land in a row; an icon set's results each land beside their own frame.
 */
export interface ApplyScenesMessage extends Envelope {
  type: 'apply-scenes';
  requestId: string;
  items: ApplyItem[];
}
/** Asks for the selection's image paints as PNGs: exported only when the user vectorises. */
export interface RequestImagesMessage extends Envelope {
  type: 'request-images';
  requestId: string;
}
export interface RequestPaletteMessage extends Envelope {
  type: 'request-palette';
}
/** Asks for the shipped tiny CLIP: ui.html cannot carry it (Figma loads ui.html as a data: URL, capped near 2 MB), code.js can. */
export interface RequestOfflineModelMessage extends Envelope {
  type: 'request-offline-model';
}

export type UiToSandbox =
  | UiReadyMessage
  | RefreshSelectionMessage
  | SetPromptMessage
  | SaveSettingsMessage
  | ApplySceneMessage
  | ApplyScenesMessage
  | RequestImagesMessage
  | RequestPaletteMessage
  | RequestOfflineModelMessage;

// ---- sandbox -> UI -------------------------------------------------------------------------

export interface SelectionMessage extends Envelope {
  type: 'selection';
  info: SelectionInfo;
  /** The selection as a scene in the source frame's coordinates; null when there is none. */
  scene: Scene | null;
  /** Two or more frames selected: each frame as its own scene, for an icon set (run in turn). */
  iconSet?: { info: SelectionInfo; scene: Scene }[];
}
/** The answer to request-images: the image paints of the selection whose source is sourceId. */
export interface ImagesMessage extends Envelope {
  type: 'images';
  requestId: string;
  sourceId: string | null;
  images: ImageSource[];
}
export interface SettingsMessage extends Envelope {
  type: 'settings';
  settings: PluginSettings;
}
export interface PromptSavedMessage extends Envelope {
  type: 'prompt-saved';
  nodeId: string;
  prompt: string;
}
export interface ApplyProgressMessage extends Envelope {
  type: 'apply-progress';
  requestId: string;
  done: number;
  total: number;
}
export interface ApplyDoneMessage extends Envelope {
  type: 'apply-done';
  requestId: string;
  frameId: string;
  frameName: string;
  nodeCount: number;
  /** What Figma cannot draw as the scene has it (a focal point, reflect spread), approximated and named. */
  warnings: SceneWarning[];
}
/** apply-scenes finished: the frames written, in item order (fewer than asked when one failed; an error says why). */
export interface ApplyScenesDoneMessage extends Envelope {
  type: 'apply-scenes-done';
  requestId: string;
  frames: { item: number; frameId: string; frameName: string; nodeCount: number; warnings: SceneWarning[] }[];
}
export interface PaletteMessage extends Envelope {
  type: 'palette';
  colours: PaletteColour[];
}
/** The shipped offline CLIP's files, base64 (the sandbox bundle embeds them); files null when this build ships none. */
export interface OfflineModelMessage extends Envelope {
  type: 'offline-model';
  id: string;
  files: { vision: string; text: string; tokenizer: string } | null;
}
/** Something went wrong on the other side (a rejected message, a failed apply): shown to the user. */
export interface ErrorMessage extends Envelope {
  type: 'error';
  message: string;
  requestId?: string;
}

export type SandboxToUi =
  | SelectionMessage
  | ImagesMessage
  | SettingsMessage
  | PromptSavedMessage
  | ApplyProgressMessage
  | ApplyDoneMessage
  | ApplyScenesDoneMessage
  | PaletteMessage
  | OfflineModelMessage
  | ErrorMessage;

type Body<M> = M extends Envelope ? Omit<M, keyof Envelope> : never;

/** Stamps a UI -> sandbox message body with the protocol envelope. */
export function uiMessage(body: Body<UiToSandbox>): UiToSandbox {
  return { protocol: PROTOCOL, version: PROTOCOL_VERSION, ...body } as UiToSandbox;
}

/** Stamps a sandbox -> UI message body with the protocol envelope. */
export function sandboxMessage(body: Body<SandboxToUi>): SandboxToUi {
  return { protocol: PROTOCOL, version: PROTOCOL_VERSION, ...body } as SandboxToUi;
}

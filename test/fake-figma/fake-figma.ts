import { createHash } from 'node:crypto';
import { decode } from 'fast-png';
import {
  FakeBooleanOperation,
  FakeContainer,
  FakeFrame,
  FakeGroup,
  type FakeNode,
  FakePage,
  FakeShape,
  FakeText,
  FakeVector,
  type FakeHost,
  type FakeSceneNode,
} from './fake-nodes.ts';

// A focused fake of the Figma plugin API: the calls this plugin makes, behaving as the real
// API documents them (figma-api-stub lacks createVector, vectorPaths, fillGeometry,
// exportAsync, getImageByHash, commitUndo and the async getters). Like a plugin whose manifest
// says "documentAccess": "dynamic-page", the synchronous document getters throw.

export interface FakeImage {
  hash: string;
  getBytesAsync(): Promise<Uint8Array>;
  getSizeAsync(): Promise<{ width: number; height: number }>;
}

type Handler = (...args: unknown[]) => void;

export class FakeFigma implements FakeHost {
  private idCounter = 1;
  private readonly nodes = new Map<string, FakeNode>();
  private readonly images = new Map<string, { bytes: Uint8Array; width: number; height: number }>();
  private readonly handlers = new Map<string, Handler[]>();
  private readonly storage = new Map<string, unknown>();
  readonly root: FakeContainer;
  currentPage: FakePage;
  /** Messages the plugin posted to its UI, structured-cloned as Figma does. */
  readonly toUi: unknown[] = [];
  readonly notifications: { message: string; error: boolean }[] = [];
  /** Count of commitUndo calls, and how many nodes existed at each (tests check undo steps). */
  readonly undoCommits: number[] = [];
  shownUi: { html: string; options: unknown } | null = null;
  /** Called with each message the plugin posts to its UI (the browser harness relays it), with postMessage's options. */
  onUiMessage: ((msg: unknown, options?: { origin?: string }) => void) | undefined;
  readonly mixed: symbol = Symbol('figma.mixed');
  readonly ui: {
    onmessage: ((msg: unknown, props: { origin: string }) => void) | undefined;
    postMessage(msg: unknown, options?: { origin?: string }): void;
    on(type: 'message', cb: (msg: unknown) => void): void;
    resize(w: number, h: number): void;
  };
  readonly clientStorage = {
    getAsync: async (key: string): Promise<unknown> => structuredClone(this.storage.get(key)),
    setAsync: async (key: string, value: unknown): Promise<void> => {
      this.storage.set(key, structuredClone(value)); // throws on functions, like Figma
    },
    deleteAsync: async (key: string): Promise<void> => {
      this.storage.delete(key);
    },
    keysAsync: async (): Promise<string[]> => [...this.storage.keys()],
  };
  localPaintStyles: { name: string; paints: readonly Record<string, unknown>[] }[] = [];

  constructor() {
    this.root = new FakeContainer('DOCUMENT', this);
    this.currentPage = new FakePage(this);
    this.root.kids.push(this.currentPage);
    this.currentPage.parent = this.root;
    this.currentPage.onSelectionChange = () => this.emit('selectionchange');
    const self = this;
    this.ui = {
      onmessage: undefined,
      // UIPostMessageOptions.origin: "the message will only be delivered to the iframe if the
      // origin of the document inside the iframe matches" (plugin-api.d.ts); the harness's
      // host page does that delivery, so the option travels with the message.
      postMessage(msg: unknown, options?: { origin?: string }) {
        if (!self.shownUi) throw new Error('figma.ui.postMessage: no UI is showing (call figma.showUI first)');
        const copy = structuredClone(msg);
        self.toUi.push(copy);
        self.onUiMessage?.(copy, options);
      },
      on(type: 'message', cb: (msg: unknown) => void) {
        if (type !== 'message') throw new Error(`fake Figma: ui.on('${type}') is not modelled`);
        const prev = self.ui.onmessage;
        self.ui.onmessage = (m, p) => {
          prev?.(m, p);
          cb(m);
        };
      },
      resize() {},
    };
  }

  /** PluginAPI.skipInvisibleInstanceChildren (the fake has no instances; tests check the plugin sets it). */
  skipInvisibleInstanceChildren = false;
  /** Every exportAsync call: which node, with which settings. */
  readonly exports: { nodeId: string; settings: unknown }[] = [];

  exported(node: FakeNode, settings: unknown): void {
    this.exports.push({ nodeId: node.id, settings: structuredClone(settings) });
  }

  imageData(hash: string): { bytes: Uint8Array; width: number; height: number } | undefined {
    return this.images.get(hash);
  }

  /** PluginAPI.createPage: a new, loaded page at the end of the document. */
  createPage(): FakePage {
    const p = this.track(new FakePage(this));
    p.onSelectionChange = () => {
      if (p === this.currentPage) this.emit('selectionchange');
    };
    this.root.appendChild(p);
    return p;
  }

  nextId(): string {
    return `1:${this.idCounter++}`;
  }

  deleted(node: FakeNode): void {
    this.nodes.delete(node.id);
    if (node instanceof FakeContainer) for (const c of node.kids) this.deleted(c);
  }

  track<T extends FakeNode>(node: T): T {
    this.nodes.set(node.id, node);
    return node;
  }

  private onPage<T extends FakeSceneNode>(node: T): T {
    this.currentPage.appendChild(node); // new nodes are parented under the current page
    return this.track(node);
  }

  // ---- the PluginAPI surface -------------------------------------------------------------

  showUI(html: string, options?: unknown): void {
    this.shownUi = { html, options };
  }

  notify(message: string, options?: { error?: boolean }): { cancel(): void } {
    this.notifications.push({ message, error: options?.error === true });
    return { cancel() {} };
  }

  on(event: string, cb: Handler): void {
    this.handlers.set(event, [...(this.handlers.get(event) ?? []), cb]);
  }

  off(event: string, cb: Handler): void {
    this.handlers.set(
      event,
      (this.handlers.get(event) ?? []).filter((h) => h !== cb),
    );
  }

  commitUndo(): void {
    this.undoCommits.push(this.nodes.size);
  }

  async getNodeByIdAsync(id: string): Promise<FakeNode | null> {
    return this.nodes.get(id) ?? null;
  }

  getNodeById(): never {
    throw new Error('Cannot call getNodeById with documentAccess: dynamic-page. Use figma.getNodeByIdAsync instead.');
  }

  getLocalPaintStyles(): never {
    throw new Error('Cannot call getLocalPaintStyles with documentAccess: dynamic-page. Use figma.getLocalPaintStylesAsync instead.');
  }

  async getLocalPaintStylesAsync(): Promise<{ name: string; paints: readonly Record<string, unknown>[] }[]> {
    return structuredClone(this.localPaintStyles);
  }

  createFrame(): FakeFrame {
    return this.onPage(new FakeFrame('FRAME', this));
  }

  createComponent(): FakeFrame {
    return this.onPage(new FakeFrame('COMPONENT', this));
  }

  createRectangle(): FakeShape {
    return this.onPage(new FakeShape('RECTANGLE', this));
  }

  createEllipse(): FakeShape {
    return this.onPage(new FakeShape('ELLIPSE', this));
  }

  createPolygon(): FakeShape {
    return this.onPage(new FakeShape('POLYGON', this));
  }

  createStar(): FakeShape {
    return this.onPage(new FakeShape('STAR', this));
  }

  createLine(): FakeShape {
    return this.onPage(new FakeShape('LINE', this));
  }

  createVector(): FakeVector {
    return this.onPage(new FakeVector(this));
  }

  createText(): FakeText {
    return this.onPage(new FakeText(this));
  }

  /** figma.group(nodes, parent): wraps nodes in a group inserted in parent. */
  group(nodes: readonly FakeSceneNode[], parent: FakeContainer): FakeGroup {
    if (nodes.length === 0) throw new Error('Cannot group an empty list of nodes');
    const g = this.track(new FakeGroup(this));
    parent.appendChild(g);
    for (const n of nodes) g.appendChild(n);
    return g;
  }

  union(nodes: readonly FakeSceneNode[], parent: FakeContainer): FakeBooleanOperation {
    const b = this.track(new FakeBooleanOperation(this));
    parent.appendChild(b);
    for (const n of nodes) b.appendChild(n);
    return b;
  }

  createImage(bytes: Uint8Array): FakeImage {
    const png = decode(bytes); // Figma accepts PNG, JPEG, GIF; the fake takes PNG
    const hash = createHash('sha1').update(bytes).digest('hex');
    this.images.set(hash, { bytes: bytes.slice(), width: png.width, height: png.height });
    return this.getImageByHash(hash)!;
  }

  getImageByHash(hash: string): FakeImage | null {
    const img = this.images.get(hash);
    if (!img) return null;
    return {
      hash,
      getBytesAsync: async () => img.bytes.slice(),
      getSizeAsync: async () => ({ width: img.width, height: img.height }),
    };
  }

  // ---- test controls -------------------------------------------------------------------

  /** As a user clicking: sets the selection and fires selectionchange. */
  select(...nodes: FakeSceneNode[]): void {
    this.currentPage.selection = nodes;
  }

  /**
   * Delivers a message from the UI, structured-cloned, the way figma.ui.onmessage receives it:
   * "The props argument contains a origin property contains the origin of the document that
   * sent the message" (plugin-api.d.ts, UIAPI.onmessage): 'null' for Figma's data: URL UI.
   */
  sendFromUi(msg: unknown, origin = 'null'): void {
    if (!this.ui.onmessage) throw new Error('the plugin has not set figma.ui.onmessage');
    this.ui.onmessage(structuredClone(msg), { origin });
  }

  private emit(event: string): void {
    for (const h of this.handlers.get(event) ?? []) h();
  }

  nodeCount(): number {
    return this.nodes.size;
  }

  /** This fake, typed as the API the plugin code takes. */
  get api(): PluginAPI {
    return this as unknown as PluginAPI;
  }
}

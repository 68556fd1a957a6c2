/**
 * WebGPU differentiable rasteriser: the engine's render/backward/optimise core.
 *
 *   const r = GpuRasterizer.create(device, scene, { background: 'white' });  // upload once
 *   r.forward();                       // renders into r.image
 *   r.zeroGrad(); r.backward(dLdImage, 3);   // accumulates into r.pointGrad / r.colorGrad
 *   r.step({ lrPoints: 0.2, lrColors: 0.01 });   // Adam on the GPU
 *   await r.downloadSceneAsync();       // only when asked
 *
 * Buffer layouts (all row-major, little-endian, tightly packed):
 * - image: f32 RGBA per pixel, width*height*4; straight (non-premultiplied) colour of the
 *   composite over the background (white: A = 1 everywhere). Readable by other kernels.
 * - dL/dimage given to backward: f32, width*height*channels, channels 3 (RGB) or 4 (RGBA),
 *   the same pixel order; buffer usage must include STORAGE.
 * - points / pointGrad: f32 (x, y) per control point, scene order (group, sub-path, point).
 * - colors / colorGrad: f32 straight (r, g, b, a) per group. After the G groups' colours,
 *   colors holds the paints (layout in paint.wgsl: 12 words per group, then the gradients'
 *   parameters from paintOffset = 16G, paint.ts's layout) and colorGrad their gradients from
 *   4G; a gradient group ignores its own colour entry.
 * - groupMask (setGroupMask): u32 per group, bit 0 = optimise shape, bit 1 = colour.
 * The device is the caller's (shared with ORT). Encode* methods only record commands
 * (parameters stay on the GPU); the plain methods submit. backward() uses the state of
 * the latest forward(); it adds to the gradients, zeroGrad() clears them.
 * Line counts per cubic follow the current points (allocate-lines.wgsl, every forward) within
 * a line capacity that ensureCapacityAsync grows, like the command lists and row index.
 */
import type { Scene } from '../../scene/scene.ts';
import { createBufferWith, createZeroBuffer, dispatchSize, readBufferAsync, readBuffersAsync, USAGE } from '../gpu/gpu-buffers.ts';
import type { AdamSettings } from '../optim/adam-step.ts';
import { MASK_COLOR, MASK_SHAPE } from '../optim/adam-step.ts';
import type { Background } from './compositing.ts';
import { packScene, pointRefs, unpackScene, type PackedScene } from './packed-scene.ts';
import { PAINT_SOLID, RECORD_GEOMETRY_SCALE, RECORD_INVERSE, RECORD_WORDS } from './paint.ts';
import { flattenLines } from './flatten.ts';
import { initialLineCapacity, LineBuffers } from './line-buffers.ts';
import { binLayout, type BinLayout } from './tile-bin.ts';
import { coarseCountsTwin } from './tile-coarse.ts';
import { groupRowIndexTwin, rowIndexWords } from './tile-row-index.ts';
import { pipeline, type KernelName } from './raster-pipelines.ts';
import { RASTER_KERNELS } from './raster-kernels.ts';
import { createKernelBindGroup, type KernelResources } from '../gpu/kernel-layout.ts';

export interface RasterizerOptions {
  background?: Background;
  /** Initial line capacity, at least the upload's lines (default: twice them + 1024); ensureCapacityAsync grows it. */
  lineCapacity?: number;
  /** Initial words for the areas the forward keeps for the backward (default: twice the upload's); for tests. */
  areaCapacity?: number;
}

export const MAX_CANVAS_SIDE = 2048;

/** What each kernel but backward (bound per dL/dimage buffer) binds, by binding name. */
type KernelBindings = { [K in Exclude<KernelName, 'backward'>]: KernelResources<(typeof RASTER_KERNELS)[K]> };

export class GpuRasterizer {
  readonly width: number;
  readonly height: number;
  readonly groupCount: number;
  readonly pointCount: number;
  readonly background: Background;
  readonly packed: PackedScene;
  /** f32 RGBA straight, width*height*4. */
  readonly image: GPUBuffer;
  readonly points: GPUBuffer;
  readonly colors: GPUBuffer;
  readonly pointGrad: GPUBuffer;
  readonly colorGrad: GPUBuffer;
  /** Gradient paints' parameter count; they are in colors from 16G, their gradients in colorGrad from 4G (f32 index). */
  readonly paintCount: number;
  /** Whether a group is drawn with a gradient: the fine passes are compiled with the paint code only then. */
  private readonly hasGradients: boolean;
  /** Per paint parameter its group and role (paint.ts). */
  private readonly paintRole: GPUBuffer;
  /** The flattened lines (f32 x0, y0, x1, y1 each), dL/dlines and their layout per forward (line-buffers.ts). */
  readonly lineBuffers: LineBuffers;
  private readonly layout: BinLayout;
  private readonly owned: GPUBuffer[] = [];
  private readonly params: GPUBuffer[];
  private readonly groupMask: GPUBuffer;
  private readonly pointRefs: GPUBuffer;
  private readonly adamUniform: GPUBuffer;
  /** Adam's moments (m, v interleaved per parameter): read and restored to continue a run. */
  readonly pointMoments: GPUBuffer;
  readonly colorMoments: GPUBuffer;
  readonly paintMoments: GPUBuffer;
  private readonly binds = new Map<string, GPUBindGroup>();
  private readonly bindSpecs: Pick<KernelBindings, 'adam' | 'paintAdam' | 'paintOrder'>;
  private state!: GPUBuffer;
  private readonly groupsBuf: GPUBuffer;
  private readonly binsBuf: GPUBuffer;
  /** Per-tile command lists (tile-coarse.wgsl); replaced when it must grow. */
  private ptcl!: GPUBuffer;
  /** Per-group lines by tile row (tile-row-index.wgsl); replaced when it must grow. */
  private rowIndex!: GPUBuffer;
  /** (words used, overflow) of the command lists, then of the row index; cleared before each render. */
  private readonly ptclAlloc: GPUBuffer;
  private readonly paramWords: Uint32Array<ArrayBuffer>[] = [];
  private backwardBind = new WeakMap<GPUBuffer, GPUBindGroup[]>();
  /** Adam's step count; set it with restored moments to continue an earlier run's bias correction. */
  stepCount = 0;

  private constructor(
    readonly device: GPUDevice,
    private readonly template: Scene,
    options: RasterizerOptions,
  ) {
    const { width, height } = template;
    if (!(Number.isInteger(width) && Number.isInteger(height) && width >= 1 && height >= 1 && width <= MAX_CANVAS_SIDE && height <= MAX_CANVAS_SIDE)) {
      throw new Error(`canvas ${width}x${height} is outside 1..${MAX_CANVAS_SIDE} pixels per side`);
    }
    this.width = width;
    this.height = height;
    this.background = options.background ?? 'white';
    const ps = packScene(template);
    this.packed = ps;
    this.groupCount = ps.groupCount;
    this.pointCount = ps.pointCount;
    const lineCapacity = initialLineCapacity(ps, options.lineCapacity);
    this.layout = binLayout(width, height);
    const own = (b: GPUBuffer) => (this.owned.push(b), b);
    const L = this.layout;
    const nbins = L.binsX * L.binsY;
    const makeParams = (channels: number) => {
      const dims = [width, height, L.tilesX, L.tilesY, L.binTiles, L.binsX, L.binsY, ps.groupCount];
      const words = new Uint32Array([...dims, lineCapacity, ps.segmentCount, ps.pointCount, this.background === 'white' ? 1 : 0, channels, 0, 0, 0]);
      this.paramWords.push(words);
      return own(createBufferWith(device, words, USAGE.UNIFORM | USAGE.COPY_DST, 'raster-params'));
    };
    this.params = [makeParams(3), makeParams(4)];
    // Command-list capacity: twice what the uploaded geometry needs, plus slack for motion.
    // Words: command lists (used, overflow), row index (used, overflow), kept areas (used, overflow).
    this.ptclAlloc = own(createZeroBuffer(device, 24, undefined, 'tile-commands-alloc'));
    const uploadedLines = flattenLines(ps, ps.points);
    const { sizes, liveRows } = coarseCountsTwin(ps, uploadedLines, L);
    const needed = sizes.reduce((a, b) => a + b, 0);
    this.allocateCommandLists(2 * needed + 64 * L.tilesX * L.tilesY);
    this.allocateRowIndex(2 * rowIndexWords(groupRowIndexTwin(ps, uploadedLines, L)) + 4 * ps.groupCount + 1024);
    const n = width * height;
    this.points = own(createBufferWith(device, new Float32Array(ps.points), undefined, 'points'));
    this.colors = own(createBufferWith(device, colorsAndPaints(ps), undefined, 'colors'));
    this.lineBuffers = new LineBuffers(device, ps, lineCapacity);
    const groups = new ArrayBuffer(Math.max(1, ps.groupCount) * 32);
    const gu = new Uint32Array(groups);
    for (let g = 0; g < ps.groupCount; g++) gu.set([ps.groupLineStart[g]!, ps.groupLineEnd[g]!, ps.groupRule[g]!, 0], g * 8);
    this.groupsBuf = own(createBufferWith(device, gu));
    this.binsBuf = own(createZeroBuffer(device, (nbins + nbins * ps.groupCount) * 4, undefined, 'bins'));
    this.image = own(createZeroBuffer(device, n * 16, undefined, 'image'));
    this.allocateState(options.areaCapacity ?? 2 * 16 * liveRows + 1024);
    this.pointGrad = own(createZeroBuffer(device, ps.pointCount * 8, undefined, 'pointGrad'));
    this.colorGrad = own(createZeroBuffer(device, (ps.groupCount * 4 + ps.paint.params.length) * 4, undefined, 'colorGrad'));
    this.pointRefs = own(createBufferWith(device, pointRefs(ps)));
    const pointGroup = own(createBufferWith(device, ps.pointGroup));
    this.groupMask = own(createBufferWith(device, new Uint32Array(ps.groupCount).fill(MASK_SHAPE | MASK_COLOR)));
    const pointMoments = (this.pointMoments = own(createZeroBuffer(device, ps.pointCount * 16)));
    const colorMoments = (this.colorMoments = own(createZeroBuffer(device, ps.groupCount * 32)));
    this.adamUniform = own(createZeroBuffer(device, 48, USAGE.UNIFORM | USAGE.COPY_DST));
    this.paintCount = ps.paint.params.length;
    this.hasGradients = Array.from({ length: ps.groupCount }, (_, g) => ps.paint.info[g * 4]).some((kind) => kind !== PAINT_SOLID);
    this.paintRole = own(createBufferWith(device, ps.paint.role, undefined, 'paint-role'));
    const paintMoments = (this.paintMoments = own(createZeroBuffer(device, this.paintCount * 8)));
    // Bindings per kernel by name (raster-kernels.ts); those of buffers that grow are in bindGroup.
    const { points, colors, pointGrad, colorGrad, paintRole } = this;
    const paintAdam = { A: this.adamUniform, paint: colors, paintGrad: colorGrad, paintMoments, paintRole, groupMask: this.groupMask };
    this.bindSpecs = {
      adam: { A: this.adamUniform, points, colors, pointGrad, colorGrad, pointMoments, colorMoments, pointGroup, groupMask: this.groupMask },
      paintAdam,
      paintOrder: paintAdam,
    };
  }

  /** Where the paint parameters start in colors (f32 index). */
  get paintOffset(): number {
    return this.groupCount * 16;
  }

  get lineCapacity(): number {
    return this.lineBuffers.capacity;
  }

  private pipe(name: KernelName): GPUComputePipeline {
    return pipeline(this.device, name, this.hasGradients);
  }

  /** Sets a capacity word of the params (8 lines, 13 command lists, 14 row index, 15 kept areas) and drops bind groups. */
  private setCapacity(word: number, capacity: number): void {
    this.params.forEach((buf, i) => {
      const words = this.paramWords[i]!;
      words[word] = capacity;
      this.device.queue.writeBuffer(buf, 0, words);
    });
    this.binds.clear();
    this.backwardBind = new WeakMap();
  }

  private allocateCommandLists(capacity: number): void {
    const tiles = this.layout.tilesX * this.layout.tilesY;
    this.ptcl?.destroy();
    this.ptcl = createZeroBuffer(this.device, (tiles + capacity) * 4, undefined, 'tile-commands');
    this.setCapacity(13, capacity);
  }

  /** The forward's state for the backward (layout in tile-rows.wgsl), with room for `areaCapacity` kept area words. */
  private allocateState(areaCapacity: number): void {
    // Beyond the binding limit rows keep no areas (the backward recomputes them): slower, same result.
    const capacity = Math.max(0, Math.min(areaCapacity, this.maxAreaCapacity));
    this.state?.destroy();
    this.state = createZeroBuffer(this.device, (this.stateFixedWords + capacity) * 4, undefined, 'raster-state');
    this.setCapacity(15, capacity);
  }

  /** The state's words before the kept areas: 6 per pixel, 1 per tile row (tile-rows.wgsl). */
  private get stateFixedWords(): number {
    return 6 * this.width * this.height + 16 * this.layout.tilesX * this.layout.tilesY;
  }

  private get maxAreaCapacity(): number {
    return Math.floor(this.device.limits.maxStorageBufferBindingSize / 4) - this.stateFixedWords;
  }

  /** Words for kept areas (Params.areaCapacity). */
  private get areaCapacity(): number {
    return this.paramWords[0]![15]!;
  }

  private allocateRowIndex(capacity: number): void {
    this.rowIndex?.destroy();
    this.rowIndex = createZeroBuffer(this.device, capacity * 4, undefined, 'tile-row-index');
    this.setCapacity(14, capacity);
  }

  /**
   * Reads back eight words: whether the latest forward ran out of line space (curves grew: it
   * then drew them with the upload's line counts), of command-list space (points moved far
   * enough to need over twice the uploaded amount; the render is then incomplete), of
   * row-index space (the render is complete, the coarse pass slower) or of room for the
   * areas it keeps for the backward (complete; the backward recomputes them). If so, grows
   * the buffer and renders again. Returns true when it had to grow. One readback for all.
   */
  async ensureCapacityAsync(): Promise<boolean> {
    const tiles = this.layout.tilesX * this.layout.tilesY;
    let grew = false;
    for (;;) {
      const reads = [
        { buffer: this.ptclAlloc, byteLength: 24 },
        { buffer: this.lineBuffers.lineAlloc, byteLength: 8 },
      ];
      const [words, lineWords] = (await readBuffersAsync(this.device, reads)).map((b) => new Uint32Array(b)) as [Uint32Array, Uint32Array];
      // Kept areas only save time: grown while the binding limit allows, never a reason to loop.
      const moreAreas = words[5] !== 0 && this.areaCapacity < this.maxAreaCapacity;
      if (words[1] === 0 && words[3] === 0 && lineWords[1] === 0 && !moreAreas) return grew;
      if (lineWords[1] !== 0) {
        this.lineBuffers.resize(this.lineBuffers.grownCapacity(lineWords[0]!));
        this.setCapacity(8, this.lineBuffers.capacity);
      }
      if (words[1] !== 0) this.allocateCommandLists(2 * words[0]! + 64 * tiles);
      if (words[3] !== 0) this.allocateRowIndex(2 * words[2]! + 4 * this.groupCount + 1024);
      if (moreAreas) this.allocateState(2 * words[4]! + 1024);
      this.forward();
      grew = true;
    }
  }

  /** Area words the last forward kept for the backward, whether some rows found no room, and the room; for tests. */
  async readKeptAreasAsync(): Promise<{ used: number; overflow: boolean; capacity: number }> {
    const words = new Uint32Array(await readBufferAsync(this.device, this.ptclAlloc, 24));
    return { used: words[4]!, overflow: words[5] !== 0, capacity: this.areaCapacity };
  }

  /** The row index as the last forward built it (rowBase 0xffffffff: the group overflowed it); for tests. */
  async readRowIndexAsync(): Promise<{ rowBases: Uint32Array; words: Uint32Array }> {
    const groups = new Uint32Array(await readBufferAsync(this.device, this.groupsBuf, this.groupCount * 32));
    const rowBases = Uint32Array.from({ length: this.groupCount }, (_, g) => groups[g * 8 + 3]!);
    const words = new Uint32Array(await readBufferAsync(this.device, this.rowIndex, this.rowIndex.size));
    return { rowBases, words };
  }

  /** The bindings tile-rows.wgsl declares for the fine passes (render-forward, render-backward). */
  private tileRowsBindings(P: GPUBuffer) {
    return { P, lines: this.lineBuffers.lines, groups: this.groupsBuf, colors: this.colors, ptcl: this.ptcl };
  }

  private bindGroup<K extends keyof KernelBindings>(key: K): GPUBindGroup {
    let b = this.binds.get(key);
    if (!b) {
      const P = this.params[0]!;
      const { points, pointGrad } = this;
      const { lines, lineGrad, segPoints, segLines, uploadLines, groupSegs, lineAlloc } = this.lineBuffers;
      const binning = { P, lines, groups: this.groupsBuf, bins: this.binsBuf };
      const specs: KernelBindings = {
        ...this.bindSpecs,
        allocateLines: { P, points, segPoints, uploadLines, segLines, groupSegs, groups: this.groupsBuf, lineAlloc },
        flatten: { P, points, segPoints, segLines, lines },
        boxes: binning,
        bins: binning,
        pointGrads: { P, segLines, pointRefs: this.pointRefs, lineGrad, pointGrad },
        rowIndex: { P, lines, groups: this.groupsBuf, rowIndex: this.rowIndex, alloc: this.ptclAlloc },
        coarse: { P, lines, groups: this.groupsBuf, bins: this.binsBuf, ptcl: this.ptcl, alloc: this.ptclAlloc, rowIndex: this.rowIndex },
        forward: { ...this.tileRowsBindings(P), image: this.image, state: this.state, alloc: this.ptclAlloc },
      };
      b = createKernelBindGroup(this.device, RASTER_KERNELS[key], specs[key], key);
      this.binds.set(key, b);
    }
    return b;
  }

  static create(device: GPUDevice, scene: Scene, options: RasterizerOptions = {}): GpuRasterizer {
    return new GpuRasterizer(device, scene, options);
  }

  /** Records flatten, bin and composite into `encoder`; the result lands in `image`. */
  encodeForward(encoder: GPUCommandEncoder): void {
    this.encodeForwardStages(encoder, 5);
  }

  /**
   * The first `stages` of the forward's 5 steps (line allocation + flatten, boxes + row index,
   * bins, coarse, fine; for profiling). Stage 0 runs the allocation alone, -1 nothing but the clear.
   */
  encodeForwardStages(encoder: GPUCommandEncoder, stages: number): void {
    encoder.clearBuffer(this.ptclAlloc);
    const pass = encoder.beginComputePass({ label: 'raster-forward' });
    const segments = this.packed.segmentCount;
    if (segments > 0 && stages >= 0) {
      pass.setPipeline(this.pipe('allocateLines'));
      pass.setBindGroup(0, this.bindGroup('allocateLines'));
      pass.dispatchWorkgroups(1);
      if (stages >= 1) {
        pass.setPipeline(this.pipe('flatten'));
        pass.setBindGroup(0, this.bindGroup('flatten'));
        pass.dispatchWorkgroups(...dispatchSize(segments));
      }
    }
    if (this.groupCount > 0 && stages >= 2) {
      pass.setPipeline(this.pipe('boxes'));
      pass.setBindGroup(0, this.bindGroup('boxes'));
      pass.dispatchWorkgroups(...dispatchSize(this.groupCount));
      pass.setPipeline(this.pipe('rowIndex'));
      pass.setBindGroup(0, this.bindGroup('rowIndex'));
      pass.dispatchWorkgroups(Math.ceil(this.groupCount / 64));
    }
    const tiles = this.layout.tilesX * this.layout.tilesY;
    const steps: [keyof KernelBindings, number][] = [
      ['bins', Math.ceil((this.layout.binsX * this.layout.binsY) / 64)],
      ['coarse', Math.ceil(tiles / 64)],
    ];
    for (const [name, count] of steps.slice(0, Math.max(0, stages - 2))) {
      pass.setPipeline(this.pipe(name));
      pass.setBindGroup(0, this.bindGroup(name));
      pass.dispatchWorkgroups(count);
    }
    if (stages >= 5) {
      pass.setPipeline(this.pipe('forward'));
      pass.setBindGroup(0, this.bindGroup('forward'));
      pass.dispatchWorkgroups(this.layout.tilesX, this.layout.tilesY);
    }
    pass.end();
  }

  forward(): void {
    const enc = this.device.createCommandEncoder();
    this.encodeForward(enc);
    this.device.queue.submit([enc.finish()]);
  }

  encodeZeroGrad(encoder: GPUCommandEncoder): void {
    encoder.clearBuffer(this.pointGrad);
    encoder.clearBuffer(this.colorGrad);
  }

  zeroGrad(): void {
    const enc = this.device.createCommandEncoder();
    this.encodeZeroGrad(enc);
    this.device.queue.submit([enc.finish()]);
  }

  /** Adds dL/dpoints and dL/dcolors for dL/dimage (`channels` f32 per pixel) at the last forward's state. */
  encodeBackward(encoder: GPUCommandEncoder, gradImage: GPUBuffer, channels: 3 | 4): void {
    let binds = this.backwardBind.get(gradImage);
    if (!binds) {
      binds = this.params.map((P) => {
        const resources = { ...this.tileRowsBindings(P), state: this.state, gradImage, colorGrad: this.colorGrad, lineGrad: this.lineBuffers.lineGrad };
        return createKernelBindGroup(this.device, RASTER_KERNELS.backward, resources, 'backward');
      });
      this.backwardBind.set(gradImage, binds);
    }
    encoder.clearBuffer(this.lineBuffers.lineGrad);
    const pass = encoder.beginComputePass({ label: 'raster-backward' });
    pass.setPipeline(this.pipe('backward'));
    pass.setBindGroup(0, binds[channels === 4 ? 1 : 0]!);
    pass.dispatchWorkgroups(this.layout.tilesX, this.layout.tilesY);
    if (this.pointCount > 0) {
      pass.setPipeline(this.pipe('pointGrads'));
      pass.setBindGroup(0, this.bindGroup('pointGrads'));
      pass.dispatchWorkgroups(...dispatchSize(this.pointCount));
    }
    pass.end();
  }

  backward(gradImage: GPUBuffer, channels: 3 | 4): void {
    const enc = this.device.createCommandEncoder();
    this.encodeBackward(enc, gradImage, channels);
    this.device.queue.submit([enc.finish()]);
  }

  /** Per-group optimisation mask (MASK_SHAPE | MASK_COLOR bits); default all on. */
  setGroupMask(mask: Uint32Array): void {
    if (mask.length !== this.groupCount) throw new Error(`group mask has ${mask.length} entries for ${this.groupCount} groups`);
    this.device.queue.writeBuffer(this.groupMask, 0, new Uint32Array(mask));
  }

  /**
   * One Adam step on the GPU from the accumulated gradients; colours clamped to [0,1]. Gradient
   * paints follow (paint-adam.wgsl): geometry like points, stops like colours. Submits.
   */
  step(settings: AdamSettings): void {
    const b1 = settings.beta1 ?? 0.9;
    const b2 = settings.beta2 ?? 0.999;
    this.stepCount += 1;
    const t = this.stepCount;
    const u = new ArrayBuffer(48);
    new Float32Array(u, 0, 7).set([settings.lrPoints, settings.lrColors, b1, b2, settings.eps ?? 1e-8, 1 - b1 ** t, 1 - b2 ** t]);
    new Uint32Array(u, 28, 4).set([this.pointCount * 2, this.groupCount * 4, this.paintCount, this.groupCount]);
    this.device.queue.writeBuffer(this.adamUniform, 0, u);
    const enc = this.device.createCommandEncoder();
    const pass = enc.beginComputePass({ label: 'adam-step' });
    pass.setPipeline(this.pipe('adam'));
    pass.setBindGroup(0, this.bindGroup('adam'));
    pass.dispatchWorkgroups(...dispatchSize(this.pointCount * 2 + this.groupCount * 4));
    if (this.paintCount > 0) {
      pass.setPipeline(this.pipe('paintAdam'));
      pass.setBindGroup(0, this.bindGroup('paintAdam'));
      pass.dispatchWorkgroups(...dispatchSize(this.paintCount));
      pass.setPipeline(this.pipe('paintOrder'));
      pass.setBindGroup(0, this.bindGroup('paintOrder'));
      pass.dispatchWorkgroups(Math.ceil(this.groupCount / 64));
    }
    pass.end();
    this.device.queue.submit([enc.finish()]);
  }

  /** Points, colours and paint parameters (or their gradients) in one staging copy and one map. */
  private async readParameterSetAsync(
    points: GPUBuffer,
    colors: GPUBuffer,
    paintAt: number,
  ): Promise<{ points: Float32Array; colors: Float32Array; paint: Float32Array }> {
    const parts: { buffer: GPUBuffer; byteLength: number; offset?: number }[] = [
      { buffer: points, byteLength: this.pointCount * 8 },
      { buffer: colors, byteLength: this.groupCount * 16 },
    ];
    // A scene without gradients has no paint words: a copy there would be out of bounds.
    if (this.paintCount > 0) parts.push({ buffer: colors, byteLength: this.paintCount * 4, offset: paintAt * 4 });
    const [p, c, g] = (await readBuffersAsync(this.device, parts)).map((b) => new Float32Array(b));
    return { points: p!, colors: c!, paint: g ?? new Float32Array(0) };
  }

  async readImageAsync(): Promise<Float32Array> {
    return new Float32Array(await readBufferAsync(this.device, this.image, this.width * this.height * 16));
  }

  readParametersAsync(): Promise<{ points: Float32Array; colors: Float32Array; paint: Float32Array }> {
    return this.readParameterSetAsync(this.points, this.colors, this.paintOffset);
  }

  readGradientsAsync(): Promise<{ points: Float32Array; colors: Float32Array; paint: Float32Array }> {
    return this.readParameterSetAsync(this.pointGrad, this.colorGrad, this.groupCount * 4);
  }

  /** The scene with the current (optimised) points, colours and gradient paints. */
  async downloadSceneAsync(): Promise<Scene> {
    const { points, colors, paint } = await this.readParametersAsync();
    return unpackScene(this.template, this.packed, points, colors, paint);
  }

  destroy(): void {
    for (const b of this.owned) b.destroy();
    this.lineBuffers.destroy();
    this.ptcl.destroy();
    this.rowIndex.destroy();
    this.state.destroy();
  }
}

/** The colours buffer: the groups' colours, then their paints (layout in paint.wgsl). */
function colorsAndPaints(ps: PackedScene): Float32Array {
  const G = ps.groupCount;
  const pp = ps.paint;
  // Whole vec4s: the kernels read it as array<vec4f>, and a partial last one is out of bounds.
  const out = new Float32Array(Math.ceil((16 * G + pp.params.length) / 4) * 4);
  out.set(ps.colors);
  for (let g = 0; g < G; g++) {
    // As f32 values, not bits (small integers' bits are denormals, which GPUs may flush).
    const record = 4 * G + g * RECORD_WORDS;
    out.set(pp.info.subarray(g * 4, g * 4 + 4), record);
    out.set(pp.inverse.subarray(g * 6, g * 6 + 6), record + RECORD_INVERSE);
    out[record + RECORD_GEOMETRY_SCALE] = pp.geometryScale[g]!;
  }
  out.set(pp.params, 16 * G);
  return out;
}

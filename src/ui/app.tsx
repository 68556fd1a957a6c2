import { Banner, Container, Divider, IconWarning16, Muted, Stack, Text, VerticalSpace } from '@create-figma-plugin/ui';
import * as Comlink from 'comlink';
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { OFFLINE_MODEL_ID, VIT_B32 } from '../../models/model-registry.ts';
import type { EditOptions, EditProgress } from '../engine/edit/edit-types.ts';
import {
  DEFAULT_SETTINGS,
  uiMessage,
  type EditMode,
  type ImagesMessage,
  type OfflineModelMessage,
  type PaletteColour,
  type PluginSettings,
  type SelectionMessage,
} from '../protocol/protocol.ts';
import { exportSvg } from '../scene/svg-export.ts';
import { type EngineState } from './engine-panel.tsx';
import { ModelStartSequence } from './model-start-sequence.ts';
import { connectEngineAsync, type EngineConnection, type EngineMode } from './engine-host/engine-connection.ts';
import type { EngineStartRequest, ModelCacheInfo, ModelProgressEvent, PreviewState } from '../engine-host/engine-host-api.ts';
import { hosting } from './hosting.ts';
import { downloadText } from './download-text.ts';
import { resolvePalette, type PaletteSource } from './palette-source.ts';
import { listenToSandbox, postToSandbox } from './plugin-channel.ts';
import { RoiList } from './roi-list.tsx';
import { RunProgress } from './run-progress.tsx';
import { RunControls } from './run-controls.tsx';
import { VectoriseButton } from './vectorise-button.tsx';
import { ModeSettings } from './mode-settings.tsx';
import { EngineSection } from './engine-section.tsx';
import { runStatusText, type RunState } from './run-state.ts';
import { buildRunScene, type VectorisedImage } from './run-scene.ts';
import { SelectionSummary } from './selection-summary.tsx';
import { probeWebGpuAsync, type WebGpuStatus } from './webgpu-status.ts';

// The plugin window: selection and prompts, mode, the engine frame (which is also the live
// preview), Run / Cancel / Apply / Export SVG, and the engine's model and WebGPU status.

const PROMPT_SAVE_DELAY_MS = 400;
const DEFAULT_PATCHES = 64;

let requestCounter = 0;

export function App() {
  const [selection, setSelection] = useState<SelectionMessage | null>(null);
  const [settings, setSettings] = useState<PluginSettings>(DEFAULT_SETTINGS);
  const [prompts, setPrompts] = useState<Record<string, string>>({});
  const [errors, setErrors] = useState<string[]>([]);
  const [gpu, setGpu] = useState<WebGpuStatus | null>(null);
  const [engineState, setEngineState] = useState<EngineState>({ phase: 'starting', detail: 'starting the engine frame…' });
  const [modelId, setModelId] = useState<string>(OFFLINE_MODEL_ID);
  const [run, setRun] = useState<RunState>({ phase: 'idle' });
  const [progress, setProgress] = useState<EditProgress | null>(null);
  const [losses, setLosses] = useState<number[]>([]);
  const [preview, setPreview] = useState<PreviewState>({ count: 0, iteration: -1 });
  const [patches, setPatches] = useState(String(DEFAULT_PATCHES));
  const [vectorised, setVectorised] = useState<VectorisedImage[]>([]);
  const [paletteSource, setPaletteSource] = useState<PaletteSource>('selection');
  const [styles, setStyles] = useState<PaletteColour[]>([]);
  const [hexText, setHexText] = useState('');
  const timers = useRef(new Map<string, ReturnType<typeof setTimeout>>());
  const previewHost = useRef<HTMLDivElement>(null);
  const engine = useRef<EngineConnection | null>(null);
  const modelStarts = useRef(new ModelStartSequence());
  const [engineMode, setEngineMode] = useState<EngineMode | null>(null);
  const [modelStore, setModelStore] = useState<ModelCacheInfo | null>(null);
  const offlineModel = useRef<{ resolve: (m: OfflineModelMessage) => void } | null>(null);
  const imagesReply = useRef<{ requestId: string; resolve: (m: ImagesMessage) => void; reject: (e: Error) => void } | null>(null);
  const runRef = useRef<RunState>(run);
  runRef.current = run;

  const report = (e: unknown) => setErrors((list) => [...list.slice(-4), e instanceof Error ? e.message : String(e)]);

  const startModelAsync = async (id: string, localFiles?: EngineStartRequest['localFiles']) => {
    const frame = engine.current;
    if (!frame) return;
    const start = modelStarts.current.begin();
    const detail = id === OFFLINE_MODEL_ID ? 'Loading the shipped tiny model…' : `Loading ${VIT_B32.displayName}…`;
    setEngineState({ phase: 'loading-model', detail, progress: null });
    try {
      let shipped;
      // Hosted: the shipped model's files are served beside the page (and kept in the store).
      const shippedBaseUrl = hosting && id === OFFLINE_MODEL_ID ? new URL(hosting.modelsBase, location.href).href : undefined;
      if (id === OFFLINE_MODEL_ID && !shippedBaseUrl) {
        const m = await new Promise<OfflineModelMessage>((resolve) => {
          offlineModel.current = { resolve };
          postToSandbox(uiMessage({ type: 'request-offline-model' }));
        });
        if (!m.files) throw new Error('this build of the plugin carries no offline model');
        shipped = m.files;
      }
      const status = await frame.api.startAsync(
        { modelId: id, ...(shipped ? { shipped } : {}), ...(shippedBaseUrl ? { shippedBaseUrl } : {}), ...(localFiles ? { localFiles } : {}) },
        Comlink.proxy(modelStarts.current.progressOf(start, (p: ModelProgressEvent) => setEngineState({ phase: 'loading-model', detail, progress: p }))),
      );
      if (!modelStarts.current.settle(start)) return;
      setEngineState({ phase: 'ready', status, clipProvider: null });
      setModelStore(await frame.api.cacheInfoAsync());
    } catch (e) {
      if (modelStarts.current.settle(start)) setEngineState({ phase: 'failed', error: e instanceof Error ? e.message : String(e) });
    }
  };

  useEffect(() => {
    const stop = listenToSandbox(
      (m) => {
        switch (m.type) {
          case 'selection':
            setSelection(m);
            setPrompts({});
            setVectorised([]);
            if (runRef.current.phase !== 'running' && runRef.current.phase !== 'cancelling') setRun({ phase: 'idle' });
            return;
          case 'settings':
            setSettings(m.settings);
            return;
          case 'error':
            setErrors((e) => [...e.slice(-4), m.message]);
            if (m.requestId && runRef.current.phase === 'applying') setRun({ phase: 'idle' });
            if (m.requestId && imagesReply.current?.requestId === m.requestId) {
              imagesReply.current.reject(new Error(m.message));
              imagesReply.current = null;
            }
            return;
          case 'apply-progress':
            setRun((r) => (r.phase === 'applying' && r.requestId === m.requestId ? { ...r, done: m.done, total: m.total } : r));
            return;
          case 'apply-done':
            setRun((r) => (r.phase === 'applying' && r.requestId === m.requestId ? { phase: 'applied', frameName: m.frameName, nodeCount: m.nodeCount } : r));
            return;
          case 'palette':
            setStyles(m.colours);
            return;
          case 'offline-model':
            offlineModel.current?.resolve(m);
            offlineModel.current = null;
            return;
          case 'images':
            if (imagesReply.current?.requestId === m.requestId) imagesReply.current.resolve(m);
            imagesReply.current = null;
            return;
          case 'prompt-saved':
            return;
        }
      },
      (reason) => setErrors((e) => [...e.slice(-4), reason]),
    );
    postToSandbox(uiMessage({ type: 'ui-ready' }));
    // The engine frame doubles as the nested WebGPU probe: a separate throwaway probe frame
    // must not be used here, since removing it makes Chromium drop the WebGPU instance that the
    // engine frame shares with it ("A valid external Instance reference no longer exists").
    const here = probeWebGpuAsync();
    if (previewHost.current) {
      connectEngineAsync(previewHost.current)
        .then(async (frame) => {
          engine.current = frame;
          setEngineMode(frame.mode);
          const probe = await frame.api.probeAsync();
          const h = await here;
          setGpu({ here: h, nested: h.available ? null : probe });
          if (!probe.available) {
            setEngineState({ phase: 'failed', error: `no WebGPU in the engine frame (${probe.reason})` });
            return;
          }
          await startModelAsync(OFFLINE_MODEL_ID);
        })
        .catch(async (e: unknown) => {
          const reason = e instanceof Error ? e.message : String(e);
          setEngineState({ phase: 'failed', error: reason });
          const h = await here;
          setGpu({ here: h, nested: h.available ? null : { available: false, reason } });
        });
    }
    return stop;
  }, []);

  const info = selection?.info ?? null;
  const baseScene = selection?.scene ?? null;
  const runScene = useMemo(
    () => (baseScene && info ? buildRunScene(baseScene, info.frames, prompts, vectorised) : null),
    [baseScene, info, prompts, vectorised],
  );

  // The preview shows what Run would edit whenever no run result is on screen.
  const engineReady = engineState.phase === 'ready';
  const showsResult = run.phase === 'running' || run.phase === 'cancelling' || run.phase === 'done' || run.phase === 'applying' || run.phase === 'applied';
  useEffect(() => {
    if (!engineReady || !runScene || showsResult || !engine.current) return;
    engine.current.api.showSceneAsync(runScene.scene).then(() => setPreview((p) => ({ count: p.count + 1, iteration: -1 })), report);
  }, [engineReady, runScene, showsResult]);

  const palette = useMemo(() => resolvePalette(paletteSource, styles, hexText, runScene?.scene ?? null), [paletteSource, styles, hexText, runScene]);

  const onPromptInput = (nodeId: string, prompt: string) => {
    setPrompts((p) => ({ ...p, [nodeId]: prompt }));
    const t = timers.current;
    clearTimeout(t.get(nodeId));
    t.set(
      nodeId,
      setTimeout(() => postToSandbox(uiMessage({ type: 'set-prompt', nodeId, prompt })), PROMPT_SAVE_DELAY_MS),
    );
  };

  const saveSettings = (next: PluginSettings) => {
    setSettings(next);
    postToSandbox(uiMessage({ type: 'save-settings', settings: next }));
  };
  const onMode = (value: string) => {
    saveSettings({ ...settings, mode: value as EditMode });
    if (value === 'palette' && paletteSource === 'styles') postToSandbox(uiMessage({ type: 'request-palette' }));
  };
  const onPaletteSource = (s: PaletteSource) => {
    setPaletteSource(s);
    if (s === 'styles') postToSandbox(uiMessage({ type: 'request-palette' }));
  };
  const onModel = (id: string) => {
    if (id === modelId || run.phase === 'running') return;
    setModelId(id);
    void startModelAsync(id);
  };

  const iterations = Math.max(1, settings.iterations);
  const patchCount = Math.max(0, Math.floor(Number(patches)) || 0);
  const runBlocker = !engineReady
    ? 'the engine is not ready'
    : !runScene || !info?.sourceId
      ? 'select a frame'
      : runScene.scene.groups.length === 0
        ? info.imageCount > 0
          ? 'vectorise the images first'
          : 'the selection has no shapes'
        : !runScene.prompt
          ? 'type a prompt for the whole picture'
          : settings.mode === 'palette' && palette.colours.length === 0
            ? 'the palette is empty'
            : null;
  const busy = run.phase === 'running' || run.phase === 'cancelling' || run.phase === 'vectorising' || run.phase === 'applying';

  const onRun = async () => {
    if (!engine.current || !runScene || runBlocker) return;
    const options: EditOptions = {
      prompt: runScene.prompt,
      mode: settings.mode,
      iterations,
      patches: patchCount,
      ...(settings.mode === 'palette' ? { palette: palette.colours } : {}),
    };
    setRun({ phase: 'running' });
    setProgress(null);
    setLosses([]);
    try {
      const result = await engine.current.api.runEditAsync(
        runScene.scene,
        options,
        Comlink.proxy((p: EditProgress) => {
          setProgress(p);
          setLosses((l) => [...l, p.loss]);
        }),
        Comlink.proxy((p: PreviewState) => setPreview(p)),
      );
      setEngineState((s) => (s.phase === 'ready' ? { ...s, clipProvider: result.clipProvider } : s));
      // A cancelled run's scene is discarded: Cancel leaves everything as it was.
      setRun(result.cancelled ? { phase: 'cancelled' } : { phase: 'done', result });
      for (const w of result.warnings) report(w);
    } catch (e) {
      setRun({ phase: 'idle' });
      report(e);
    }
  };
  const onCancel = () => {
    if (run.phase !== 'running') return;
    setRun({ phase: 'cancelling' });
    void engine.current?.api.cancelRun();
  };
  const onApply = () => {
    if (run.phase !== 'done' || !info?.sourceId || !runScene) return;
    const requestId = `apply-${++requestCounter}`;
    setRun({ phase: 'applying', requestId, done: 0, total: run.result.scene.groups.length });
    postToSandbox(
      uiMessage({ type: 'apply-scene', requestId, sourceId: info.sourceId, besideIds: info.sourceIds, prompt: runScene.prompt, scene: run.result.scene }),
    );
  };
  const onExport = () => {
    if (run.phase !== 'done') return;
    downloadText(
      `${info?.sourceName ?? 'clipvg'} — ${runScene?.prompt ?? ''}.svg`.replace(/[\\/:*?"<>|]+/g, '_'),
      exportSvg(run.result.scene),
      'image/svg+xml',
    );
  };
  const onClearModels = () => {
    engine.current?.api.clearCacheAsync().then(setModelStore, report);
  };
  const onVectorise = async () => {
    if (!engine.current || !info || info.imageCount === 0) return;
    setRun({ phase: 'vectorising', done: 0, total: info.imageCount });
    try {
      // Images are exported only now, not on every selection change (they are slow to export).
      const requestId = `images-${++requestCounter}`;
      const reply = await new Promise<ImagesMessage>((resolve, reject) => {
        imagesReply.current = { requestId, resolve, reject };
        postToSandbox(uiMessage({ type: 'request-images', requestId }));
      });
      if (reply.sourceId !== info.sourceId) throw new Error('the selection changed while its images were exported; vectorise again');
      const images = reply.images;
      const out: VectorisedImage[] = [];
      for (const img of images) {
        out.push({ source: img, scene: await engine.current.api.vectorizeImageAsync(img.png) });
        setRun({ phase: 'vectorising', done: out.length, total: images.length });
      }
      setVectorised(out);
      setRun({ phase: 'idle' });
    } catch (e) {
      setRun({ phase: 'idle' });
      report(e);
    }
  };

  const status = runStatusText(run, runBlocker);

  return (
    <Container space="medium">
      <VerticalSpace space="medium" />
      <Stack space="small">
        <SelectionSummary info={info} />
        {/* Stack wraps each child by index: the engine frame's host stays at a fixed index, ahead of
            every conditional child, or Preact would rebuild it and drop the frame with the engine. */}
        <div
          ref={previewHost}
          data-testid="preview"
          data-preview-count={preview.count}
          data-preview-iteration={preview.iteration}
          style={{ height: 168, borderRadius: 2, background: 'var(--figma-color-bg-secondary, #f5f5f5)' }}
        />
        {(info?.imageCount ?? 0) > 0 && (
          <VectoriseButton
            count={vectorised.length}
            disabled={busy || !engine.current || engineState.phase === 'failed'}
            onVectorise={() => void onVectorise()}
          />
        )}
        {(run.phase === 'running' || run.phase === 'cancelling' || run.phase === 'done') && (
          <RunProgress progress={progress} losses={losses} iterations={iterations} />
        )}
        <Text>
          <Muted>Prompts</Muted>
        </Text>
        <RoiList frames={info?.frames ?? []} prompts={prompts} onPromptInput={onPromptInput} />
        {runScene && runScene.skippedFrames.length > 0 && (
          <Text>
            <Muted>No prompt, so not a region: {runScene.skippedFrames.join(', ')}</Muted>
          </Text>
        )}
        <ModeSettings
          mode={settings.mode}
          onMode={onMode}
          palette={{ source: paletteSource, onSource: onPaletteSource, hexText, onHexText: setHexText, colours: palette.colours, error: palette.error }}
        />
        <RunControls
          iterations={settings.iterations}
          onIterations={(n) => saveSettings({ ...settings, iterations: n })}
          patches={patches}
          onPatches={setPatches}
          run={run}
          busy={busy}
          runBlocker={runBlocker}
          onRun={() => void onRun()}
          onCancel={onCancel}
          onApply={onApply}
          onExport={onExport}
        />
        {status && (
          <Text data-testid="run-status" data-phase={run.phase}>
            <Muted>{status}</Muted>
          </Text>
        )}
        <Divider />
        <EngineSection
          modelId={modelId}
          onModel={onModel}
          busy={busy}
          engineState={engineState}
          api={engine.current?.api}
          onError={report}
          onLocalFiles={(files) => (setModelId(VIT_B32.id), void startModelAsync(VIT_B32.id, files))}
          engineMode={engineMode}
          modelStore={modelStore}
          onClearModels={onClearModels}
          gpu={gpu}
        />
        {errors.map((e, i) => (
          <Banner key={i} icon={<IconWarning16 />} variant="warning" data-testid="error">
            {e}
          </Banner>
        ))}
      </Stack>
      <VerticalSpace space="medium" />
    </Container>
  );
}

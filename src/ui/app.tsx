import { Banner, Container, Divider, IconWarning16, Muted, Stack, Text, VerticalSpace } from '@create-figma-plugin/ui';
import { useEffect, useMemo, useReducer, useRef, useState } from 'preact/hooks';
import { VIT_B32 } from '../../models/model-registry.ts';
import type { PreviewState } from '../engine-host/engine-host-api.ts';
import { DEFAULT_SETTINGS, uiMessage, type EditMode, type PaletteColour, type PluginSettings } from '../protocol/protocol.ts';
import { exportSvg } from '../scene/svg-export.ts';
import { downloadText } from './download-text.ts';
import { EngineSection } from './engine-section.tsx';
import { ModeSettings } from './mode-settings.tsx';
import { resolvePalette, type PaletteSource } from './palette-source.ts';
import { RoiList } from './roi-list.tsx';
import { runEditAsync, vectoriseImagesAsync } from './run-flow.ts';
import { RunControls } from './run-controls.tsx';
import { RunProgress } from './run-progress.tsx';
import { buildRunScene } from './run-scene.ts';
import { isBusy, resultToApply, runStatusText, showsRunProgress, showsRunResult } from './run-state.ts';
import { runBlockerOf } from './run-blocker.ts';
import { SelectionSummary } from './selection-summary.tsx';
import { useEngine } from './use-engine.ts';
import { useSandbox } from './use-sandbox.ts';
import { VectoriseButton } from './vectorise-button.tsx';
import { INITIAL_WINDOW_STATE, windowReducer } from './window-state.ts';

// The plugin window: selection and prompts, mode, the engine frame (which is also the live
// preview), Run / Cancel / Apply / Export SVG, and the engine's model and WebGPU status. Its
// state is the window reducer (window-state.ts) and the engine's (engine-state.ts); this file
// only wires events to actions and state to components.

const DEFAULT_PATCHES = 64;

let applyCounter = 0;

export function App() {
  const [state, dispatch] = useReducer(windowReducer, INITIAL_WINDOW_STATE);
  const [settings, setSettings] = useState<PluginSettings>(DEFAULT_SETTINGS);
  const [preview, setPreview] = useState<PreviewState>({ count: 0, iteration: -1 });
  const [patches, setPatches] = useState(String(DEFAULT_PATCHES));
  const [paletteSource, setPaletteSource] = useState<PaletteSource>('selection');
  const [styles, setStyles] = useState<PaletteColour[]>([]);
  const [hexText, setHexText] = useState('');
  const previewHost = useRef<HTMLDivElement>(null);

  const report = (e: unknown) => dispatch({ type: 'error', message: e instanceof Error ? e.message : String(e) });
  const sandbox = useSandbox(dispatch, { onSettings: setSettings, onPalette: setStyles });
  const engine = useEngine(previewHost, () => sandbox.requests.offlineModelAsync(), report);
  const api = engine.connection?.api;
  const { run, selection, prompts, vectorised } = state;

  const info = selection?.info ?? null;
  const baseScene = selection?.scene ?? null;
  const runScene = useMemo(
    () => (baseScene && info ? buildRunScene(baseScene, info.frames, prompts, vectorised) : null),
    [baseScene, info, prompts, vectorised],
  );

  // The preview shows what Run would edit whenever no run result is on screen.
  const engineReady = engine.state.engine.phase === 'ready';
  const showsResult = showsRunResult(run);
  useEffect(() => {
    if (!engineReady || !runScene || showsResult || !api) return;
    api.showSceneAsync(runScene.scene).then(() => setPreview((p) => ({ count: p.count + 1, iteration: -1 })), report);
  }, [engineReady, runScene, showsResult, api]);

  const palette = useMemo(() => resolvePalette(paletteSource, styles, hexText, runScene?.scene ?? null), [paletteSource, styles, hexText, runScene]);

  const saveSettings = (next: PluginSettings) => {
    setSettings(next);
    sandbox.post(uiMessage({ type: 'save-settings', settings: next }));
  };
  const onMode = (value: string) => {
    saveSettings({ ...settings, mode: value as EditMode });
    if (value === 'palette' && paletteSource === 'styles') sandbox.post(uiMessage({ type: 'request-palette' }));
  };
  const onPaletteSource = (s: PaletteSource) => {
    setPaletteSource(s);
    if (s === 'styles') sandbox.post(uiMessage({ type: 'request-palette' }));
  };
  const busy = isBusy(run);
  const onModel = (id: string) => {
    if (id === engine.state.modelId || busy) return;
    engine.startModel(id);
  };

  const iterations = Math.max(1, settings.iterations);
  const patchCount = Math.max(0, Math.floor(Number(patches)) || 0);
  const runBlocker = runBlockerOf({ engineReady, runScene, info, mode: settings.mode, paletteSize: palette.colours.length });
  const toApply = resultToApply(run);

  const onRun = async () => {
    if (!api || !runScene || runBlocker || busy) return;
    const options = {
      prompt: runScene.prompt,
      mode: settings.mode,
      iterations,
      patches: patchCount,
      ...(settings.mode === 'palette' ? { palette: palette.colours } : {}),
    };
    const result = await runEditAsync(api, dispatch, runScene.scene, options, setPreview);
    if (result) engine.onClipProvider(result.clipProvider);
  };
  const onCancel = () => {
    if (run.phase !== 'running') return;
    dispatch({ type: 'cancel' });
    void api?.cancelRun();
  };
  const onApply = () => {
    if (!toApply || !info?.sourceId || !runScene) return;
    const requestId = `apply-${++applyCounter}`;
    dispatch({ type: 'apply-start', requestId, total: toApply.scene.groups.length });
    sandbox.post(
      uiMessage({ type: 'apply-scene', requestId, sourceId: info.sourceId, besideIds: info.sourceIds, prompt: runScene.prompt, scene: toApply.scene }),
    );
  };
  const onExport = () => {
    if (!toApply) return;
    downloadText(`${info?.sourceName ?? 'clipvg'} — ${runScene?.prompt ?? ''}.svg`.replace(/[\\/:*?"<>|]+/g, '_'), exportSvg(toApply.scene), 'image/svg+xml');
  };
  const onVectorise = () => {
    if (!api || !info?.sourceId || info.imageCount === 0 || busy) return;
    void vectoriseImagesAsync(api, () => sandbox.requests.imagesAsync(), dispatch, { sourceId: info.sourceId, imageCount: info.imageCount });
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
          <VectoriseButton count={vectorised.length} disabled={busy || !api || engine.state.engine.phase === 'failed'} onVectorise={onVectorise} />
        )}
        {showsRunProgress(run) && <RunProgress progress={state.progress} losses={state.losses} iterations={iterations} />}
        <Text>
          <Muted>Prompts</Muted>
        </Text>
        <RoiList
          frames={info?.frames ?? []}
          prompts={prompts}
          onPromptInput={(nodeId, prompt) => {
            dispatch({ type: 'prompt', nodeId, prompt });
            sandbox.savePromptLater(nodeId, prompt);
          }}
        />
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
          modelId={engine.state.modelId}
          onModel={onModel}
          busy={busy}
          engineState={engine.state.engine}
          api={api}
          onError={report}
          onLocalFiles={(files) => engine.startModel(VIT_B32.id, files)}
          engineMode={engine.mode}
          modelStore={engine.store}
          onClearModels={engine.clearModels}
          gpu={engine.gpu}
        />
        {state.errors.map((e, i) => (
          <Banner key={i} icon={<IconWarning16 />} variant="warning" data-testid="error">
            {e}
          </Banner>
        ))}
      </Stack>
      <VerticalSpace space="medium" />
    </Container>
  );
}

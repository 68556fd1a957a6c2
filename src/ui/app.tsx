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
import { PromptSection } from './prompt-section.tsx';
import { applyAllRequest, applyRequest, type ApplyRequest } from './apply-request.ts';
import { BatchProgress } from './batch-progress.tsx';
import { CandidateStrip } from './candidate-strip.tsx';
import { iconSetItems, initialSetPrompt } from './icon-set.ts';
import { ReferenceImage, type ReferencePicture } from './reference-image.tsx';
import { ResultActions } from './result-actions.tsx';
import { RunExtras } from './run-extras.tsx';
import { continueRunAsync, runEditAsync, runIconSetAsync, runVariationsAsync, vectoriseImagesAsync } from './run-flow.ts';
import { DEFAULT_REFERENCE_WEIGHT, DEFAULT_STRENGTH, editOptionsOf, iterationsAtStrength, variationSeeds } from './run-options.ts';
import { RunControls } from './run-controls.tsx';
import { RunProgress } from './run-progress.tsx';
import { buildRunScene } from './run-scene.ts';
import { isBusy, resultToApply, showsRunProgress, showsRunResult } from './run-state.ts';
import { runBlockerOf } from './run-blocker.ts';
import { SelectionSummary } from './selection-summary.tsx';
import { useCompare } from './use-compare.ts';
import { useEngine } from './use-engine.ts';
import { useSandbox } from './use-sandbox.ts';
import { VectoriseButton } from './vectorise-button.tsx';
import { INITIAL_WINDOW_STATE, windowReducer, windowStatusText } from './window-state.ts';

// The plugin window: selection and prompts (one prompt for an icon set), reference image, mode,
// strength and variations, the engine frame (which is also the live preview, with Compare),
// Run / Cancel / Apply / Export SVG / Continue / Apply all, and the engine's model and WebGPU status. Its
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
  const [strength, setStrength] = useState(DEFAULT_STRENGTH);
  const [variations, setVariations] = useState(1);
  const [reference, setReference] = useState<ReferencePicture | null>(null);
  const [referenceWeight, setReferenceWeight] = useState(DEFAULT_REFERENCE_WEIGHT);
  const [setPrompt, setSetPrompt] = useState<string | null>(null);
  const setCancelled = useRef(false);
  const previewHost = useRef<HTMLDivElement>(null);

  const report = (e: unknown) => dispatch({ type: 'error', message: e instanceof Error ? e.message : String(e) });
  const sandbox = useSandbox(dispatch, { onSettings: setSettings, onPalette: setStyles });
  const engine = useEngine(previewHost, () => sandbox.requests.offlineModelAsync(), report);
  const api = engine.connection?.api;
  const compare = useCompare(api, setPreview, report);
  const { run, selection, prompts, vectorised, batch } = state;
  const iconSet = selection?.iconSet ?? null;
  const setPromptText = setPrompt ?? (iconSet ? initialSetPrompt(iconSet) : '');

  const info = selection?.info ?? null;
  const baseScene = selection?.scene ?? null;
  const runScene = useMemo(
    () => (baseScene && info ? buildRunScene(baseScene, info.frames, prompts, vectorised, info.lockedGroups) : null),
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
  // An icon set's prompt is the one typed for every frame.
  const blockerScene = iconSet && runScene ? { ...runScene, prompt: setPromptText.trim() } : runScene;
  const runBlocker = runBlockerOf({
    engineReady,
    runScene: blockerScene,
    info,
    mode: settings.mode,
    paletteSize: palette.colours.length,
    hasReference: !!reference,
  });
  const toApply = resultToApply(run);
  const controls = {
    mode: settings.mode,
    iterations,
    patches: patchCount,
    strength,
    reference: reference?.bytes ?? null,
    referenceWeight,
    ...(settings.mode === 'palette' ? { palette: palette.colours } : {}),
  };

  const onRun = async () => {
    if (!api || !runScene || !info?.sourceId || runBlocker || busy) return;
    compare.reset();
    if (iconSet) {
      setCancelled.current = false;
      const items = iconSetItems(iconSet, setPromptText, controls);
      const done = await runIconSetAsync(api, dispatch, items, () => setCancelled.current, setPreview);
      if (done > 0) showChosenLater();
      return;
    }
    const options = editOptionsOf({ ...controls, prompt: runScene.prompt, frozenGroups: runScene.frozenGroups });
    if (variations > 1) {
      const out = await runVariationsAsync(api, dispatch, runScene.scene, options, variationSeeds(variations), {
        sourceId: info.sourceId,
        prompt: runScene.prompt,
      });
      if (out?.[0]) {
        engine.onClipProvider(out[0].result.clipProvider);
        showChosenLater();
      }
      return;
    }
    const result = await runEditAsync(api, dispatch, runScene.scene, options, setPreview);
    if (!result) return;
    engine.onClipProvider(result.clipProvider);
    compare.attach(result.checkpoint.source, result.scene);
  };
  // After a batch the canvas holds the last one's render: draw the selected one once the reducer has it.
  const [drawChosen, setDrawChosen] = useState(0);
  const showChosenLater = () => setDrawChosen((n) => n + 1);
  useEffect(() => {
    if (drawChosen > 0 && toApply) compare.show(toApply.checkpoint.source, toApply.scene);
  }, [drawChosen]);
  const onSelectCandidate = (index: number) => {
    const c = batch?.items[index];
    if (!c || busy) return;
    dispatch({ type: 'select-candidate', index });
    compare.show(c.result.checkpoint.source, c.result.scene);
  };
  const onContinue = async () => {
    if (!api || !toApply || busy) return;
    compare.reset();
    const result = await continueRunAsync(api, dispatch, toApply.checkpoint, iterationsAtStrength(iterations, strength), setPreview);
    if (result) compare.attach(result.checkpoint.source, result.scene);
  };
  const onCancel = () => {
    if (run.phase !== 'running') return;
    setCancelled.current = true;
    dispatch({ type: 'cancel' });
    void api?.cancelRun();
  };
  const send = (r: ApplyRequest | null) => {
    if (!r || busy) return;
    dispatch(r.action);
    sandbox.post(r.message);
  };
  const applyAll = () => batch && send(applyAllRequest(batch, `apply-${++applyCounter}`));
  const onApply = () => send(applyRequest(batch, toApply, info, runScene?.prompt ?? '', `apply-${++applyCounter}`));
  const onExport = () => {
    if (!toApply) return;
    downloadText(`${info?.sourceName ?? 'clipvg'} — ${runScene?.prompt ?? ''}.svg`.replace(/[\\/:*?"<>|]+/g, '_'), exportSvg(toApply.scene), 'image/svg+xml');
  };
  const onVectorise = () => {
    if (!api || !info?.sourceId || info.imageCount === 0 || busy) return;
    void vectoriseImagesAsync(api, () => sandbox.requests.imagesAsync(), dispatch, { sourceId: info.sourceId, imageCount: info.imageCount });
  };

  const status = windowStatusText(state, runBlocker);
  const frameNames = iconSet?.map((s) => s.info.sourceName) ?? [];

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
          data-preview-view={compare.view}
          // biome-ignore lint/a11y/noNoninteractiveTabindex: the preview takes focus so that holding Space or Alt there shows the original
          tabIndex={0}
          title="Hold Space or Alt to see the original"
          {...compare.keyHandlers}
          style={{ height: 168, borderRadius: 2, background: 'var(--figma-color-bg-secondary, #f5f5f5)' }}
        />
        {(info?.imageCount ?? 0) > 0 && (
          <VectoriseButton count={vectorised.length} disabled={busy || !api || engine.state.engine.phase === 'failed'} onVectorise={onVectorise} />
        )}
        {showsRunProgress(run) && <RunProgress progress={state.progress} losses={state.losses} iterations={state.progress?.iterations ?? iterations} />}
        {batch && busy && <BatchProgress batch={batch} names={frameNames} />}
        {batch && <CandidateStrip batch={batch} disabled={busy} onSelect={onSelectCandidate} />}
        <div>
          <PromptSection
            iconSetSize={iconSet ? iconSet.length : null}
            setPrompt={setPromptText}
            onSetPrompt={setSetPrompt}
            frames={info?.frames ?? []}
            prompts={prompts}
            onPromptInput={(nodeId, prompt) => {
              dispatch({ type: 'prompt', nodeId, prompt });
              sandbox.savePromptLater(nodeId, prompt);
            }}
            skippedFrames={runScene?.skippedFrames ?? []}
          />
        </div>
        <ModeSettings
          mode={settings.mode}
          onMode={onMode}
          palette={{ source: paletteSource, onSource: onPaletteSource, hexText, onHexText: setHexText, colours: palette.colours, error: palette.error }}
        />
        <ReferenceImage
          reference={reference}
          onReference={setReference}
          weight={referenceWeight}
          onWeight={setReferenceWeight}
          hasPrompt={(iconSet ? setPromptText : (runScene?.prompt ?? '')).trim() !== ''}
          imageCount={info?.imageCount ?? 0}
          selectionImagesAsync={async () => (await sandbox.requests.imagesAsync()).images}
          onError={report}
          disabled={busy}
        />
        <RunExtras
          strength={strength}
          onStrength={setStrength}
          iterationsAtStrength={iterationsAtStrength(iterations, strength)}
          variations={variations}
          onVariations={setVariations}
          variationsAllowed={!iconSet}
          disabled={busy}
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
        <ResultActions
          canContinue={!busy && !!toApply && !!api && batch?.kind !== 'icon-set'}
          onContinue={() => void onContinue()}
          applyAll={batch?.kind === 'variations' && batch.items.length > 1 && !busy && toApply ? { count: batch.items.length, onApplyAll: applyAll } : null}
          canCompare={!busy && !!toApply}
          view={compare.view}
          onHold={compare.hold}
          onSideBySide={compare.setSideBySide}
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

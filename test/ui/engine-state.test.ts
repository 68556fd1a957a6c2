import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { EngineStatusInfo, ModelProgressEvent } from '../../src/engine-host/engine-host-api.ts';
import { type EngineAction, engineReducer, initialEngineModelState } from '../../src/ui/engine-state.ts';

const status = (modelId: string) => ({ modelId, modelName: modelId }) as EngineStatusInfo;
const progress = (received: number): ModelProgressEvent => ({ file: 'vision_model.onnx', received, total: 100, fromCache: false }) as ModelProgressEvent;
const run = (actions: EngineAction[]) => actions.reduce(engineReducer, initialEngineModelState('shapes-clip'));

test('a model start goes starting -> loading-model (with download progress) -> ready', () => {
  let s = run([{ type: 'model-start', start: 1, modelId: 'shapes-clip', detail: 'Loading the shipped tiny model…' }]);
  assert.deepEqual(s.engine, { phase: 'loading-model', detail: 'Loading the shipped tiny model…', progress: null });
  s = engineReducer(s, { type: 'model-progress', start: 1, detail: 'Loading shapes-clip…', progress: progress(40) });
  assert.equal(s.engine.phase === 'loading-model' && s.engine.progress?.received, 40);
  s = engineReducer(s, { type: 'model-ready', start: 1, status: status('shapes-clip') });
  assert.deepEqual(s.engine, { phase: 'ready', status: status('shapes-clip'), clipProvider: null });
  s = engineReducer(s, { type: 'clip-provider', provider: 'webgpu' });
  assert.equal(s.engine.phase === 'ready' && s.engine.clipProvider, 'webgpu');
});

test("a newer start supersedes an older one: the old download's late progress, success or failure changes nothing", () => {
  // The failed-ViT-then-back-to-tiny sequence: ViT (start 2) is still reporting when tiny (start 3) begins.
  const tinyLoading = run([
    { type: 'model-start', start: 1, modelId: 'shapes-clip', detail: 'tiny' },
    { type: 'model-ready', start: 1, status: status('shapes-clip') },
    { type: 'model-start', start: 2, modelId: 'vit', detail: 'vit' },
    { type: 'model-start', start: 3, modelId: 'shapes-clip', detail: 'tiny again' },
  ]);
  assert.equal(tinyLoading.modelId, 'shapes-clip');
  for (const late of [
    { type: 'model-progress', start: 2, detail: 'vit', progress: progress(10) },
    { type: 'model-failed', start: 2, error: 'hash mismatch' },
    { type: 'model-ready', start: 2, status: status('vit') },
  ] satisfies EngineAction[]) {
    assert.equal(engineReducer(tinyLoading, late), tinyLoading, late.type);
  }
  assert.equal(engineReducer(tinyLoading, { type: 'model-start', start: 2, modelId: 'vit', detail: 'stale' }), tinyLoading, 'numbers only grow');
  const ready = engineReducer(tinyLoading, { type: 'model-ready', start: 3, status: status('shapes-clip') });
  assert.equal(ready.engine.phase, 'ready');
});

test('a start\'s own progress that lands after its result does not send a loaded model back to "loading"', () => {
  const ready = run([
    { type: 'model-start', start: 1, modelId: 'shapes-clip', detail: 'tiny' },
    { type: 'model-ready', start: 1, status: status('shapes-clip') },
  ]);
  assert.equal(engineReducer(ready, { type: 'model-progress', start: 1, detail: 'late', progress: progress(100) }), ready);
  const failed = run([
    { type: 'model-start', start: 1, modelId: 'vit', detail: 'vit' },
    { type: 'model-failed', start: 1, error: 'cannot reach huggingface.co' },
  ]);
  assert.deepEqual(failed.engine, { phase: 'failed', error: 'cannot reach huggingface.co' });
  assert.equal(engineReducer(failed, { type: 'model-progress', start: 1, detail: 'late', progress: progress(5) }), failed);
  assert.equal(engineReducer(failed, { type: 'clip-provider', provider: 'wasm' }), failed, 'no provider on a failed engine');
});

test('an engine that cannot start is failed with its reason, whatever model was chosen', () => {
  const s = run([{ type: 'unavailable', error: 'no WebGPU in the engine frame (no adapter)' }]);
  assert.deepEqual(s.engine, { phase: 'failed', error: 'no WebGPU in the engine frame (no adapter)' });
  assert.equal(s.modelId, 'shapes-clip');
});

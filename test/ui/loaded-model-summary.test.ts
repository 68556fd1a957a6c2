import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describeLoadedModel } from '../../src/ui/loaded-model-summary.ts';
import type { EngineStatusInfo } from '../../src/engine-host/engine-host-api.ts';

const base: EngineStatusInfo = {
  modelId: 'clip-vit-base-patch32',
  modelName: 'CLIP ViT-B/32',
  offlineModel: false,
  cacheKind: 'memory',
  fromCache: false,
  templateCount: 79,
  clipProvider: 'wasm',
  notices: [],
  startMs: 1,
};

test('the loaded model line names the model, variant, stored size and where each file came from', () => {
  const d = describeLoadedModel({
    ...base,
    variant: 'fp16-vision-int8-text',
    files: [
      {
        role: 'vision',
        source: 'https://huggingface.co/Xenova/clip-vit-base-patch32/resolve/abc/onnx/vision_model_fp16.onnx',
        bytes: 176_080_659,
        from: 'network',
        stored: 'fp16',
      },
      { role: 'text', source: 'text_model_quantized.onnx', bytes: 64_504_507, from: 'disk', stored: 'int8' },
      { role: 'tokenizer', source: 'https://huggingface.co/x/resolve/abc/tokenizer.json', bytes: 2_224_119, from: 'cache' },
    ],
  });
  assert.equal(d.bytes, 242_809_285);
  assert.equal(
    d.text,
    'Loaded: CLIP ViT-B/32 (fp16-vision-int8-text) · 242.8 MB · vision fp16 downloaded (huggingface.co … vision_model_fp16.onnx); text int8 loaded from disk (text_model_quantized.onnx); tokenizer from the cache',
  );
  assert.equal(d.canSaveCopy, true);
});

test('"Save a copy" is offered only when something was downloaded', () => {
  const d = describeLoadedModel({
    ...base,
    files: [
      { role: 'vision', source: 'a.onnx', bytes: 10, from: 'cache' },
      { role: 'text', source: 'b.onnx', bytes: 5, from: 'disk' },
    ],
  });
  assert.equal(d.canSaveCopy, false);
  assert.equal(d.text, 'Loaded: CLIP ViT-B/32 · 0.0 MB · vision from the cache; text loaded from disk (b.onnx)');
});

import type { ModelEntry, RegistryFile } from '../src/engine/models/model-entry.ts';

// Supported CLIP exports. Remote files are pinned to a commit of the Hugging Face repo, to
// their exact size and to their SHA-256; a file that cannot be pinned is not listed (the
// loader would refuse it anyway). Nothing was downloaded here: every value below comes from
// the sources named in its `provenance`.

const XENOVA_B32 = 'Xenova/clip-vit-base-patch32';
/**
 * The revision the download manifests cited below pin (they list every file with its size and
 * SHA-256 at this commit). The onnx files are those of commits 6ef1ebc ("Upload 4 files":
 * fp32 and quantized) and 0b95b21 ("Upload fp16 ONNX weights"), unchanged since.
 */
const XENOVA_B32_REV = 'd15189d7028b43f1d3e65039190477f6af591c2a';
const hf = (path: string) => `https://huggingface.co/${XENOVA_B32}/resolve/${XENOVA_B32_REV}/${path}`;
const HUB = 'https://huggingface.co/Xenova/clip-vit-base-patch32';
/**
 * Exact sizes (the hub's pages round them: "176 MB", "64.5 MB") and the hashes the hub pages
 * did not show come from download manifests in public code that pin this revision and check
 * the downloaded bytes (found with the search index of public GitHub code, which does not name
 * the repositories; at least two independent ones agree on each value, and they agree with
 * every value the hub's own pages show).
 */
const MANIFESTS = `download manifests pinning ${XENOVA_B32}@${XENOVA_B32_REV.slice(0, 7)} (public code, >= 2 independent, agreeing with the hub pages)`;

/**
 * SHA-256 of the 48,894 BPE merges of OpenAI CLIP (bpe_simple_vocab_16e6.txt lines 2..48895,
 * joined with '\n'), computed here from models/clip-text/clip-bpe; the HF tokenizer.json holds the
 * same merges (vocab 49,408 = 2 x 256 + 48,894 + 2).
 */
const CLIP_MERGES_SHA256 = 'f61f2adf497e6f5357c347aeb4646fabe82f341e946de5bdec5d2858e41bef4a';

const b32Files = {
  visionFp32: {
    url: hf('onnx/vision_model.onnx'),
    sha256: 'fd6e1402a588279d1723c7534d4bcba5bc0b14b47dfab0e46f8c47b8270d7d40',
    bytes: 351_685_709,
    stored: 'fp32',
    provenance: `SHA-256: LFS details on ${HUB}/blob/4c1807b705b1d015fb032789cc4d221b23025a6f/onnx/vision_model.onnx; size: ${MANIFESTS}`,
  },
  visionFp16: {
    url: hf('onnx/vision_model_fp16.onnx'),
    sha256: '35c4e0fb0aeee527dcde1693520b214a34424a786babd530f35366bad5844efd',
    bytes: 176_080_659,
    stored: 'fp16',
    provenance: `LFS pointer (oid sha256, size) in ${HUB}/commit/0b95b21b04a877260b196dfc3ebdb79c3c8be8ca; same values in ${MANIFESTS}`,
  },
  visionInt8: {
    url: hf('onnx/vision_model_quantized.onnx'),
    sha256: '583fd1110a514667812fee7d684952aaf82a99b959760c8d7dca7e0ab9839299',
    bytes: 89_117_001,
    stored: 'int8',
    provenance: `${MANIFESTS} (one pins the upload commit 6ef1ebc8b0766a7a8d11b146462c99cdf74dd22d with the same hash); the hub lists it as 89.1 MB in ${HUB}/tree/4c1807b705b1d015fb032789cc4d221b23025a6f/onnx`,
  },
  textFp16: {
    url: hf('onnx/text_model_fp16.onnx'),
    sha256: 'df587ffbf248bf20d44fa6e16adc5ebc27ead691860e5333dbdaab5fd6bf3f6e',
    bytes: 127_339_794,
    stored: 'fp16',
    provenance: `SHA-256: LFS details on ${HUB}/blob/0b95b21b04a877260b196dfc3ebdb79c3c8be8ca/onnx/text_model_fp16.onnx; size: ${MANIFESTS}`,
  },
  textInt8: {
    url: hf('onnx/text_model_quantized.onnx'),
    sha256: '73baab855d406190da9faa498cfedf65f15cf309f4cc7385b7b032e6d08e5c3a',
    bytes: 64_504_507,
    stored: 'int8',
    provenance: `SHA-256: LFS details on ${HUB}/blob/b8b103f67eef16b29539311ff78dde6c4a754370/onnx/text_model_quantized.onnx; size: ${MANIFESTS}`,
  },
  // text_model.onnx (fp32, 254 MB): no source here gives its SHA-256, so no variant uses it.
  tokenizer: {
    url: hf('tokenizer.json'),
    sha256: 'f7f3b7af117d467b58374797691a6438d3e6b9e9cef800dfd5dced7f697a90cd',
    bytes: 2_224_119,
    clipMergesSha256: CLIP_MERGES_SHA256,
    provenance: `not an LFS file, so the hub shows no hash: SHA-256 and size from ${MANIFESTS}; its BPE merges are also checked against CLIP's own (clipMergesSha256) and the tokenizer is rebuilt in CLIP layout from them`,
  },
} as const satisfies Record<string, RegistryFile>;

export const VIT_B32: ModelEntry = {
  id: 'clip-vit-base-patch32',
  displayName: 'CLIP ViT-B/32 (OpenAI, ONNX export by Xenova)',
  source: 'remote',
  embedDim: 512,
  imageSize: 224,
  contextLength: 77,
  // Every variant is converted to float32 on load (src/engine/models/convert-to-fp32.ts), so
  // the choice is download size against accuracy. Measured on files built like these
  // (models/README.md, "Reduced files"): float16 weights keep embeddings and gradients within
  // 1e-3 of float32; int8 weights cost more on the gradient, so the vision tower (whose
  // gradient drives the edit) is float16 and the text tower (embeddings only) int8.
  defaultVariant: 'fp16-vision-int8-text',
  variants: {
    'fp16-vision-int8-text': { vision: b32Files.visionFp16, text: b32Files.textInt8, tokenizer: b32Files.tokenizer },
    fp16: { vision: b32Files.visionFp16, text: b32Files.textFp16, tokenizer: b32Files.tokenizer },
    int8: { vision: b32Files.visionInt8, text: b32Files.textInt8, tokenizer: b32Files.tokenizer },
    'fp32-vision-fp16-text': { vision: b32Files.visionFp32, text: b32Files.textFp16, tokenizer: b32Files.tokenizer },
  },
};

/** The tiny CLIP trained on procedural icon scenes (models/shapes-clip), shipped for offline use. */
export const SHAPES_CLIP: ModelEntry = {
  id: 'shapes-clip',
  displayName: 'Tiny icons CLIP (offline; colours, simple shapes and letters only)',
  source: 'local',
  embedDim: 64,
  imageSize: 224,
  contextLength: 77,
  defaultVariant: 'fp32',
  variants: {
    fp32: {
      vision: {
        url: 'shapes-clip/vision_model.onnx',
        sha256: '2b8f543ff3ef6bfd1303c5564fca302bfcb0ee0ffd5f836043c106e0c73c4267',
        bytes: 1241875,
        provenance: 'models/scripts/train_shapes_clip.py',
      },
      text: {
        url: 'shapes-clip/text_model.onnx',
        sha256: '6a000c639c5d31e000d2dc6cd65f8e0913ce2776556bc5ca5d6bed6b15e93b8a',
        bytes: 656539,
        provenance: 'models/scripts/train_shapes_clip.py',
      },
      tokenizer: {
        url: 'shapes-clip/tokenizer.json',
        sha256: '9fb97a9d461a1de1594f3bdeb552cbe044fc816cf401438a4b9637ecbff78a2e',
        bytes: 12387,
        provenance: 'models/scripts/train_shapes_clip.py',
      },
    },
  },
};

export const MODEL_REGISTRY: readonly ModelEntry[] = [VIT_B32, SHAPES_CLIP];
export const DEFAULT_MODEL_ID = VIT_B32.id;
export const OFFLINE_MODEL_ID = SHAPES_CLIP.id;

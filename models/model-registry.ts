import type { ModelEntry } from '../src/engine/models/model-entry.ts';

// Supported CLIP exports. Remote files are pinned to a commit of the Hugging Face repo and to
// a SHA-256; a file whose SHA-256 is unknown (null) is refused by the loader rather than
// trusted. Values were read from the hub's Git LFS pointers ("oid sha256:", "size") as shown
// on its blob and commit pages; none was downloaded here. Where the page gave only a rounded
// size ("352 MB"), bytes is null and approxBytes holds the rounded value.

const XENOVA_B32 = 'Xenova/clip-vit-base-patch32';
/** Commit "Upload fp16 ONNX weights" (2024-03-16), the last commit touching onnx/. */
const XENOVA_B32_REV = '0b95b21b04a877260b196dfc3ebdb79c3c8be8ca';
const hf = (path: string) => `https://huggingface.co/${XENOVA_B32}/resolve/${XENOVA_B32_REV}/${path}`;

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
    bytes: null,
    approxBytes: 352_000_000,
    provenance: 'huggingface.co/Xenova/clip-vit-base-patch32/blob/4c1807b…/onnx/vision_model.onnx (LFS details; unchanged since commit 6ef1ebc); exact size not shown',
  },
  textFp32: {
    url: hf('onnx/text_model.onnx'),
    sha256: null,
    bytes: null,
    approxBytes: 254_000_000,
    provenance: 'SHA-256 not found in the sources available here: unpinned, refused',
  },
  visionFp16: {
    url: hf('onnx/vision_model_fp16.onnx'),
    sha256: '35c4e0fb0aeee527dcde1693520b214a34424a786babd530f35366bad5844efd',
    bytes: 176_080_659,
    provenance: 'LFS pointer in huggingface.co/Xenova/clip-vit-base-patch32/commit/0b95b21b04a877260b196dfc3ebdb79c3c8be8ca',
  },
  textFp16: {
    url: hf('onnx/text_model_fp16.onnx'),
    sha256: 'df587ffbf248bf20d44fa6e16adc5ebc27ead691860e5333dbdaab5fd6bf3f6e',
    bytes: null,
    approxBytes: 127_000_000,
    provenance: 'huggingface.co/Xenova/clip-vit-base-patch32/blob/0b95b21…/onnx/text_model_fp16.onnx (LFS details, commit b8b103f); exact size not shown',
  },
  tokenizer: {
    url: hf('tokenizer.json'),
    sha256: null,
    bytes: null,
    approxBytes: 2_220_000,
    clipMergesSha256: CLIP_MERGES_SHA256,
    provenance: 'not an LFS file, so the hub shows no hash; pinned by its merges (clipMergesSha256) and rebuilt in CLIP layout',
  },
} as const;

export const VIT_B32: ModelEntry = {
  id: 'clip-vit-base-patch32',
  displayName: 'CLIP ViT-B/32 (OpenAI, ONNX export by Xenova)',
  source: 'remote',
  embedDim: 512,
  imageSize: 224,
  contextLength: 77,
  // The text tower runs once per prompt, so fp16 costs nothing that matters there, while the
  // vision tower stays fp32 for the gradients. (The fp32 text file is also the unpinned one.)
  defaultVariant: 'fp32-vision-fp16-text',
  variants: {
    'fp32-vision-fp16-text': { vision: b32Files.visionFp32, text: b32Files.textFp16, tokenizer: b32Files.tokenizer },
    fp32: { vision: b32Files.visionFp32, text: b32Files.textFp32, tokenizer: b32Files.tokenizer },
    fp16: { vision: b32Files.visionFp16, text: b32Files.textFp16, tokenizer: b32Files.tokenizer },
  },
};

/** The tiny CLIP trained on synthetic shape scenes (models/shapes-clip), shipped for offline use. */
export const SHAPES_CLIP: ModelEntry = {
  id: 'shapes-clip',
  displayName: 'Tiny shapes CLIP (offline; colours and shapes only)',
  source: 'local',
  embedDim: 64,
  imageSize: 224,
  contextLength: 77,
  defaultVariant: 'fp32',
  variants: {
    fp32: {
      vision: { url: 'shapes-clip/vision_model.onnx', sha256: '0a6e77a0dc4b65f12291aa9d56dae62643df5d5868bb3fda1a513f7ca1f9e9d7', bytes: 1241875, provenance: 'models/scripts/train_shapes_clip.py' },
      text: { url: 'shapes-clip/text_model.onnx', sha256: '7459b95337a4c9c98fed83bb7d24c7d94b347fe4d385ba336e5ab454c27987dc', bytes: 651419, provenance: 'models/scripts/train_shapes_clip.py' },
      tokenizer: { url: 'shapes-clip/tokenizer.json', sha256: 'c604e8dd14ca6ab277b945047d9f7a97ec6e997244cd4995d4fd79698bc28195', bytes: 11855, provenance: 'models/scripts/train_shapes_clip.py' },
    },
  },
};

export const MODEL_REGISTRY: readonly ModelEntry[] = [VIT_B32, SHAPES_CLIP];
export const DEFAULT_MODEL_ID = VIT_B32.id;
export const OFFLINE_MODEL_ID = SHAPES_CLIP.id;

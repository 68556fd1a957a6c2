// Shapes of the model registry (data in models/model-registry.ts).

export interface RegistryFile {
  /** Absolute URL pinned to a commit, or for local entries a path relative to the host's model base URL. */
  url: string;
  /** Lower-case hex SHA-256 of the file's bytes; null when unknown (then the file is refused). */
  sha256: string | null;
  /** Exact size in bytes; null when only an approximate size is known (then Content-Length is held to). */
  bytes: number | null;
  /** For progress bars when bytes is null. */
  approxBytes?: number;
  /**
   * tokenizer.json files only: SHA-256 of its BPE merges joined with '\n'. A file pinned this way is
   * verified by its merges, and the tokenizer is rebuilt from them in CLIP's layout, so nothing
   * else in the file is used.
   */
  clipMergesSha256?: string;
  /** How the weights are stored; every variant is converted to float32 on load. */
  stored?: 'fp32' | 'fp16' | 'int8';
  /** Where the values come from. */
  provenance: string;
}

export interface RegistryVariant {
  vision: RegistryFile;
  text: RegistryFile;
  tokenizer: RegistryFile;
}

/** Variant names: the stored precision of the vision and text files (all run in float32). */
export type WeightPrecision = 'fp32' | 'fp16' | 'int8' | 'fp16-vision-int8-text' | 'fp32-vision-fp16-text';

export interface ModelEntry {
  id: string;
  displayName: string;
  /** 'remote': downloaded from the allowlisted hosts; 'local': shipped with the product. */
  source: 'remote' | 'local';
  embedDim: number;
  imageSize: number;
  contextLength: number;
  defaultVariant: WeightPrecision;
  variants: Partial<Record<WeightPrecision, RegistryVariant>>;
  notes?: string;
}

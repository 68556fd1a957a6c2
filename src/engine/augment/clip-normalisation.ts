// CLIP's image normalisation (OpenAI CLIP preprocessing), per RGB channel.
// clip-normalisation.wgsl holds the same numbers (augment-forward.wgsl and augment-backward.wgsl import it); test/augment checks the GPU output against them.
export const CLIP_MEAN = [0.48145466, 0.4578275, 0.40821073] as const;
export const CLIP_STD = [0.26862954, 0.26130258, 0.27577711] as const;

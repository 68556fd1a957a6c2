// CLIP's image normalisation (OpenAI CLIP preprocessing), per RGB channel. Twin:
// clip-normalisation.ts.

const CLIP_MEAN = vec3f(0.48145466, 0.4578275, 0.40821073);
const CLIP_STD = vec3f(0.26862954, 0.26130258, 0.27577711);

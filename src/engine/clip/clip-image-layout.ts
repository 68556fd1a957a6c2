// CLIP's image input: float32 [batch, 3, 224, 224], CLIP-normalised, row-major.
export const CLIP_IMAGE_SIZE = 224;
export const CLIP_IMAGE_FLOATS = 3 * CLIP_IMAGE_SIZE * CLIP_IMAGE_SIZE;
export const CLIP_IMAGE_BYTES = CLIP_IMAGE_FLOATS * 4;

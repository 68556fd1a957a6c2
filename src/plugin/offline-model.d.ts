// Virtual module made by esbuild.config.mjs at build time from models/shapes-clip (base64).
declare module 'clipvg:offline-model' {
  export const OFFLINE_MODEL: { id: string; files: { vision: string; text: string; tokenizer: string } | null };
}
// Virtual module made by esbuild.config.mjs from CLIPVG_UI_URL (null in the data: build).
declare module 'clipvg:ui-url' {
  /** The hosted UI page code.js opens. */
  export const UI_URL: string | null;
  /** Its origin, worked out at build time (the sandbox has no URL class to rely on). */
  export const UI_ORIGIN: string | null;
}

// Virtual module made by esbuild.config.mjs at build time from models/shapes-clip (base64).
declare module 'clipvg:offline-model' {
  export const OFFLINE_MODEL: { id: string; files: { vision: string; text: string; tokenizer: string } | null };
}

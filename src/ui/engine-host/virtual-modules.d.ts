// Virtual modules made by esbuild.config.mjs at build time.
declare module 'clipvg:engine-frame-js' {
  /** The engine frame's ES module (src/ui/engine-host/engine-frame-entry.ts, bundled). */
  export const ENGINE_FRAME_JS: string;
}
declare module 'clipvg:prompt-templates' {
  /** CLIP's ImageNet prompt templates, or null when the build could not see them. */
  export const PROMPT_TEMPLATES: string[] | null;
}

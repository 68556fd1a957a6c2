// Virtual modules made by esbuild.config.mjs at build time.
declare module 'clipvg:engine-frame-js' {
  /** The engine frame's ES module (src/ui/engine-host/engine-frame-entry.ts, bundled). */
  export const ENGINE_FRAME_JS: string;
}
declare module 'clipvg:prompt-templates' {
  /** CLIP's 79 ImageNet prompt templates (models/clip-text); the build fails without them. */
  export const PROMPT_TEMPLATES: string[];
}
declare module 'clipvg:ui-hosting' {
  /**
   * null in the data: mode ui.html; in the web build (dist/web), where the hosted UI's files
   * are (relative to its page) and whom it talks to.
   */
  export const HOSTING: import('../hosting.ts').Hosting | null;
}

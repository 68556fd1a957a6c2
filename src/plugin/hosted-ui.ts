// A hosted build's window: Figma's documented way to give a plugin UI a real origin is to
// show a document that navigates itself to the plugin's own page
// (figma.showUI(`<script>window.location.href = "https://..."</script>`)). That page then
// posts with pluginId and Figma's origin; the sandbox answers to its origin only.

export function hostedUiHtml(url: string): string {
  return `<script>window.location.href = ${JSON.stringify(url).replace(/</g, '\\u003c')};</script>`;
}

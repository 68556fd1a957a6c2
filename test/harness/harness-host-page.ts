// The page that plays Figma's host window around the plugin UI: it loads ui.html into an
// iframe the way Figma does (a data: URL, origin null) or, as a second variant, as a sandboxed
// srcdoc iframe (also origin null, but a secure context), and relays protocol messages with
// Figma's { pluginMessage } envelope between the iframe and the sandbox (which runs in Node,
// reached through window.__toSandbox). Uint8Arrays travel base64-tagged across that bridge.

export type HarnessVariant = 'data' | 'srcdoc';

export function harnessHostPageHtml(): string {
  return `<!doctype html>
<html><head><meta charset="utf-8"><title>Figma plugin harness</title>
<style>
  body { margin: 0; background: #e5e5e5; font: 11px Inter, Helvetica, Arial, sans-serif; }
  .window { margin: 16px; width: 360px; border-radius: 6px; overflow: hidden; background: #fff;
    box-shadow: 0 2px 14px rgba(0,0,0,.15), 0 0 0 .5px rgba(0,0,0,.2); }
  .titlebar { height: 40px; display: flex; align-items: center; justify-content: space-between; padding: 0 12px 0 16px;
    border-bottom: 1px solid #e6e6e6; font-weight: 600; font-size: 11px; color: #333; }
  .titlebar .close { color: #888; font-size: 14px; }
  iframe { display: block; border: 0; width: 360px; height: 680px; }
</style></head>
<body>
<div class="window"><div class="titlebar"><span>CLIPVG</span><span class="close">✕</span></div><iframe id="plugin-ui"></iframe></div>
<script>
  const variant = new URLSearchParams(location.search).get('variant');
  const iframe = document.getElementById('plugin-ui');
  const toBase64 = (bytes) => { let s = ''; for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000)); return btoa(s); };
  const fromBase64 = (b64) => Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
  const pack = (v) => v instanceof Uint8Array ? { __bytes: toBase64(v) } : Array.isArray(v) ? v.map(pack)
    : v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, pack(x)])) : v;
  const unpack = (v) => v && typeof v === 'object' && typeof v.__bytes === 'string' ? fromBase64(v.__bytes) : Array.isArray(v) ? v.map(unpack)
    : v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, unpack(x)])) : v;
  window.__toUi = (packed) => iframe.contentWindow.postMessage({ pluginMessage: unpack(packed) }, '*');
  window.__postRawToUi = (data) => iframe.contentWindow.postMessage(data, '*');
  window.addEventListener('message', (e) => {
    if (e.source !== iframe.contentWindow || !e.data || typeof e.data !== 'object' || !('pluginMessage' in e.data)) return;
    window.__toSandbox(pack(e.data.pluginMessage));
  });
  fetch('ui.html').then((r) => r.text()).then((html) => {
    if (variant === 'srcdoc') {
      iframe.setAttribute('sandbox', 'allow-scripts');
      iframe.srcdoc = html;
    } else {
      iframe.src = 'data:text/html;charset=utf-8;base64,' + toBase64(new TextEncoder().encode(html));
    }
  });
</script>
</body></html>`;
}

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { launchChromiumAsync } from '../../src/cli/chromium.ts';
import { bundleForBrowserAsync, startLocalPageServerAsync } from '../../src/cli/local-page-server.ts';

// Which storage the model cache gets in Chromium: a normal http page versus the two kinds of
// opaque-origin frame a Figma plugin UI can be (a data: iframe; a sandboxed srcdoc iframe).

interface Probe {
  origin: string;
  isSecureContext: boolean;
  kind: string;
  refused: string[];
  notice: string | null;
  roundTrip: boolean;
  opfs: string;
  indexedDbRoundTrip: boolean | string;
  error?: string;
}

test('model cache: Cache API on an http origin, in-memory with a notice in null-origin frames', { timeout: 120_000 }, async () => {
  const code = await bundleForBrowserAsync(fileURLToPath(new URL('./storage-probe-page.ts', import.meta.url)));
  const script = `<script type="module">${code.replace(/<\/script/gi, '<\\/script')}</script>`;
  const frameDoc = `<!doctype html><meta charset="utf-8">${script}`;
  const dataUrl = `data:text/html;base64,${Buffer.from(frameDoc).toString('base64')}`;
  const srcdoc = frameDoc.replace(/&/g, '&amp;').replace(/"/g, '&quot;');
  const html = `<!doctype html><meta charset="utf-8">
<script>window.__frames = {}; addEventListener('message', (e) => { window.__frames[e.source === frames[0] ? 'data' : 'srcdoc'] = e.data.probe; });</script>
<iframe src="${dataUrl}"></iframe>
<iframe sandbox="allow-scripts" srcdoc="${srcdoc}"></iframe>
${script}`;
  // No COOP/COEP here would matter for storage; the loopback server sets them anyway.
  const server = await startLocalPageServerAsync({ 'index.html': { body: html, type: 'text/html; charset=utf-8' } });
  const browser = await launchChromiumAsync();
  try {
    const page = await browser.newPage();
    await page.goto(server.url);
    await page.waitForFunction(
      () => {
        const w = globalThis as unknown as { __probe?: unknown; __frames: Record<string, unknown> };
        return w.__probe !== undefined && w.__frames.data !== undefined && w.__frames.srcdoc !== undefined;
      },
      null,
      { timeout: 60_000 },
    );
    const result = (await page.evaluate(() => {
      const w = globalThis as unknown as { __probe: unknown; __frames: Record<string, unknown> };
      return { top: w.__probe, data: w.__frames.data, srcdoc: w.__frames.srcdoc };
    })) as Record<'top' | 'data' | 'srcdoc', Probe>;
    process.stderr.write(`storage findings: ${JSON.stringify(result, null, 1)}\n`);
    assert.equal(result.top.error, undefined);
    assert.equal(result.top.kind, 'cache-api');
    assert.equal(result.top.notice, null);
    assert.ok(result.top.roundTrip);
    assert.equal(result.top.indexedDbRoundTrip, true);
    for (const frame of [result.data, result.srcdoc]) {
      assert.equal(frame.error, undefined);
      assert.equal(frame.origin, 'null');
      assert.equal(frame.kind, 'memory');
      assert.match(frame.notice ?? '', /downloaded again/);
      assert.equal(frame.refused.length, 2, frame.refused.join('; '));
      assert.ok(frame.roundTrip);
    }
  } finally {
    await browser.close();
    await server.closeAsync();
  }
});

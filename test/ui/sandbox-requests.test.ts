import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sandboxMessage, type UiToSandbox } from '../../src/protocol/protocol.ts';
import { SandboxRequests } from '../../src/ui/sandbox-requests.ts';

const offline = sandboxMessage({ type: 'offline-model', id: 'shapes-clip', files: { vision: 'dg==', text: 'dA==', tokenizer: 'e30=' } });

test('the offline model is asked for once: every start shares that one answer, so none waits forever', async () => {
  const sent: UiToSandbox[] = [];
  const r = new SandboxRequests((m) => sent.push(m));
  const first = r.offlineModelAsync();
  const second = r.offlineModelAsync();
  assert.deepEqual(
    sent.map((m) => m.type),
    ['request-offline-model'],
  );
  assert.equal(r.settle(offline), true);
  assert.deepEqual(await first, offline);
  assert.deepEqual(await second, offline);
  assert.deepEqual(await r.offlineModelAsync(), offline, 'a later switch back to the shipped model needs no round trip');
  assert.equal(sent.length, 1);
  assert.equal(r.settle(offline), false, 'an unasked-for answer is not taken');
});

test('images are matched by request id; a sandbox error naming that id fails only that request', async () => {
  const sent: UiToSandbox[] = [];
  const r = new SandboxRequests((m) => sent.push(m));
  const a = r.imagesAsync();
  const b = r.imagesAsync();
  const ids = sent.map((m) => (m.type === 'request-images' ? m.requestId : ''));
  assert.equal(new Set(ids).size, 2);
  const reply = sandboxMessage({ type: 'images', requestId: ids[1]!, sourceId: '1:1', images: [] });
  assert.equal(r.settle(reply), true);
  assert.deepEqual(await b, reply);
  assert.equal(r.settle(sandboxMessage({ type: 'error', message: 'apply failed: x', requestId: 'apply-1' })), false, 'not ours: the window shows it');
  assert.equal(r.settle(sandboxMessage({ type: 'error', message: 'exporting the images failed: gone', requestId: ids[0]! })), true);
  await assert.rejects(a, /exporting the images failed: gone/);
  assert.equal(r.settle(reply), false, 'each request is answered once');
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeBase64, parseDataUri } from '../../src/scene/svg-data-uri.ts';

test('base64 wrapped across lines decodes as Node decodes it; bad characters are refused', () => {
  const bytes = new Uint8Array(301).map((_, i) => (i * 37 + 11) & 255);
  const b64 = Buffer.from(bytes).toString('base64');
  for (const text of [b64, b64.replace(/(.{76})/g, '$1\n  '), `\n${b64}\t`]) assert.deepEqual(decodeBase64(text), bytes);
  assert.deepEqual(decodeBase64('aGk'), new TextEncoder().encode('hi'));
  assert.equal(decodeBase64('aGk*'), null);
  assert.equal(decodeBase64('aGkxY'), null);
});

test('data: URIs give their media type and bytes; other hrefs are not data', () => {
  assert.deepEqual(parseDataUri(' data:image/PNG;base64,aGk= '), { mime: 'image/png', bytes: new TextEncoder().encode('hi') });
  assert.deepEqual(parseDataUri('data:;base64,aGk='), { mime: '', bytes: new TextEncoder().encode('hi') });
  assert.deepEqual(parseDataUri('data:image/svg+xml;charset=utf-8,%3Csvg%2F%3E é'), {
    mime: 'image/svg+xml',
    bytes: new TextEncoder().encode('<svg/> é'),
  });
  assert.equal(parseDataUri('image.png'), undefined);
  assert.equal(parseDataUri('data:image/png;base64'), null);
  assert.equal(parseDataUri('data:,%zz'), null);
});

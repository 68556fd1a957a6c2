import { openModelCacheAsync } from '../../src/engine/models/model-cache.ts';

// Runs in a page or frame: which model cache does the engine pick here, and does it work?
// Also records what OPFS does, for the findings in models/README.md.

async function probeAsync() {
  const opened = await openModelCacheAsync();
  const bytes = new Uint8Array([1, 2, 3, 250]);
  await opened.cache.putAsync('probe-sha', bytes);
  const back = await opened.cache.getAsync('probe-sha');
  let opfs: string;
  try {
    await navigator.storage.getDirectory();
    opfs = 'ok';
  } catch (err) {
    opfs = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  }
  // The IndexedDB backend on its own (where it works), to exercise its round trip too.
  let indexedDbRoundTrip: boolean | string = 'skipped';
  if (opened.cache.kind === 'cache-api') {
    const idb = await openModelCacheAsync({ indexedDB });
    await idb.cache.putAsync('probe-sha', bytes);
    const got = await idb.cache.getAsync('probe-sha');
    indexedDbRoundTrip = idb.cache.kind === 'indexeddb' && got !== undefined && Array.from(got).join() === Array.from(bytes).join();
  }
  return {
    indexedDbRoundTrip,
    origin: location.origin,
    isSecureContext,
    kind: opened.cache.kind,
    refused: opened.refused,
    notice: opened.notice ?? null,
    roundTrip: back !== undefined && Array.from(back).join() === Array.from(bytes).join(),
    opfs,
  };
}

probeAsync().then(
  (r) => (parent === window ? ((globalThis as { __probe?: unknown }).__probe = r) : parent.postMessage({ probe: r }, '*')),
  (e) => {
    const r = { error: String(e) };
    if (parent === window) (globalThis as { __probe?: unknown }).__probe = r;
    else parent.postMessage({ probe: r }, '*');
  },
);

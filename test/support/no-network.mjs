// Preload (node --import) that takes the network away from a CLI process, as on a machine with
// no connection: every fetch() fails the way Node's fetch does when DNS cannot resolve a host
// (TypeError "fetch failed", cause ENOTFOUND). The model loader sees exactly what it would
// offline; nothing else in the CLI uses fetch (Chromium talks to its loopback page server).
globalThis.fetch = async (input) => {
  const host = new URL(String(input)).hostname;
  const cause = Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND', hostname: host });
  throw new TypeError('fetch failed', { cause });
};

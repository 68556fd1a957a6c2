import { ModelHostNotAllowedError, ModelOfflineError, ModelHttpError } from './model-errors.ts';

export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

/**
 * True when the URL's origin matches one of `allowedOrigins`: an exact origin
 * ("https://huggingface.co", or a host's own "http://127.0.0.1:8123"), or a wildcard
 * "https://*.hf.co", which matches any subdomain at any depth (not hf.co itself) on https
 * with the default port, as CSP host sources and Figma's allowedDomains do.
 */
export function isOriginAllowed(url: string, allowedOrigins: readonly string[]): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  return allowedOrigins.some((pattern) => {
    const wildcard = /^(https?):\/\/\*\.([a-z0-9.-]+)$/i.exec(pattern);
    if (!wildcard) return parsed.origin === pattern;
    return parsed.protocol === `${wildcard[1]!.toLowerCase()}:` && parsed.port === '' && parsed.hostname.endsWith(`.${wildcard[2]!.toLowerCase()}`);
  });
}

const MAX_REDIRECTS = 10;

/**
 * fetch() that refuses any hop outside the allowlist. Where fetch exposes redirects
 * (Node/undici with redirect: 'manual'), every hop is checked before it is requested.
 * Browsers make manual redirects opaque (no Location), so there we let fetch follow them and
 * check the final response.url before reading a byte; the intermediate hops are then policed
 * by the page's CSP (Figma's manifest networkAccess.allowedDomains), which lists the same hosts.
 */
export async function fetchFromAllowedHostsAsync(url: string, allowedOrigins: readonly string[], fetchFn: FetchLike, signal?: AbortSignal): Promise<Response> {
  let current = url;
  for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
    if (!isOriginAllowed(current, allowedOrigins)) throw new ModelHostNotAllowedError(current, url);
    const response = await fetchOrOfflineAsync(fetchFn, current, { redirect: 'manual', signal });
    if (response.type === 'opaqueredirect') {
      const followed = await fetchOrOfflineAsync(fetchFn, current, { redirect: 'follow', signal });
      if (!isOriginAllowed(followed.url, allowedOrigins)) {
        await followed.body?.cancel();
        throw new ModelHostNotAllowedError(followed.url, url);
      }
      return followed;
    }
    const location = response.headers.get('location');
    if (response.status >= 300 && response.status < 400 && location) {
      await response.body?.cancel();
      current = new URL(location, current).href;
      continue;
    }
    return response;
  }
  throw new ModelHttpError(url, 310);
}

async function fetchOrOfflineAsync(fetchFn: FetchLike, url: string, init: RequestInit): Promise<Response> {
  // One retry: a kept-alive connection the server closed while this thread was busy (hashing,
  // converting a model) fails the next GET with ECONNRESET although the host is reachable.
  for (let attempt = 0; ; attempt++) {
    try {
      return await fetchFn(url, init);
    } catch (err) {
      if (init.signal?.aborted) throw err;
      if (attempt === 0) continue;
      const cause = err instanceof Error ? ((err.cause as Error | undefined)?.message ?? err.message) : String(err);
      throw new ModelOfflineError(url, cause);
    }
  }
}

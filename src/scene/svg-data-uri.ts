// RFC 2397 data: URIs as <image> hrefs carry them: `data:[mime][;param]*[;base64],payload`.
// Our own base64 reader, because the payload is wrapped across lines (whitespace in it is
// legal in SVG files) and because the importer must not depend on a host's atob.

export interface DataUri {
  /** Lower-cased media type; '' when the URI names none (the bytes then say what they are). */
  mime: string;
  bytes: Uint8Array;
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const B64_VALUE = new Int8Array(128).fill(-1);
for (let i = 0; i < B64.length; i++) B64_VALUE[B64.charCodeAt(i)] = i;
// base64url's two letters too: some encoders write them.
B64_VALUE['-'.charCodeAt(0)] = 62;
B64_VALUE['_'.charCodeAt(0)] = 63;

/** Base64 to bytes, skipping whitespace; null when another character or a lone trailing digit is met. */
export function decodeBase64(text: string): Uint8Array | null {
  const out = new Uint8Array(Math.floor((text.length * 3) / 4) + 3);
  let n = 0;
  let acc = 0;
  let bits = 0;
  let digits = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d || c === 0x0c) continue;
    if (c === 0x3d) break; // '=' padding ends the data
    const v = c < 128 ? B64_VALUE[c]! : -1;
    if (v < 0) return null;
    acc = (acc << 6) | v;
    bits += 6;
    digits++;
    if (bits >= 8) {
      bits -= 8;
      out[n++] = (acc >> bits) & 0xff;
    }
  }
  if (digits % 4 === 1) return null;
  return out.slice(0, n);
}

/** Percent-escapes to bytes (UTF-8 for the other characters), as a non-base64 payload is written. */
function decodePercent(text: string): Uint8Array | null {
  const raw = new TextEncoder().encode(text);
  const out = new Uint8Array(raw.length);
  let n = 0;
  for (let i = 0; i < raw.length; i++) {
    if (raw[i] === 0x25) {
      const hex = String.fromCharCode(raw[i + 1] ?? 0, raw[i + 2] ?? 0);
      if (!/^[0-9a-fA-F]{2}$/.test(hex)) return null;
      out[n++] = Number.parseInt(hex, 16);
      i += 2;
    } else out[n++] = raw[i]!;
  }
  return out.slice(0, n);
}

/**
 * The href's media type and bytes; undefined when it is not a data: URI (a file or network
 * reference); null when it is one but unreadable.
 */
export function parseDataUri(href: string): DataUri | null | undefined {
  const t = href.trim();
  if (!/^data:/i.test(t)) return undefined;
  const comma = t.indexOf(',');
  if (comma < 0) return null;
  const params = t
    .slice(5, comma)
    .split(';')
    .map((p) => p.trim().toLowerCase());
  const base64 = params.length > 1 && params[params.length - 1] === 'base64';
  const mime = params[0] ?? '';
  const payload = t.slice(comma + 1);
  const bytes = base64 ? decodeBase64(payload) : decodePercent(payload);
  return bytes ? { mime, bytes } : null;
}

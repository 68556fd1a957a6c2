import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';

// Incremental SHA-256 (@noble/hashes) rather than WebCrypto: crypto.subtle exists only in
// secure contexts, and Figma's plugin iframe (a null-origin data: document) is not one;
// hashing chunk by chunk also overlaps the hash with the download instead of adding a
// pass over hundreds of MB at the end.

export interface Sha256Stream {
  update(chunk: Uint8Array): void;
  hex(): string;
}

export function createSha256Stream(): Sha256Stream {
  const h = sha256.create();
  return {
    update: (chunk) => void h.update(chunk),
    hex: () => bytesToHex(h.digest()),
  };
}

export function sha256Hex(bytes: Uint8Array): string {
  return bytesToHex(sha256(bytes));
}

/** One-shot hash of bytes already in memory: native WebCrypto where the context has it, else @noble/hashes. */
export async function sha256HexAsync(bytes: Uint8Array): Promise<string> {
  const subtle = (globalThis.crypto as Crypto | undefined)?.subtle;
  if (subtle) {
    const digest = new Uint8Array(await subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>));
    return bytesToHex(digest);
  }
  return sha256Hex(bytes);
}

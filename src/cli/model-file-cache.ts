import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import type { ModelCache } from '../engine/models/model-cache.ts';

// The CLI's model store: verified files kept under $XDG_CACHE_HOME/clipvg (default
// ~/.cache/clipvg), one file per content, named by its SHA-256 (sha256/<hex>). A file is
// written to a temporary name in the same folder, flushed, then renamed, so an interrupted
// download never leaves a file under a final name; a read re-hashes the file and deletes it
// when it no longer matches its name.

const HEX64 = /^[0-9a-f]{64}$/;
/** Prefix of files being written; never a valid final name, removed by `clipvg models verify`. */
export const PARTIAL_PREFIX = '.partial-';

/** $XDG_CACHE_HOME/clipvg, or ~/.cache/clipvg when XDG_CACHE_HOME is unset, empty or relative (as the XDG spec says to ignore it then). */
export function modelCacheDir(env: NodeJS.ProcessEnv = process.env, home: string = homedir()): string {
  const xdg = env.XDG_CACHE_HOME;
  const base = xdg && isAbsolute(xdg) ? xdg : join(home, '.cache');
  return join(base, 'clipvg');
}

export async function sha256OfFileAsync(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

export interface CacheFileCheck {
  sha256: string;
  bytes: number;
  ok: boolean;
}

export class FileModelCache implements ModelCache {
  readonly kind = 'file';
  readonly filesDir: string;

  constructor(readonly dir: string) {
    this.filesDir = join(dir, 'sha256');
  }

  pathOf(sha256: string): string {
    if (!HEX64.test(sha256)) throw new Error(`not a SHA-256: ${sha256}`);
    return join(this.filesDir, sha256);
  }

  /** Size of the stored file, or undefined when there is none (no hashing: for listings). */
  async fileSizeAsync(sha256: string): Promise<number | undefined> {
    try {
      const s = await stat(this.pathOf(sha256));
      return s.isFile() ? s.size : undefined;
    } catch {
      return undefined;
    }
  }

  /** The stored bytes, re-hashed; a file that no longer matches its name is deleted and reported as absent. */
  async getAsync(sha256: string): Promise<Uint8Array | undefined> {
    let bytes: Buffer;
    try {
      bytes = await readFile(this.pathOf(sha256));
    } catch {
      return undefined;
    }
    if (createHash('sha256').update(bytes).digest('hex') !== sha256) {
      await rm(this.pathOf(sha256), { force: true });
      return undefined;
    }
    return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  async putAsync(sha256: string, bytes: Uint8Array): Promise<void> {
    const actual = createHash('sha256').update(bytes).digest('hex');
    if (actual !== sha256) throw new Error(`refusing to store bytes hashing to ${actual} under ${sha256}`);
    await mkdir(this.filesDir, { recursive: true });
    const temp = join(this.filesDir, `${PARTIAL_PREFIX}${sha256}-${process.pid}-${randomBytes(4).toString('hex')}`);
    const handle = await open(temp, 'wx', 0o644);
    try {
      await handle.writeFile(bytes);
      await handle.sync();
    } catch (err) {
      await handle.close();
      await rm(temp, { force: true });
      throw err;
    }
    await handle.close();
    await rename(temp, this.pathOf(sha256));
  }

  /** Re-hashes every stored file; deletes those that do not match their name and left-over partial files. */
  async verifyAllAsync(onFile?: (check: CacheFileCheck) => void): Promise<{ checked: CacheFileCheck[]; removedPartials: string[] }> {
    let names: string[];
    try {
      names = (await readdir(this.filesDir)).sort();
    } catch {
      return { checked: [], removedPartials: [] };
    }
    const checked: CacheFileCheck[] = [];
    const removedPartials: string[] = [];
    for (const name of names) {
      const path = join(this.filesDir, name);
      if (name.startsWith(PARTIAL_PREFIX)) {
        await rm(path, { force: true });
        removedPartials.push(name);
        continue;
      }
      if (!HEX64.test(name)) continue;
      const bytes = (await stat(path)).size;
      const ok = (await sha256OfFileAsync(path)) === name;
      if (!ok) await rm(path, { force: true });
      const check = { sha256: name, bytes, ok };
      checked.push(check);
      onFile?.(check);
    }
    return { checked, removedPartials };
  }
}

// A dozen lines of structural checks instead of a schema library: the sandbox bundle must stay
// small and ES2017-clean, the shapes are few and fixed, and a scene with 10,000 groups has to
// be checked in a plain loop (a generic schema walker allocates per number). Each check throws
// ProtocolError with the path of the offending field, e.g. `scene.groups[3].fill.r`.

export class ProtocolError extends Error {
  override name = 'ProtocolError';
}

export type Check<T> = (v: unknown, at: string) => T;

function fail(at: string, expected: string, v: unknown): never {
  const got = v === null ? 'null' : Array.isArray(v) ? 'an array' : v instanceof Uint8Array ? 'bytes' : typeof v === 'number' ? String(v) : typeof v;
  throw new ProtocolError(`${at}: expected ${expected}, got ${got}`);
}

export const str: Check<string> = (v, at) => (typeof v === 'string' ? v : fail(at, 'a string', v));
export const bool: Check<boolean> = (v, at) => (typeof v === 'boolean' ? v : fail(at, 'a boolean', v));
export const finite: Check<number> = (v, at) => (typeof v === 'number' && Number.isFinite(v) ? v : fail(at, 'a finite number', v));
export const count: Check<number> = (v, at) => (Number.isInteger(v) && (v as number) >= 0 ? (v as number) : fail(at, 'a non-negative integer', v));
export const bytes: Check<Uint8Array> = (v, at) => (v instanceof Uint8Array ? v : fail(at, 'bytes (Uint8Array)', v));

export function oneOf<T extends string>(values: readonly T[]): Check<T> {
  return (v, at) => (values.includes(v as T) ? (v as T) : fail(at, `one of ${values.join(', ')}`, v));
}

export function arrayOf<T>(item: Check<T>): Check<T[]> {
  return (v, at) => {
    if (!Array.isArray(v)) fail(at, 'an array', v);
    for (let i = 0; i < v.length; i++) item(v[i], `${at}[${i}]`);
    return v as T[];
  };
}

export function optional<T>(c: Check<T>): Check<T | undefined> {
  return (v, at) => (v === undefined ? undefined : c(v, at));
}

export function nullable<T>(c: Check<T>): Check<T | null> {
  return (v, at) => (v === null ? null : c(v, at));
}

type Shape<T> = { [K in keyof T]-?: Check<T[K]> };

/** An object with exactly these fields checked (extra fields are ignored, not trusted). */
export function object<T>(shape: Shape<T>): Check<T> {
  return (v, at) => {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) fail(at, 'an object', v);
    const o = v as Record<string, unknown>;
    for (const k of Object.keys(shape) as (keyof T & string)[]) shape[k](o[k], `${at}.${k}`);
    return v as T;
  };
}

import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';

// canonicalize is CommonJS whose types declare an ES default export; require() gives the function.
const canonicalize = createRequire(import.meta.url)('canonicalize') as (input: unknown) => string | undefined;

/** RFC 8785 (JCS) canonical JSON of one value. */
export function canonicalJson(value: unknown): string {
  const s = canonicalize(value);
  if (s === undefined) throw new TypeError('value has no JSON form');
  return s;
}

/**
 * The canonical form of an object whose one array-valued field is too large to serialise as a
 * single string: yields exactly the chunks of canonicalJson(value), one array element at a time.
 */
export function* canonicalChunks(value: Record<string, unknown>, bigArrayKey: string): Generator<string> {
  const keys = Object.keys(value)
    .filter((k) => value[k] !== undefined)
    .sort(compareUtf16);
  yield '{';
  let first = true;
  for (const key of keys) {
    if (!first) yield ',';
    first = false;
    yield `${JSON.stringify(key)}:`;
    const v = value[key];
    if (key === bigArrayKey && Array.isArray(v)) {
      yield '[';
      for (let i = 0; i < v.length; i++) {
        if (i > 0) yield ',';
        yield canonicalJson(v[i]);
      }
      yield ']';
    } else {
      yield canonicalJson(v);
    }
  }
  yield '}';
}

/** JCS sorts keys by UTF-16 code units, which is what plain string comparison does. */
function compareUtf16(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function sha256Chunks(chunks: Iterable<string>): string {
  const h = createHash('sha256');
  for (const c of chunks) h.update(c, 'utf8');
  return `sha256:${h.digest('hex')}`;
}

export function sha256(data: string | Buffer): string {
  return `sha256:${createHash('sha256').update(data).digest('hex')}`;
}

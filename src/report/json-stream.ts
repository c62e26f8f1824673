/**
 * The text of JSON.stringify(value, null, 2), produced a piece at a time, so a report for a
 * 100k-pod estate (SARIF, OSCAL) is never one giant string. Leaves are serialised by
 * JSON.stringify itself; only the nesting of objects and arrays is walked here.
 */
export function* jsonChunks(value: unknown, depth = 0, walk = 4): Generator<string> {
  const pad = '  '.repeat(depth);
  if (depth >= walk || value === null || typeof value !== 'object') {
    const text = JSON.stringify(value, null, 2) ?? 'null';
    yield depth > 0 ? text.replace(/\n/g, `\n${pad}`) : text;
    return;
  }
  if (Array.isArray(value)) {
    if (value.length === 0) {
      yield '[]';
      return;
    }
    yield '[\n';
    for (let i = 0; i < value.length; i++) {
      yield `${pad}  `;
      yield* jsonChunks(value[i] === undefined ? null : value[i], depth + 1, walk);
      yield i < value.length - 1 ? ',\n' : '\n';
    }
    yield `${pad}]`;
    return;
  }
  const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined && typeof v !== 'function');
  if (entries.length === 0) {
    yield '{}';
    return;
  }
  yield '{\n';
  for (let i = 0; i < entries.length; i++) {
    const [k, v] = entries[i]!;
    yield `${pad}  ${JSON.stringify(k)}: `;
    yield* jsonChunks(v, depth + 1, walk);
    yield i < entries.length - 1 ? ',\n' : '\n';
  }
  yield `${pad}}`;
}

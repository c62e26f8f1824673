import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import test from 'node:test';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { canonicalChunks, canonicalJson } from '../../src/util/canonical.js';
import { benchEstate } from '../../bench/collect.js';
import { PACKAGE_ROOT as ROOT } from '../../src/paths.js';

// The library canonicalJson replaced on its fast path, and still uses for the values the fast path cannot copy.
const canonicalize = createRequire(import.meta.url)('canonicalize') as (v: unknown) => string;

const EDGES: Array<[string, unknown]> = [
  ['array-index keys sort as text, not as numbers', { '10': 'a', '9': 'b', '1': 'c', b: 1, a: 2 }],
  ['keys that only look numeric keep text order', { '01': 1, '1a': 2, '-1': 3, '4294967295': 4, '4294967294': 5 }],
  ['__proto__ is kept as a key', JSON.parse('{"__proto__": {"x": 1}, "a": 1}')],
  ['UTF-16 order: astral after BMP private use, upper before lower', { '\u{1F600}': 1, '\uE000': 2, B: 3, a: 4, é: 5 }],
  ['numbers in ES form', { n: [0, -0, 1e21, 1e-7, 0.1 + 0.2, -1.5, 2 ** 53, 5e-324] }],
  ['strings with escapes and lone surrogates', ['"\\\n\t\u0000\u001f\u007f\u2028', '\uD800', 'plain']],
  ['undefined and symbols dropped from objects, null in arrays', { a: undefined, b: Symbol('s'), c: [undefined, Symbol('t'), 1] }],
  ['toJSON is honoured', { at: new Date(Date.UTC(2026, 10, 24)), nested: { toJSON: () => ({ z: 1, a: 2 }) } }],
  ['nested arrays of objects', [[{ b: 1, a: [{ d: 1, c: 2 }] }], []]],
  ['empty and primitive', [{}, [], null, true, false, 'x', 0]],
  // eslint-disable-next-line no-new-wrappers
  ['boxed primitives', { n: new Number(5), s: new String('x'), b: new Boolean(false) }],
  ['arrays with holes', { a: [1, , 3] }],
  ['a toJSON that returns nothing', { a: { toJSON: () => undefined }, b: 1 }],
];

for (const [name, value] of EDGES) {
  test(`canonicalJson equals the canonicalize library: ${name}`, () => {
    assert.equal(canonicalJson(value), canonicalize(value));
  });
}

test('canonicalJson refuses NaN and Infinity as the library does', () => {
  assert.throws(() => canonicalJson({ a: NaN }), /NaN is not allowed/);
  assert.throws(() => canonicalJson([Infinity]), /Infinity is not allowed/);
  assert.throws(() => canonicalJson(undefined), /no JSON form/);
});

test('canonicalJson equals the library on every object of the sample estates', () => {
  let count = 0;
  for (const estate of ['estate', 'estate-month-later']) {
    const dir = join(ROOT, 'samples', estate);
    const files = readdirSync(dir, { recursive: true }).map(String).filter((f) => /\.ya?ml$/.test(f));
    for (const file of files) {
      for (const doc of parseAllDocuments(readFileSync(join(dir, file), 'utf8'))) {
        const value = doc.toJS() as unknown;
        if (value === null || value === undefined) continue;
        assert.equal(canonicalJson(value), canonicalize(value), `${estate}/${file}`);
        count++;
      }
    }
  }
  assert.ok(count >= 20, `only ${count} documents read`);
  for (const o of benchEstate(3000)) assert.equal(canonicalJson(o), canonicalize(o));
});

test('canonicalChunks joined is canonicalJson of the whole value', () => {
  const value = { b: 1, objects: [{ y: 1, x: 2 }, { '10': 'a', '9': 'b' }], a: 'z' };
  assert.equal([...canonicalChunks(value, 'objects')].join(''), canonicalize(value));
});

import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import test from 'node:test';
import { loadCatalog } from '../../src/catalog/load.js';
import { collectSnapshot } from '../../src/collect/source.js';
import { evaluate } from '../../src/evaluate/engine.js';
import { readResults, resultsText, writeResults } from '../../src/evaluate/io.js';
import type { Results } from '../../src/evaluate/types.js';
import { InputError } from '../../src/errors.js';
import { ESTATE_FIXTURE } from '../support/estate.js';

const dir = mkdtempSync(join(tmpdir(), 'kp-results-io-'));
let sample: Results | undefined;
async function sampleResults(): Promise<Results> {
  sample ??= evaluate(await collectSnapshot({ manifests: [ESTATE_FIXTURE] }), loadCatalog());
  return sample;
}

test('results are read back line by line exactly as written, evidence in its controls', async () => {
  const results = await sampleResults();
  const file = join(dir, 'results.json');
  writeResults(file, results);
  const back = readResults(file);
  assert.deepEqual(back, JSON.parse(resultsText(results)));
  assert.equal(resultsText(back), resultsText(results));
  assert.ok(back.controls.some((c) => c.evidence.length > 1), 'some control carries several evidence records');
  assert.ok(back.controls.some((c) => c.evidence.length === 0), 'and some none');
});

test('evidence whose text looks like the layout (the key, brackets, newlines) cannot confuse the reader', async () => {
  const results = structuredClone(await sampleResults());
  const forged = '"evidence": [\n        {"outcome":"pass"}\n      ]';
  const target = results.controls.find((c) => c.evidence.length > 0)!;
  (target.evidence[0] as unknown as Record<string, unknown>).message = forged;
  const file = join(dir, 'forged.json');
  writeResults(file, results);
  assert.equal(resultsText(readResults(file)), resultsText(results));
});

test('results in another layout (pretty-printed by another tool) are still read, whole', async () => {
  const results = await sampleResults();
  const file = join(dir, 'pretty.json');
  writeFileSync(file, JSON.stringify(JSON.parse(resultsText(results)), null, 4));
  assert.equal(resultsText(readResults(file)), resultsText(results));
});

test('a cut-off or damaged evidence line is an input error naming the file and the line', async () => {
  const file = join(dir, 'results-full.json');
  writeResults(file, await sampleResults());
  const lines = readFileSync(file, 'utf8').split('\n');
  const at = lines.findIndex((l, i) => i > 0 && lines[i - 1] === '      "evidence": [' && l.startsWith('        {'));
  assert.ok(at > 0);
  const truncated = join(dir, 'truncated.json');
  writeFileSync(truncated, lines.slice(0, at + 1).join('\n'));
  assert.throws(() => readResults(truncated), (err: unknown) => err instanceof InputError && /cut off|does not parse/.test(err.message) && err.location?.file === truncated);
  const damaged = join(dir, 'damaged.json');
  writeFileSync(damaged, [...lines.slice(0, at), '        {"outcome": "pass", oops}', ...lines.slice(at + 1)].join('\n'));
  assert.throws(() => readResults(damaged), (err: unknown) => err instanceof InputError && /evidence record does not parse/.test(err.message) && err.location?.line === at + 1);
});

import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import test from 'node:test';
import { loadCatalog } from '../../src/catalog/load.js';
import { collectSnapshot } from '../../src/collect/source.js';
import { evaluate } from '../../src/evaluate/engine.js';
import { readResults, readResultsFile, resultsText, writeResults } from '../../src/evaluate/io.js';
import { sha256 } from '../../src/util/canonical.js';
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

test('the digest is that of the file as read, in either layout', async () => {
  const results = await sampleResults();
  const framed = join(dir, 'digest-framed.json');
  writeResults(framed, results);
  assert.equal(readResultsFile(framed).digest, sha256(readFileSync(framed)));
  const pretty = join(dir, 'digest-pretty.json');
  writeFileSync(pretty, JSON.stringify(JSON.parse(resultsText(results))));
  assert.equal(readResultsFile(pretty).digest, sha256(readFileSync(pretty)));
});

test('results from a pipe are read once, in either layout, with the digest of what came through', async () => {
  const results = await sampleResults();
  const framed = join(dir, 'pipe-framed.json');
  writeResults(framed, results);
  const minified = join(dir, 'pipe-min.json');
  writeFileSync(minified, JSON.stringify(JSON.parse(resultsText(results))));
  for (const file of [framed, minified]) {
    const fifo = join(dir, `fifo-${Math.random().toString(36).slice(2)}`);
    assert.equal(spawnSync('mkfifo', [fifo]).status, 0);
    // A writer in another process, as with `--results <(jq . results.json)`.
    const writer = spawn('sh', ['-c', 'cat "$1" > "$2"', 'sh', file, fifo], { stdio: 'ignore' });
    const back = readResultsFile(fifo);
    await new Promise((resolve) => writer.once('close', resolve));
    assert.equal(resultsText(back.results), resultsText(results));
    assert.equal(back.digest, sha256(readFileSync(file)));
  }
});

test('results in another layout (pretty-printed or minified by another tool) are still read, whole', async () => {
  const results = await sampleResults();
  for (const indent of [4, 2, 0]) {
    const file = join(dir, `other-${indent}.json`);
    writeFileSync(file, JSON.stringify(JSON.parse(resultsText(results)), null, indent));
    assert.equal(resultsText(readResults(file)), resultsText(results));
  }
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

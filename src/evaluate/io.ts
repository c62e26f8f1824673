import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { InputError } from '../errors.js';
import { describeFsError } from '../util/fs.js';
import { writeOutputChunks } from '../util/fs-stream.js';
import { describeIssues } from '../util/zod-errors.js';
import { RESULTS_SCHEMA_VERSION, type Results } from './types.js';

/**
 * results.json, written a piece at a time: indented JSON for the structure, one compact line per
 * evidence record (a 100k-pod estate has hundreds of thousands of them, and a line each keeps the
 * file readable, greppable and far smaller than indenting every field).
 */
export function* resultsChunks(results: Results): Generator<string> {
  const { controls, ...rest } = results;
  yield* splice(JSON.stringify({ ...rest, controls: [] }, null, 2), '"controls": []', function* () {
    yield '"controls": [\n';
    for (let i = 0; i < controls.length; i++) {
      const { evidence, ...control } = controls[i]!;
      const text = JSON.stringify({ ...control, evidence: [] }, null, 2).replace(/\n/g, '\n    ');
      // (evidence is the last key: put there by the spread above)
      yield '    ';
      yield* splice(text, '"evidence": []', function* () {
        if (evidence.length === 0) {
          yield '"evidence": []';
          return;
        }
        yield '"evidence": [\n';
        for (let j = 0; j < evidence.length; j++) yield `        ${JSON.stringify(evidence[j])}${j < evidence.length - 1 ? ',' : ''}\n`;
        yield '      ]';
      });
      yield i < controls.length - 1 ? ',\n' : '\n';
    }
    yield '  ]';
  });
}

/**
 * The text with its last placeholder replaced by generated chunks. The placeholder is the last key
 * of its object, and text from the cluster cannot forge it (a quote inside a string is escaped).
 */
function* splice(text: string, placeholder: string, fill: () => Generator<string>): Generator<string> {
  const at = text.lastIndexOf(placeholder);
  yield text.slice(0, at);
  yield* fill();
  yield text.slice(at + placeholder.length);
}

export function resultsText(results: Results): string {
  return [...resultsChunks(results)].join('');
}

export function writeResults(path: string, results: Results): void {
  writeOutputChunks(path, (function* () {
    yield* resultsChunks(results);
    yield '\n';
  })());
}

const resultsShape = z.looseObject({
  schemaVersion: z.literal(RESULTS_SCHEMA_VERSION),
  run: z.looseObject({ tool: z.looseObject({ version: z.string() }), snapshot: z.looseObject({ digest: z.string() }) }),
  coverage: z.array(z.looseObject({ kind: z.string(), status: z.string() })),
  frameworks: z.array(z.looseObject({ id: z.string(), requirements: z.array(z.looseObject({ id: z.string(), status: z.string() })) })),
  controls: z.array(z.looseObject({ id: z.string(), status: z.string(), evidence: z.array(z.looseObject({ outcome: z.string() })) })),
  waivers: z.array(z.unknown()),
});

export function readResults(path: string): Results {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new InputError(`cannot read results: ${describeFsError(err)}`, { file: path });
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new InputError(`not a results file: the JSON does not parse (${(err as Error).message})`, { file: path });
  }
  const version = (raw as { schemaVersion?: unknown } | null)?.schemaVersion;
  if (version !== RESULTS_SCHEMA_VERSION) {
    throw new InputError(
      `results schemaVersion ${JSON.stringify(version ?? null)} is not one this build reads (it reads ${RESULTS_SCHEMA_VERSION})`,
      { file: path },
    );
  }
  const parsed = resultsShape.safeParse(raw);
  if (!parsed.success) throw new InputError(`not a valid results file: ${describeIssues(parsed.error)}`, { file: path });
  return raw as Results;
}

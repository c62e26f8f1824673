import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { InputError } from '../errors.js';
import { describeFsError } from '../util/fs.js';
import { writeOutputChunks } from '../util/fs-stream.js';
import { describeIssues } from '../util/zod-errors.js';
import { RESULTS_SCHEMA_VERSION, type Results } from './types.js';

/** The same text as JSON.stringify(results, null, 2), written a control at a time. */
export function* resultsChunks(results: Results): Generator<string> {
  const { controls, ...rest } = results;
  const head = JSON.stringify({ ...rest, controls: [] }, null, 2);
  const cut = head.lastIndexOf('"controls": []');
  yield head.slice(0, cut);
  if (controls.length === 0) {
    yield head.slice(cut);
    return;
  }
  yield '"controls": [\n';
  for (let i = 0; i < controls.length; i++) {
    const text = JSON.stringify(controls[i], null, 2).replace(/\n/g, '\n    ');
    yield `    ${text}${i < controls.length - 1 ? ',' : ''}\n`;
  }
  yield `  ]${head.slice(cut + '"controls": []'.length)}`;
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

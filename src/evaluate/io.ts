import { createHash } from 'node:crypto';
import { closeSync, fstatSync, openSync, readFileSync } from 'node:fs';
import { z } from 'zod';
import { InputError } from '../errors.js';
import { describeFsError } from '../util/fs.js';
import { eachLine, eachLineOf } from '../util/lines.js';
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

const CONTROLS_OPEN = '  "controls": [';
const EVIDENCE_OPEN = '      "evidence": [';
const EVIDENCE_EMPTY = '      "evidence": []';
const EVIDENCE_LINE = '        {';
/** A structure line this long is not writeResults' layout (minified JSON): read the file whole instead. */
const MAX_STRUCTURE_LINE = 16 * 1024 * 1024;

type LineSource = (onLine: (bytes: Buffer) => boolean) => boolean;

/**
 * Reads results in writeResults' layout a line at a time: the structure is collected as text and
 * parsed once, each evidence line is parsed on its own and put back into its control. A 100k-pod
 * estate's results (hundreds of MB, beyond the longest string V8 holds from about 125,000 pods)
 * never exist as one string. Returns undefined for any other layout; throws for a line that does
 * not parse.
 */
function readFramed(lines: LineSource, path: string): unknown {
  const structure: string[] = [];
  const lists: unknown[][] = [];
  let current: unknown[] | undefined;
  let inControls = false;
  let line = 0;
  let complete: boolean;
  try {
    complete = lines((bytes) => {
      line++;
      if (current) {
        if (bytes.length > EVIDENCE_LINE.length && bytes.toString('latin1', 0, EVIDENCE_LINE.length) === EVIDENCE_LINE) {
          const end = bytes[bytes.length - 1] === 44 /* , */ ? bytes.length - 1 : bytes.length;
          try {
            current.push(JSON.parse(bytes.toString('utf8', EVIDENCE_LINE.length - 1, end)));
          } catch (err) {
            throw new InputError(`not a results file: an evidence record does not parse (${(err as Error).message})`, { file: path, line });
          }
          return true;
        }
        current = undefined; // the array's closing bracket
      }
      if (bytes.length > MAX_STRUCTURE_LINE) return false;
      const text = bytes.toString('utf8');
      if (!inControls) inControls = text === CONTROLS_OPEN;
      else if (text === EVIDENCE_OPEN) lists.push((current = []));
      else if (text === EVIDENCE_EMPTY) lists.push([]);
      structure.push(text);
      return true;
    });
  } catch (err) {
    if (err instanceof InputError) throw err;
    throw new InputError(`cannot read results: ${describeFsError(err)}`, { file: path });
  }
  if (!complete || !inControls) return undefined;
  let raw: { controls?: unknown };
  try {
    raw = JSON.parse(structure.join('\n')) as { controls?: unknown };
  } catch (err) {
    if (current) throw new InputError('not a results file: the evidence list is cut off (truncated file?)', { file: path, line });
    throw new InputError(`not a results file: the JSON does not parse (${(err as Error).message})`, { file: path });
  }
  const controls = raw?.controls;
  if (!Array.isArray(controls) || controls.length !== lists.length) return undefined;
  for (let i = 0; i < controls.length; i++) {
    const c = controls[i] as { evidence?: unknown } | null;
    if (c === null || typeof c !== 'object' || !Array.isArray(c.evidence) || c.evidence.length !== 0) return undefined;
    c.evidence = lists[i];
  }
  return raw;
}

/** Parses a whole file's bytes; one too long for a string gets a message saying what to do. */
function parseWhole(bytes: Buffer, path: string): unknown {
  let text: string;
  try {
    text = bytes.toString('utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ERR_STRING_TOO_LONG') throw err;
    throw new InputError(
      `results file of ${Math.round(bytes.length / 1048576)} MiB is not in the layout kubeproof writes (one evidence record a line), and is too large to read whole: use the results.json kubeproof wrote, not a reformatted copy`,
      { file: path },
    );
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new InputError(`not a results file: the JSON does not parse (${(err as Error).message})`, { file: path });
  }
}

export function readResults(path: string): Results {
  return readResultsFile(path).results;
}

/**
 * results.json and the sha256 of its bytes as read (the digest reports print). A regular file is
 * read a chunk at a time; a pipe (`--results <(…)`, `-` is not taken) is read once into memory.
 */
export function readResultsFile(path: string): { results: Results; digest: string } {
  let raw: unknown;
  let digest: string;
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (err) {
    throw new InputError(`cannot read results: ${describeFsError(err)}`, { file: path });
  }
  try {
    let regular: boolean;
    try {
      regular = fstatSync(fd).isFile();
    } catch (err) {
      throw new InputError(`cannot read results: ${describeFsError(err)}`, { file: path });
    }
    if (regular) {
      const hash = createHash('sha256');
      raw = readFramed((onLine) => eachLine(fd, onLine, (chunk) => hash.update(chunk)), path);
      if (raw !== undefined) digest = hash.digest('hex');
      else {
        // Not in writeResults' layout (pretty-printed by another tool, say): read it whole.
        const bytes = readAll(path, path);
        digest = createHash('sha256').update(bytes).digest('hex');
        raw = parseWhole(bytes, path);
      }
    } else {
      const bytes = readAll(fd, path);
      digest = createHash('sha256').update(bytes).digest('hex');
      raw = readFramed((onLine) => eachLineOf(bytes, onLine), path) ?? parseWhole(bytes, path);
    }
  } finally {
    closeSync(fd);
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
  return { results: raw as Results, digest: `sha256:${digest}` };
}

function readAll(source: number | string, path: string): Buffer {
  try {
    return readFileSync(source);
  } catch (err) {
    throw new InputError(`cannot read results: ${describeFsError(err)}`, { file: path });
  }
}

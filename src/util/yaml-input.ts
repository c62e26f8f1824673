import { LineCounter, parseDocument, type Node as YamlNode } from 'yaml';
import type { z } from 'zod';
import { InputError } from '../errors.js';
import { readInput } from './fs.js';
import { formatPath } from './zod-errors.js';

export interface YamlSource {
  file: string;
  /** Line of the node at a path in the document, for error messages and evidence. */
  lineOf(path: readonly PropertyKey[]): number | undefined;
}

/**
 * Reads one YAML document of kubeproof's own (control, framework, waivers, config) and validates
 * it: a syntax error or a schema error names the file, the line and what was expected.
 */
export function readYamlFile<S extends z.ZodType>(path: string, schema: S, what: string): { value: z.output<S>; source: YamlSource } {
  return parseYamlText(readInput(path, what), path, schema, what);
}

export function parseYamlText<S extends z.ZodType>(
  text: string,
  file: string,
  schema: S,
  what: string,
): { value: z.output<S>; source: YamlSource } {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, strict: true, prettyErrors: false });
  const problem = doc.errors[0];
  if (problem) {
    const at = lineCounter.linePos(problem.pos[0]);
    throw new InputError(`${what}: YAML does not parse: ${problem.message.split('\n')[0]}`, { file, line: at.line, column: at.col });
  }
  let raw: unknown;
  try {
    raw = doc.toJS({ maxAliasCount: 100 });
  } catch (err) {
    throw new InputError(`${what}: YAML refused: ${(err as Error).message.split('\n')[0]}`, { file });
  }
  const source: YamlSource = {
    file,
    lineOf(path) {
      for (let n = path.length; n >= 0; n--) {
        const node = doc.getIn(path.slice(0, n) as unknown[], true) as YamlNode | undefined;
        const start = node?.range?.[0];
        if (start !== undefined) return lineCounter.linePos(start).line;
      }
      return undefined;
    },
  };
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const { path, message } = explainIssue(parsed.error.issues[0]!);
    const line = source.lineOf(path);
    const more = parsed.error.issues.length > 1 ? ` (and ${parsed.error.issues.length - 1} more problems)` : '';
    throw new InputError(`${what}: ${formatPath(path)}: ${message}${more}`, line ? { file, line } : { file });
  }
  return { value: parsed.data, source };
}

/**
 * One zod issue as a place in the file and what was expected there. An unknown key is blamed on
 * the key itself (its own line), a missing one says so, and a value that fits no branch of a union
 * is explained by the branch it came closest to, not by a bare "Invalid input".
 */
export function explainIssue(issue: z.core.$ZodIssue): { path: PropertyKey[]; message: string } {
  if (issue.code === 'unrecognized_keys') {
    return { path: [...issue.path, issue.keys[0]!], message: 'unknown key: expected only the keys this file format defines (a typo?)' };
  }
  if (issue.code === 'invalid_type' && / received undefined$/.test(issue.message)) {
    return { path: issue.path, message: `missing: expected ${issue.expected === 'string' ? 'text' : `a ${issue.expected}`}` };
  }
  if (issue.code === 'invalid_union' && issue.errors.length) {
    const closest = [...issue.errors].filter((branch) => branch.length).sort((a, b) => a.length - b.length)[0];
    if (closest) {
      const inner = explainIssue(closest[0]!);
      return { path: [...issue.path, ...inner.path], message: inner.message };
    }
  }
  return { path: issue.path, message: issue.message };
}

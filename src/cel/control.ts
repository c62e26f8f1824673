import { Environment, type ParseResult } from '@marcbachmann/cel-js';
import { z } from 'zod';
import type { z as zod } from 'zod';
import type { celCheckSchema } from '../catalog/schema.js';
import { defineCheck, type Check, type Json } from '../checks/types.js';
import { InputError } from '../errors.js';
import { kindInfo } from '../snapshot/kinds.js';
import { refOf, type K8sObject } from '../snapshot/types.js';

export type CelCheckDef = zod.output<typeof celCheckSchema>;

/** Where the expression is in its file, to turn a position in it into a line and column. */
export interface ExpressionOrigin {
  file: string;
  /** The line of `expression:`. */
  line: number;
  /** True for a block scalar (`expression: |`), whose text starts on the next line. */
  block: boolean;
  /** 1-based column of the expression's first character (block: of every line). */
  column: number;
  /** The line of each entry of `match.kinds`, to blame a kind that does not exist on its own line. */
  kindLines?: readonly (number | undefined)[];
}

const environment = new Environment({ enableOptionalTypes: true, homogeneousAggregateLiterals: false })
  .registerVariable('object', 'dyn')
  .registerVariable('namespaceObject', 'dyn');

/** JSON as Kubernetes CEL sees it: integers are int (BigInt here), other numbers double. */
function toCel(v: unknown): unknown {
  if (typeof v === 'number') return Number.isInteger(v) ? BigInt(v) : v;
  if (Array.isArray(v)) return v.map(toCel);
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = toCel(x);
    return out;
  }
  return v;
}

function fromCel(v: unknown): Json {
  if (typeof v === 'bigint') return Number(v);
  return (v ?? null) as Json;
}

/** The value at a JSON Pointer, or null. */
function at(o: unknown, pointer: string): Json {
  if (pointer === '') return null;
  let cur: unknown = o;
  for (const raw of pointer.slice(1).split('/')) {
    const token = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (cur === null || typeof cur !== 'object') return null;
    cur = (cur as Record<string, unknown>)[token];
  }
  return cur === undefined ? null : (cur as Json);
}

function position(origin: ExpressionOrigin, expression: string, pos: number): { line: number; column: number } {
  const before = expression.slice(0, Math.max(0, pos));
  const newlines = before.split('\n').length - 1;
  const col = pos - (before.lastIndexOf('\n') + 1);
  if (origin.block) return { line: origin.line + 1 + newlines, column: origin.column + col };
  return { line: origin.line + newlines, column: newlines === 0 ? origin.column + col : col + 1 };
}

/**
 * A check made of a CEL expression, compiled (parsed and type-checked) once when the control is
 * loaded: a syntax or type error is an InputError naming the file, the line and the column.
 */
export function celCheck(controlId: string, def: CelCheckDef, origin: ExpressionOrigin): Check {
  for (const [i, kind] of def.match.kinds.entries()) {
    if (!kind.includes('.') && !kindInfo(kind)) {
      throw new InputError(`control ${controlId}: check.cel.match.kinds[${i}]: ${kind} is not a kind kubeproof collects (custom resources are written Kind.group, e.g. Certificate.cert-manager.io)`, {
        file: origin.file,
        line: origin.kindLines?.[i] ?? origin.line,
      });
    }
  }
  let program: ParseResult;
  const fail = (what: string, err: { message: string; range?: { start: number } }): never => {
    const where = position(origin, def.expression, err.range?.start ?? 0);
    const first = err.message.split('\n')[0];
    throw new InputError(`control ${controlId}: check.cel.expression: ${what}: ${first}`, { file: origin.file, line: where.line, column: where.column });
  };
  try {
    program = environment.parse(def.expression);
  } catch (err) {
    return fail('CEL does not parse', err as Error & { range?: { start: number } });
  }
  const typed = program.check();
  if (!typed.valid) return fail('CEL type error', (typed.error ?? new Error('invalid')) as Error & { range?: { start: number } });
  if (typed.type !== 'bool' && typed.type !== 'dyn') {
    return fail('CEL type error', { message: `the expression gives ${typed.type}, expected bool`, range: { start: 0 } });
  }
  const builtIn = def.match.kinds.filter((k) => !k.includes('.'));
  const custom = def.match.kinds.filter((k) => k.includes('.'));
  const namespaces = def.match.namespaces ? new Set(def.match.namespaces) : undefined;
  return defineCheck({
    id: 'cel',
    description: `CEL: ${def.expression}`,
    needs: [...new Set(['Namespace', ...builtIn])],
    optionalNeeds: custom,
    options: z.strictObject({}),
    messages: {
      fail: '{{kind}} {{name}}: {{message}}',
      pass: '{{kind}} {{name}} satisfies the expression.',
      error: '{{kind}} {{name}}: the expression could not be evaluated ({{error}}), so the object is not shown to comply.',
    },
    evaluate(ctx) {
      const expected = `the CEL expression is true: ${def.expression.trim()}`;
      for (const kind of def.match.kinds) {
        for (const o of ctx.index.of(kind)) {
          const ns = o.metadata.namespace;
          if (namespaces && ns !== undefined && !namespaces.has(ns)) continue;
          const nsObject: K8sObject | undefined = ns === undefined ? undefined : ctx.index.get('Namespace', undefined, ns);
          const data = { kind: o.kind, name: ns ? `${ns}/${o.metadata.name}` : o.metadata.name, message: def.message };
          const base = { object: refOf(o), pointer: def.pointer, observed: at(o, def.pointer), expected };
          let value: unknown;
          try {
            value = program({ object: toCel(o), namespaceObject: nsObject ? toCel(nsObject) : null });
          } catch (err) {
            ctx.report({ ...base, outcome: 'fail', messageId: 'error', data: { ...data, error: (err as Error).message.split('\n')[0] ?? 'error' } });
            continue;
          }
          if (value === true) ctx.report({ ...base, outcome: 'pass', messageId: 'pass', data });
          else if (value === false) ctx.report({ ...base, outcome: 'fail', messageId: 'fail', data });
          else ctx.report({ ...base, outcome: 'fail', messageId: 'error', data: { ...data, error: `it gave ${JSON.stringify(fromCel(value))}, not a bool` } });
        }
      }
    },
  });
}

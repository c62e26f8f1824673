import { z } from 'zod';
import { defineCheck } from './types.js';
import {
  CONTROL_PLANE_COMPONENTS,
  NO_CONTROL_PLANE_REASON,
  controlPlanePods,
  listValues,
  occurrences,
  parseBool,
  type ControlPlanePod,
  type FlagOccurrence,
} from './control-plane-helpers.js';

const RULES = ['set', 'unset', 'equals', 'notEquals', 'includes', 'excludes', 'min', 'only'] as const;
type Rule = (typeof RULES)[number];

const flagName = z.string().regex(/^--[a-z0-9][a-z0-9-]*$/, 'expected a long flag such as --profiling');

const optionsSchema = z
  .strictObject({
    component: z.enum(CONTROL_PLANE_COMPONENTS),
    /** One flag, or several that must each satisfy the rule (a certificate and its key). */
    flag: z.union([flagName, z.array(flagName).min(1)]),
    rule: z.enum(RULES),
    value: z.union([z.string().min(1), z.number(), z.array(z.string().min(1)).min(1)]).optional(),
    /** For `key=value` map flags (`--feature-gates`): judge the value of this key. */
    key: z.string().min(1).optional(),
    /** What the component uses when the flag is absent (its documented default). */
    default: z.string().optional(),
    /**
     * Flags that move the setting into a file the API does not show (`--authorization-config`):
     * with one of them set and the flag absent, the control is not assessed rather than guessed.
     */
    deferTo: z.array(flagName).optional(),
  })
  .superRefine((o, ctx) => {
    const need = (ok: boolean, message: string) => {
      if (!ok) ctx.addIssue({ code: 'custom', path: ['value'], message });
    };
    switch (o.rule) {
      case 'set':
      case 'unset':
        need(o.value === undefined, `rule ${o.rule} takes no value`);
        break;
      case 'equals':
      case 'notEquals':
        need(typeof o.value === 'string', `rule ${o.rule} needs a string value`);
        break;
      case 'includes':
      case 'excludes':
        need(typeof o.value === 'string' || Array.isArray(o.value), `rule ${o.rule} needs a value or a list of values`);
        break;
      case 'min':
        need(typeof o.value === 'number', 'rule min needs a number');
        break;
      case 'only':
        need(Array.isArray(o.value), 'rule only needs the list of allowed values');
        break;
    }
  });

type Options = z.output<typeof optionsSchema>;

interface Reading {
  present: boolean;
  /** The last occurrence (scalar flags: the one that wins). */
  last?: FlagOccurrence;
  /** The value judged: the flag's (or its key's), else the default, else undefined. */
  value?: string;
  /** Every element of a list flag, over all occurrences, else of the default. */
  list: string[];
  fromDefault: boolean;
  /** Every occurrence as written, for the evidence. */
  raw?: string;
}

function read(pod: ControlPlanePod, flag: string, o: Options): Reading {
  const occ = occurrences(pod, flag);
  const last = occ[occ.length - 1];
  const raw = occ.length ? occ.map((x) => x.raw).join(' ') : undefined;
  let value: string | undefined = last?.value;
  let list = listValues(occ);
  let present = occ.length > 0;
  if (o.key !== undefined) {
    const entries = list.map((e) => e.split('=')).filter((kv) => kv[0]?.trim() === o.key);
    const entry = entries[entries.length - 1];
    present = entry !== undefined;
    value = entry ? (entry[1] ?? '').trim() : undefined;
    list = value !== undefined ? [value] : [];
  }
  if (!present && o.default !== undefined) {
    const list = o.default.split(',').map((v) => v.trim()).filter(Boolean);
    return { present, ...(last ? { last, raw } : {}), value: o.default, list, fromDefault: true };
  }
  return { present, ...(last ? { last, raw } : {}), ...(value !== undefined ? { value } : {}), list, fromDefault: false };
}

function sameValue(observed: string, wanted: string): boolean {
  const w = parseBool(wanted);
  if (w !== undefined && (wanted === 'true' || wanted === 'false')) return parseBool(observed) === w;
  return observed === wanted;
}

function values(v: Options['value']): string[] {
  return Array.isArray(v) ? v : v === undefined ? [] : [String(v)];
}

function judge(rule: Rule, r: Reading, o: Options): boolean {
  switch (rule) {
    case 'set':
      return r.present && (r.value ?? '') !== '';
    case 'unset':
      return !r.present;
    case 'equals':
      return r.value !== undefined && sameValue(r.value, String(o.value));
    case 'notEquals':
      return r.value === undefined || !sameValue(r.value, String(o.value));
    case 'includes':
      return values(o.value).every((v) => r.list.includes(v));
    case 'excludes':
      return !values(o.value).some((v) => r.list.includes(v));
    case 'min': {
      const n = r.value === undefined || r.value.trim() === '' ? NaN : Number(r.value);
      return Number.isFinite(n) && n >= Number(o.value);
    }
    case 'only':
      return r.list.length > 0 && r.list.every((v) => values(o.value).includes(v));
  }
}

function expectation(o: Options): string {
  const vs = values(o.value);
  const subject = o.key ? `${o.key} in` : '';
  switch (o.rule) {
    case 'set':
      return 'set to a value';
    case 'unset':
      return 'not set';
    case 'equals':
      return `${subject ? `${subject} the flag ` : ''}set to ${vs[0]}`;
    case 'notEquals':
      return `${subject ? `${subject} the flag ` : ''}not ${vs[0]}`;
    case 'includes':
      return `includes ${vs.join(', ')}`;
    case 'excludes':
      return `does not include ${vs.join(', ')}`;
    case 'min':
      return `set to ${vs[0]} or more`;
    case 'only':
      return `set, and every element one of: ${vs.join(', ')}`;
  }
}

function state(r: Reading, o: Options): string {
  if (!r.present) {
    if (r.fromDefault) return `is not set${o.key ? ` (nor ${o.key})` : ''}, so the default ${r.value} applies`;
    return o.key && r.last ? `does not set ${o.key}` : 'is not set';
  }
  const v = o.key ? `${o.key}=${r.value}` : r.value;
  return v === '' ? 'is set to an empty value' : `is ${v}`;
}

export default defineCheck({
  id: 'control-plane-flag',
  description:
    'A command-line flag of a control-plane component (kube-apiserver, kube-controller-manager, kube-scheduler, etcd), read from its static pod in kube-system.',
  needs: ['Pod'],
  options: optionsSchema,
  messages: {
    satisfied: '{{component}} {{pod}}: {{flag}} {{state}} (expected: {{expected}}).',
    violated: '{{component}} {{pod}}: {{flag}} {{state}}; expected {{expected}}.',
  },
  evaluate(ctx) {
    const o = ctx.options;
    const all = controlPlanePods(ctx.index);
    if (all.length === 0) {
      ctx.notAssessed(NO_CONTROL_PLANE_REASON);
      return;
    }
    const pods = all.filter((p) => p.component === o.component);
    if (pods.length === 0) {
      ctx.notAssessed(
        `no static ${o.component} pod is visible in kube-system, though other control-plane pods are (${[...new Set(all.map((p) => p.component))].join(', ')}): ` +
          `${o.component === 'etcd' ? 'an external etcd cluster, ' : ''}a managed or differently deployed ${o.component}, or its pod was not collected`,
      );
      return;
    }
    const flags = Array.isArray(o.flag) ? o.flag : [o.flag];
    const expected = expectation(o);
    for (const pod of pods) {
      for (const flag of flags) {
        const r = read(pod, flag, o);
        if (!r.present && o.deferTo) {
          const deferred = o.deferTo.map((d) => occurrences(pod, d).at(-1)).find((d) => d !== undefined);
          if (deferred) {
            ctx.notAssessed(
              `${o.component} ${pod.pod.metadata.name} does not set ${flag} but sets ${deferred.raw}: the setting lives in that file, which the Kubernetes API does not expose; an assessor must read it`,
            );
            continue;
          }
        }
        const ok = judge(o.rule, r, o);
        ctx.report({
          outcome: ok ? 'pass' : 'fail',
          messageId: ok ? 'satisfied' : 'violated',
          data: { component: o.component, pod: pod.pod.metadata.name, flag, state: state(r, o), expected },
          object: pod.ref,
          container: pod.container,
          pointer: r.last?.pointer ?? `${pod.containerPointer}/command`,
          observed: r.present ? (o.key ? `${o.key}=${r.value}` : (r.raw ?? null)) : (r.raw ?? null),
          expected: `${flag} ${expected}`,
          clusterWide: true,
        });
      }
    }
  },
});

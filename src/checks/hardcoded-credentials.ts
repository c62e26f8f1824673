import { z } from 'zod';
import { REDACTED_PREFIX } from '../collect/redact.js';
import { refOf, type ObjectRef } from '../snapshot/types.js';
import { escapePointerToken } from '../util/pointer.js';
import { containersOf, WORKLOAD_KINDS } from './pod-helpers.js';
import { defineCheck, type CheckContext } from './types.js';

/**
 * Credential-looking literals are found and replaced when the snapshot is made (collect/redact.ts);
 * what reaches a check is a marker with the detector, the length and a keyed fingerprint. This
 * check turns each marker into evidence: the place, never the value.
 */
const MARKER = new RegExp(`^${REDACTED_PREFIX}:([a-z0-9-]+):len=(\\d+):fp=([0-9a-f]+)$`);

const EXPECTED = 'no credential in configuration: a reference to a Secret or an external secret store';

type Messages = 'envLiteral' | 'configMapLiteral' | 'annotationLiteral' | 'noEnvLiteral' | 'noConfigMapLiteral';

function parse(value: unknown): { detector: string; length: number; fingerprint: string } | undefined {
  if (typeof value !== 'string') return undefined;
  const m = MARKER.exec(value);
  return m ? { detector: m[1]!, length: Number(m[2]), fingerprint: m[3]! } : undefined;
}

function observed(found: { detector: string; length: number; fingerprint: string }): string {
  return `[redacted: ${found.detector}, ${found.length} bytes, fingerprint ${found.fingerprint}]`;
}

export default defineCheck({
  id: 'hardcoded-credentials',
  description: 'No credential-looking literal in container environment values, ConfigMap data or annotations.',
  needs: [...WORKLOAD_KINDS, 'ConfigMap'],
  options: z.strictObject({}),
  messages: {
    envLiteral: 'Container {{container}} sets {{key}} to a literal that looks like a credential ({{detector}}, {{length}} bytes, fingerprint {{fingerprint}}).',
    configMapLiteral: 'ConfigMap key {{key}} holds what looks like a credential ({{detector}}, {{length}} bytes, fingerprint {{fingerprint}}).',
    annotationLiteral: 'Annotation {{key}} holds what looks like a credential ({{detector}}, {{length}} bytes, fingerprint {{fingerprint}}).',
    noEnvLiteral: 'Container {{container}} sets no credential-looking literal in its environment.',
    noConfigMapLiteral: 'ConfigMap holds no credential-looking value.',
  } satisfies Record<Messages, string>,
  evaluate(ctx) {
    const fail = (object: ObjectRef, messageId: 'envLiteral' | 'configMapLiteral' | 'annotationLiteral', key: string, pointer: string, value: string, container?: string) => {
      const found = parse(value)!;
      ctx.report({
        outcome: 'fail',
        messageId,
        data: { key, container: container ?? '', detector: found.detector, length: found.length, fingerprint: found.fingerprint },
        object,
        ...(container !== undefined ? { container } : {}),
        pointer,
        observed: observed(found),
        expected: EXPECTED,
      });
    };
    for (const w of ctx.index.workloads()) {
      for (const c of containersOf(w)) {
        let found = 0;
        (Array.isArray(c.container.env) ? c.container.env : []).forEach((e: any, i: number) => {
          if (parse(e?.value)) {
            found++;
            fail(c.ref, 'envLiteral', String(e.name), `${c.pointer}/env/${i}/value`, e.value, c.name);
          }
        });
        if (found === 0) {
          ctx.report({ outcome: 'pass', messageId: 'noEnvLiteral', data: { container: c.name }, object: c.ref, container: c.name, pointer: `${c.pointer}/env`, observed: null, expected: EXPECTED });
        }
      }
    }
    for (const cm of ctx.index.of('ConfigMap')) {
      const data = (cm.data ?? {}) as Record<string, unknown>;
      let found = 0;
      for (const [k, v] of Object.entries(data)) {
        if (parse(v)) {
          found++;
          fail(refOf(cm), 'configMapLiteral', k, `/data/${escapePointerToken(k)}`, v as string);
        }
      }
      if (found === 0) ctx.report({ outcome: 'pass', messageId: 'noConfigMapLiteral', object: refOf(cm), pointer: '/data', observed: null, expected: EXPECTED });
    }
    reportAnnotations(ctx, fail);
  },
});

function reportAnnotations(
  ctx: CheckContext<unknown, Messages>,
  fail: (object: ObjectRef, messageId: 'annotationLiteral', key: string, pointer: string, value: string) => void,
): void {
  for (const o of ctx.index.snapshot.objects) {
    for (const [k, v] of Object.entries(o.metadata.annotations ?? {})) {
      if (parse(v)) fail(refOf(o), 'annotationLiteral', k, `/metadata/annotations/${escapePointerToken(k)}`, v);
    }
  }
}

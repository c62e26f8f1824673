import { z } from 'zod';
import { defineCheck, type Json } from './types.js';
import { containersOf, WORKLOAD_KINDS } from './pod-helpers.js';

/** `{}`, `{capabilities: {}}` and `{capabilities: {drop: []}}` set nothing; `{privileged: false}` sets a field. */
function setsAnyField(value: unknown): boolean {
  if (value === undefined || value === null) return false;
  if (Array.isArray(value)) return value.some(setsAnyField);
  if (typeof value === 'object') return Object.values(value).some(setsAnyField);
  return true;
}

const EXPECTED = 'a securityContext that sets at least one field, on the pod or the container';

export default defineCheck({
  id: 'security-context-applied',
  description: 'Every container has a securityContext applied, on the pod or on the container.',
  needs: WORKLOAD_KINDS,
  options: z.strictObject({}),
  messages: {
    container: 'Container {{container}} has a securityContext of its own.',
    pod: 'Container {{container}} has no securityContext of its own; the pod\'s securityContext applies to it.',
    none: 'Neither the pod nor container {{container}} sets any securityContext field: everything is left to the runtime\'s defaults.',
  },
  evaluate(ctx) {
    for (const w of ctx.index.workloads()) {
      const podContext: unknown = w.podSpec.securityContext;
      const podSets = setsAnyField(podContext);
      for (const c of containersOf(w)) {
        const containerContext: unknown = c.container.securityContext;
        const base = { object: c.ref, container: c.name, data: { container: c.name }, expected: EXPECTED } as const;
        if (setsAnyField(containerContext)) {
          ctx.report({ ...base, outcome: 'pass', messageId: 'container', pointer: `${c.pointer}/securityContext`, observed: containerContext as Json });
        } else if (podSets) {
          ctx.report({ ...base, outcome: 'pass', messageId: 'pod', pointer: `${w.podSpecPointer}/securityContext`, observed: podContext as Json });
        } else {
          ctx.report({ ...base, outcome: 'fail', messageId: 'none', pointer: `${c.pointer}/securityContext`, observed: (containerContext ?? null) as Json });
        }
      }
    }
  },
});

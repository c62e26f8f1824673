import { z } from 'zod';
import { refOf } from '../snapshot/types.js';
import type { Workload } from '../snapshot/index.js';
import { WORKLOAD_KINDS } from './network-helpers.js';
import { defineCheck } from './types.js';

function serviceAccountOf(w: Workload): string | undefined {
  const name = w.podSpec.serviceAccountName ?? w.podSpec.serviceAccount;
  return typeof name === 'string' && name !== '' ? name : undefined;
}

export default defineCheck({
  id: 'shared-service-account',
  description:
    'Each named ServiceAccount is used by one workload, so that an identity and its permissions belong to one application. Workloads on the default ServiceAccount are left to the default-ServiceAccount controls.',
  needs: [...WORKLOAD_KINDS],
  options: z.strictObject({}),
  messages: {
    shared: '{{kind}} {{name}} runs as ServiceAccount {{namespace}}/{{sa}}, which {{others}} also use(s): their permissions and their audit trail are mixed.',
    own: '{{kind}} {{name}} is the only workload that runs as ServiceAccount {{namespace}}/{{sa}}.',
  },
  evaluate(ctx) {
    const groups = new Map<string, Workload[]>();
    for (const w of ctx.index.workloads()) {
      const sa = serviceAccountOf(w);
      if (!sa || sa === 'default') continue;
      const key = `${w.namespace}/${sa}`;
      let list = groups.get(key);
      if (!list) groups.set(key, (list = []));
      list.push(w);
    }
    const expected = 'a ServiceAccount of its own for each workload';
    for (const list of groups.values()) {
      for (const w of list) {
        const sa = serviceAccountOf(w)!;
        const others = list.filter((x) => x !== w).map((x) => `${x.kind} ${x.object.metadata.name}`);
        const field = w.podSpec.serviceAccountName !== undefined ? 'serviceAccountName' : 'serviceAccount';
        ctx.report({
          outcome: others.length ? 'fail' : 'pass',
          messageId: others.length ? 'shared' : 'own',
          data: { kind: w.kind, name: w.object.metadata.name, namespace: w.namespace, sa, others: others.join(', ') },
          object: refOf(w.object),
          pointer: `${w.podSpecPointer}/${field}`,
          observed: sa,
          expected,
        });
      }
    }
  },
});

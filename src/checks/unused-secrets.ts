import { z } from 'zod';
import { defineCheck } from './types.js';
import { SA_TOKEN_TYPE, SECRET_NEEDS, secretsOf } from './secrets-helpers.js';

/** Types that controllers consume without a reference kubeproof can see. */
const CONSUMED_ELSEWHERE = new Set([SA_TOKEN_TYPE, 'bootstrap.kubernetes.io/token', 'helm.sh/release.v1']);

export default defineCheck({
  id: 'unused-secrets',
  description: 'Every Secret is used by a workload, a ServiceAccount or an Ingress.',
  needs: SECRET_NEEDS,
  options: z.strictObject({}),
  messages: {
    unused: 'Secret {{name}} is used by no workload, ServiceAccount or Ingress: a credential nobody needs is one more to leak.',
    used: 'Secret {{name}} is used by {{users}}.',
  },
  evaluate(ctx) {
    for (const s of secretsOf(ctx.index, ctx.asOf).secrets) {
      if (s.type !== null && CONSUMED_ELSEWHERE.has(s.type)) continue;
      if (s.managedBy || (ctx.index.get('Secret', s.ref.namespace, s.ref.name)?.metadata.ownerReferences?.length ?? 0) > 0) continue;
      const users = [...new Set(s.uses.map((u) => `${u.by.kind} ${u.by.name} (${u.how})`))];
      ctx.report({
        outcome: users.length ? 'pass' : 'fail',
        messageId: users.length ? 'used' : 'unused',
        data: { name: s.ref.name, users: users.join(', ') },
        object: s.ref,
        pointer: '',
        observed: users.length,
        expected: 'used by at least one workload, ServiceAccount or Ingress',
      });
    }
  },
});

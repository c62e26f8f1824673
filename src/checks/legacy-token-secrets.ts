import { z } from 'zod';
import { refOf } from '../snapshot/types.js';
import { defineCheck } from './types.js';
import { SA_TOKEN_TYPE, SECRET_NEEDS, secretsOf } from './secrets-helpers.js';

export default defineCheck({
  id: 'legacy-token-secrets',
  description: 'No long-lived ServiceAccount token Secrets: pods use projected, expiring tokens.',
  needs: SECRET_NEEDS,
  options: z.strictObject({}),
  messages: {
    legacyUsed: 'Secret {{name}} is a long-lived token of ServiceAccount {{sa}} and {{uses}} mounts or reads it: it never expires.',
    legacyUnused: 'Secret {{name}} is a long-lived token of ServiceAccount {{sa}} that no workload uses: delete it.',
    none: 'ServiceAccount {{sa}} has no long-lived token Secret.',
  },
  evaluate(ctx) {
    const inv = secretsOf(ctx.index, ctx.asOf);
    const withToken = new Set<string>();
    for (const s of inv.secrets) {
      const isToken = s.type === SA_TOKEN_TYPE || s.serviceAccount !== null || (s.type === null && /-token-[a-z0-9]{5}$/.test(s.ref.name));
      if (!isToken) continue;
      const sa = s.serviceAccount ?? '(unknown)';
      withToken.add(`${s.ref.namespace ?? ''}/${sa}`);
      const consumers = s.uses.filter((u) => u.how !== 'serviceaccount');
      ctx.report({
        outcome: 'fail',
        messageId: consumers.length ? 'legacyUsed' : 'legacyUnused',
        data: { name: s.ref.name, sa, uses: consumers.map((u) => `${u.by.kind} ${u.by.name}`).join(', ') },
        object: s.ref,
        pointer: '/type',
        observed: s.type,
        expected: 'no kubernetes.io/service-account-token Secrets; tokens from the TokenRequest API (projected volumes)',
      });
    }
    for (const sa of ctx.index.of('ServiceAccount')) {
      if (withToken.has(`${sa.metadata.namespace ?? ''}/${sa.metadata.name}`)) continue;
      ctx.report({
        outcome: 'pass',
        messageId: 'none',
        data: { sa: sa.metadata.name },
        object: refOf(sa),
        pointer: '/secrets',
        observed: null,
        expected: 'no kubernetes.io/service-account-token Secrets',
      });
    }
  },
});

import { z } from 'zod';
import { defineCheck } from './types.js';
import { ROTATABLE_TYPES, SECRET_NEEDS, secretsOf } from './secrets-helpers.js';

export default defineCheck({
  id: 'secret-rotation',
  description: 'Credential Secrets are younger than the rotation period.',
  needs: SECRET_NEEDS,
  options: z.strictObject({ maxAgeDays: z.number().int().positive().default(90) }),
  messages: {
    tooOld: 'Secret {{name}} ({{type}}) was created {{age}} days ago, more than the rotation period of {{max}} days. Kubernetes keeps no update time: a Secret rewritten in place keeps its creation time, so rotation must be shown by recreating it, by an external store, or by an attestation.',
    young: 'Secret {{name}} ({{type}}) was created {{age}} days ago, within the rotation period of {{max}} days.',
    noDate: 'Secret {{name}} has no creationTimestamp: its age cannot be judged.',
  },
  evaluate(ctx) {
    const max = ctx.options.maxAgeDays;
    for (const s of secretsOf(ctx.index, ctx.asOf).secrets) {
      if (s.managedBy) continue; // rotated by its store or owner, not by hand
      // Metadata-only listing gives no type: judge it, rather than assume it is not a credential.
      if (s.type !== null && !ROTATABLE_TYPES.has(s.type)) continue;
      const data = { name: s.ref.name, type: s.type ?? 'type unknown', age: s.ageDays ?? -1, max };
      if (s.ageDays === null) {
        ctx.report({ outcome: 'fail', messageId: 'noDate', data, object: s.ref, pointer: '/metadata/creationTimestamp', observed: null, expected: `created within the last ${max} days` });
        continue;
      }
      ctx.report({
        outcome: s.ageDays > max ? 'fail' : 'pass',
        messageId: s.ageDays > max ? 'tooOld' : 'young',
        data,
        object: s.ref,
        pointer: '/metadata/creationTimestamp',
        observed: s.createdAt,
        expected: `created within the last ${max} days`,
      });
    }
  },
});

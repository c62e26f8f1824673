import { z } from 'zod';
import { describeBinding, describeSubject, rbacModel } from '../rbac/model.js';
import { defineCheck } from './types.js';
import { RBAC_KINDS, globMatch, originNote, roleText, whereText } from './rbac-helpers.js';

export default defineCheck({
  id: 'rbac-bound-subjects',
  description:
    'No binding outside Kubernetes\' bootstrap policy names one of the given subjects (system:masters, system:anonymous, default ServiceAccounts...).',
  needs: [...RBAC_KINDS],
  options: z.strictObject({
    /** `name` may use * (any run of characters); a ServiceAccount matches in any namespace. */
    subjects: z.array(z.strictObject({ kind: z.enum(['User', 'Group', 'ServiceAccount']), name: z.string().min(1) })).min(1),
    /** The subjects in words, for messages: "the group system:masters". */
    what: z.string().min(1),
  }),
  messages: {
    bound: '{{binding}} grants {{role}} {{where}} to {{subject}}, {{what}}.{{note}}',
    builtIn: 'The built-in {{binding}} grants {{role}} to {{subject}}, part of Kubernetes\' bootstrap policy: not a user finding.',
    notBound: '{{binding}} names none of {{what}}.',
  },
  evaluate(ctx) {
    const { subjects, what } = ctx.options;
    const expected = `no user-defined binding names ${what}`;
    for (const b of rbacModel(ctx.index).bindings) {
      let matched = false;
      for (const { subject, index } of b.subjects) {
        if (!subjects.some((s) => s.kind === subject.kind && globMatch(s.name, subject.name))) continue;
        matched = true;
        ctx.report({
          outcome: b.builtIn ? 'pass' : 'fail',
          messageId: b.builtIn ? 'builtIn' : 'bound',
          data: { binding: describeBinding(b), role: roleText(b), where: whereText(b), subject: describeSubject(subject), what, note: originNote(b) },
          object: b.ref,
          pointer: `/subjects/${index}`,
          observed: { subject: describeSubject(subject), roleRef: `${b.roleRef.kind} ${b.roleRef.name}` },
          expected,
        });
      }
      if (!matched && !b.builtIn) {
        ctx.report({ outcome: 'pass', messageId: 'notBound', data: { binding: describeBinding(b), what }, object: b.ref, pointer: '/subjects', observed: null, expected });
      }
    }
  },
});

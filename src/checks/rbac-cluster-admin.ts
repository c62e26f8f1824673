import { z } from 'zod';
import { describeBinding, describeRule, describeSubject, isBuiltIn, rbacModel, ruleJson, type BindingView, type SourcedRule } from '../rbac/model.js';
import { defineCheck } from './types.js';
import { RBAC_KINDS, originNote, roleText, whereText } from './rbac-helpers.js';

/** A rule that allows every verb on every resource of every group: cluster-admin in all but name. */
function fullControl(b: BindingView): SourcedRule | undefined {
  return b.role?.rules.find((r) => r.rule.verbs.includes('*') && r.rule.apiGroups.includes('*') && r.rule.resources.includes('*'));
}

export default defineCheck({
  id: 'rbac-cluster-admin',
  description:
    'Bindings to cluster-admin, or to any role with a rule allowing every verb on every resource of every API group, outside Kubernetes\' bootstrap policy.',
  needs: [...RBAC_KINDS],
  options: z.strictObject({}),
  messages: {
    admin: '{{subject}} has full control {{where}}: {{binding}} binds {{role}}{{rule}}.{{note}}',
    builtIn: '{{subject}} has full control {{where}} through the built-in {{binding}} ({{role}}), part of Kubernetes\' bootstrap policy: not a user finding.',
    notAdmin: '{{binding}} ({{role}}) does not grant full control.',
  },
  evaluate(ctx) {
    const model = rbacModel(ctx.index);
    const expected = 'cluster-admin (or an equivalent * on * rule) bound only where required: break-glass accounts, each justified and waived';
    for (const b of model.bindings) {
      const byName = b.roleRef.kind === 'ClusterRole' && b.roleRef.name === 'cluster-admin' && b.role !== undefined;
      const rule = fullControl(b);
      if (!byName && !rule) {
        if (!b.builtIn) {
          ctx.report({
            outcome: 'pass',
            messageId: 'notAdmin',
            data: { binding: describeBinding(b), role: roleText(b) },
            object: b.ref,
            pointer: '/roleRef',
            observed: { roleRef: `${b.roleRef.kind} ${b.roleRef.name}` },
            expected,
          });
        }
        continue;
      }
      // A built-in binding is a user finding only when a user-defined role was aggregated into it.
      const user = !b.builtIn || (rule !== undefined && !isBuiltIn(rule.source));
      for (const { subject, index } of b.subjects) {
        ctx.report({
          outcome: user ? 'fail' : 'pass',
          messageId: user ? 'admin' : 'builtIn',
          data: {
            subject: describeSubject(subject),
            where: whereText(b),
            binding: describeBinding(b),
            role: roleText(b),
            rule: rule && !byName ? `, whose ${describeRule(b.role!, rule)}` : '',
            note: originNote(b),
          },
          object: b.ref,
          pointer: `/subjects/${index}`,
          observed: { subject: describeSubject(subject), binding: describeBinding(b), ...(rule ? ruleJson(b.role!, rule) : { role: roleText(b) }) },
          expected,
        });
      }
    }
  },
});

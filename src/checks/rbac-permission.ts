import { z } from 'zod';
import { rbacModel } from '../rbac/model.js';
import { defineCheck } from './types.js';
import { RBAC_KINDS, bySubject, grantData, grantObserved, roleText } from './rbac-helpers.js';
import { describeBinding } from '../rbac/model.js';

const permission = z.strictObject({
  verbs: z.array(z.string().min(1)).min(1),
  /** '' is the core group. */
  apiGroup: z.string().default(''),
  /** `secrets`, or `resource/subresource` such as `nodes/proxy`. */
  resource: z.string().regex(/^[a-z0-9.*-]+(\/[a-z0-9-]+)?$/, 'expected a resource such as secrets or nodes/proxy'),
});

export default defineCheck({
  id: 'rbac-permission',
  description:
    'Who may perform a sensitive action (read Secrets, create pods, escalate, impersonate...), from the effective RBAC permissions: every binding, role (aggregation resolved) and rule that grants it.',
  needs: [...RBAC_KINDS],
  options: z.strictObject({
    permissions: z.array(permission).min(1),
    /** The action in words, for messages: "read Secrets". */
    what: z.string().min(1),
  }),
  messages: {
    granted: '{{subject}} can {{what}} {{where}}: {{binding}} binds {{role}}, whose {{rule}}.{{note}}',
    builtIn: '{{subject}} can {{what}} {{where}} through the built-in {{binding}} ({{role}}), part of Kubernetes\' bootstrap policy: not a user finding.',
    notGranted: '{{binding}} ({{role}}) does not let its subjects {{what}}.',
  },
  evaluate(ctx) {
    const model = rbacModel(ctx.index);
    const { what } = ctx.options;
    const grants = ctx.options.permissions.flatMap((p) => model.grants({ verbs: p.verbs, apiGroup: p.apiGroup, resource: p.resource }));
    const groups = bySubject(grants);
    const granting = new Set(groups.map((g) => g.binding));
    const expected = `no user-defined binding lets a subject ${what}, or each one that does is justified and waived`;
    for (const group of groups) {
      const user = group.grants.filter((g) => g.userDefined);
      const first = user[0] ?? group.grants[0]!;
      ctx.report({
        outcome: user.length ? 'fail' : 'pass',
        messageId: user.length ? 'granted' : 'builtIn',
        data: { ...grantData(first), what },
        object: group.binding.ref,
        pointer: `/subjects/${group.subjectIndex}`,
        observed: grantObserved(first, (user.length ? user : group.grants).length - 1),
        expected,
      });
    }
    for (const b of model.bindings) {
      if (granting.has(b) || b.builtIn) continue;
      ctx.report({
        outcome: 'pass',
        messageId: 'notGranted',
        data: { binding: describeBinding(b), role: roleText(b), what },
        object: b.ref,
        pointer: '/roleRef',
        observed: { roleRef: `${b.roleRef.kind} ${b.roleRef.name}` },
        expected,
      });
    }
  },
});

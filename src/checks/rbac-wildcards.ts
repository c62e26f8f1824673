import { z } from 'zod';
import { describeRole, rbacModel } from '../rbac/model.js';
import { defineCheck } from './types.js';

const FIELDS = ['verbs', 'apiGroups', 'resources', 'nonResourceURLs'] as const;

export default defineCheck({
  id: 'rbac-wildcards',
  description: 'Roles and ClusterRoles outside Kubernetes\' bootstrap policy use no `*` in verbs, apiGroups, resources or nonResourceURLs.',
  needs: ['Role', 'ClusterRole'],
  options: z.strictObject({}),
  messages: {
    wildcard: '{{role}} rules[{{index}}] has * in {{fields}}: it grants {{grants}}, including whatever is added to the API later.',
    noWildcard: '{{role}} lists its verbs, API groups and resources explicitly.',
  },
  evaluate(ctx) {
    const expected = 'explicit verbs, apiGroups and resources: no *';
    for (const role of rbacModel(ctx.index).roles) {
      if (role.builtIn) continue;
      // An aggregated ClusterRole's rules are copies of its components', reported on the components.
      if ((role.object as any).aggregationRule) continue;
      const rules = Array.isArray((role.object as any).rules) ? ((role.object as any).rules as Array<Record<string, unknown>>) : [];
      let found = false;
      rules.forEach((rule, index) => {
        const fields = FIELDS.filter((f) => Array.isArray(rule?.[f]) && (rule[f] as unknown[]).some((v) => typeof v === 'string' && (v === '*' || v.startsWith('*/'))));
        if (!fields.length) return;
        found = true;
        ctx.report({
          outcome: 'fail',
          messageId: 'wildcard',
          data: {
            role: describeRole(role),
            index,
            fields: fields.join(', '),
            grants: fields.map((f) => (f === 'verbs' ? 'every verb' : f === 'apiGroups' ? 'every API group' : f === 'resources' ? 'every resource' : 'every non-resource URL')).join(', '),
          },
          object: role.ref,
          pointer: `/rules/${index}/${fields[0]}`,
          observed: Object.fromEntries(FIELDS.filter((f) => Array.isArray(rule?.[f])).map((f) => [f, rule[f] as string[]])),
          expected,
        });
      });
      if (!found) {
        ctx.report({ outcome: 'pass', messageId: 'noWildcard', data: { role: describeRole(role) }, object: role.ref, pointer: '/rules', observed: null, expected });
      }
    }
  },
});

import { z } from 'zod';
import { refOf } from '../snapshot/types.js';
import { defineCheck, type Json } from './types.js';
import { isMirrorPod, serviceAccountOf, WORKLOAD_KINDS } from './pod-helpers.js';

export default defineCheck({
  id: 'default-service-account',
  description: 'Workloads run under a ServiceAccount of their own, and default ServiceAccounts do not mount API tokens.',
  needs: [...WORKLOAD_KINDS, 'ServiceAccount'],
  options: z.strictObject({}),
  messages: {
    usesDefault: 'The pod spec names the ServiceAccount default: the pod runs under its namespace\'s default ServiceAccount.',
    unset: 'The pod names no ServiceAccount: it runs under the namespace\'s default ServiceAccount.',
    ownAccount: 'The pod runs under its own ServiceAccount {{serviceAccount}}.',
    defaultAutomounts: 'The default ServiceAccount of namespace {{namespace}} does not set automountServiceAccountToken: false: every pod that runs under it gets an API token.',
    defaultNoAutomount: 'The default ServiceAccount of namespace {{namespace}} sets automountServiceAccountToken: false.',
  },
  evaluate(ctx) {
    for (const w of ctx.index.workloads()) {
      if (isMirrorPod(w)) continue;
      const sa = serviceAccountOf(w);
      const base = { object: refOf(w.object), pointer: sa.pointer, observed: sa.observed as Json, expected: 'serviceAccountName naming a ServiceAccount other than default' };
      if (sa.name === 'default') {
        ctx.report({ ...base, outcome: 'fail', messageId: sa.observed === null || sa.observed === '' ? 'unset' : 'usesDefault' });
      } else {
        ctx.report({ ...base, outcome: 'pass', messageId: 'ownAccount', data: { serviceAccount: sa.name } });
      }
    }
    for (const sa of ctx.index.of('ServiceAccount')) {
      if (sa.metadata.name !== 'default') continue;
      const value = sa.automountServiceAccountToken;
      ctx.report({
        outcome: value === false ? 'pass' : 'fail',
        messageId: value === false ? 'defaultNoAutomount' : 'defaultAutomounts',
        data: { namespace: sa.metadata.namespace ?? '(none)' },
        object: refOf(sa),
        pointer: '/automountServiceAccountToken',
        observed: (value ?? null) as Json,
        expected: 'false',
      });
    }
  },
});

import { z } from 'zod';
import { refOf } from '../snapshot/types.js';
import { namespaceRef, namespacesWithWorkloads, networkModel } from '../network/policy.js';
import { WORKLOAD_KINDS } from './network-helpers.js';
import { defineCheck } from './types.js';

export default defineCheck({
  id: 'network-policy-coverage',
  description:
    'Every namespace that runs workloads has NetworkPolicies (per: namespace), and every workload is selected by at least one (per: workload).',
  needs: ['NetworkPolicy', 'Namespace', ...WORKLOAD_KINDS],
  options: z.strictObject({ per: z.enum(['namespace', 'workload']) }),
  messages: {
    namespaceNone: 'Namespace {{namespace}} runs {{workloads}} workload(s) and has no NetworkPolicy: all traffic to and from its pods is allowed.',
    namespaceSome: 'Namespace {{namespace}} has {{count}} NetworkPolicy object(s): {{policies}}{{unselected}}.',
    unselected: 'No NetworkPolicy selects the pods of {{kind}} {{name}}: all ingress and egress traffic is allowed.',
    hostNetwork: '{{kind}} {{name}} uses the host network: NetworkPolicy does not apply to its pods whatever selects them.',
    selected: '{{kind}} {{name}} is selected by {{policies}} (isolated for {{types}}).',
  },
  evaluate(ctx) {
    const model = networkModel(ctx.index);
    if (ctx.options.per === 'namespace') {
      const workloads = ctx.index.workloads();
      for (const ns of namespacesWithWorkloads(ctx.index)) {
        const policies = model.policies(ns);
        const mine = workloads.filter((w) => w.namespace === ns);
        const unselected = mine.filter((w) => model.selecting(w).length === 0).map((w) => `${w.kind}/${w.object.metadata.name}`);
        ctx.report({
          outcome: policies.length ? 'pass' : 'fail',
          messageId: policies.length ? 'namespaceSome' : 'namespaceNone',
          data: {
            namespace: ns,
            workloads: mine.length,
            count: policies.length,
            policies: policies.map((p) => p.name).join(', '),
            unselected: unselected.length ? `; no policy selects ${unselected.join(', ')}` : '',
          },
          object: namespaceRef(ctx.index, ns),
          pointer: '',
          observed: { networkPolicies: policies.map((p) => p.name), workloads: mine.length, unselected },
          expected: 'at least one NetworkPolicy in every namespace that runs workloads (a default-deny policy and the allow rules the workloads need)',
        });
      }
      return;
    }
    for (const w of ctx.index.workloads()) {
      const data = { kind: w.kind, name: w.object.metadata.name };
      const base = { object: refOf(w.object), pointer: `${w.podSpecPointer.replace(/\/spec$/, '/metadata')}/labels`, expected: 'selected by at least one NetworkPolicy' };
      if (w.podSpec.hostNetwork === true) {
        ctx.report({ ...base, outcome: 'fail', messageId: 'hostNetwork', data, pointer: `${w.podSpecPointer}/hostNetwork`, observed: true });
        continue;
      }
      const selecting = model.selecting(w);
      if (selecting.length === 0) {
        ctx.report({ ...base, outcome: 'fail', messageId: 'unselected', data, observed: w.podLabels });
        continue;
      }
      const types = [...new Set(selecting.flatMap((p) => p.types))].sort();
      ctx.report({
        ...base,
        outcome: 'pass',
        messageId: 'selected',
        data: { ...data, policies: selecting.map((p) => p.name).join(', '), types: types.join(' and ') },
        observed: w.podLabels,
      });
    }
  },
});

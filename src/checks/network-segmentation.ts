import { z } from 'zod';
import { refOf } from '../snapshot/types.js';
import { networkModel } from '../network/policy.js';
import { WORKLOAD_KINDS } from './network-helpers.js';
import { defineCheck } from './types.js';

export default defineCheck({
  id: 'network-segmentation',
  description:
    'The workloads of the in-scope namespaces (scope tag pci or hipaa) are isolated for ingress or egress by NetworkPolicy, and no rule opens them to every namespace or every address; the namespaces they may talk to are listed, out-of-scope ones marked.',
  needs: ['NetworkPolicy', 'Namespace', ...WORKLOAD_KINDS],
  options: z.strictObject({
    /** The scope tag whose namespaces are the segment: pci (the CDE) or hipaa (ePHI). */
    scope: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/),
    direction: z.enum(['ingress', 'egress']),
  }),
  messages: {
    notIsolated: '{{kind}} {{name}} in {{namespace}} is not isolated for {{direction}}: no NetworkPolicy with policyTypes {{type}} selects its pods, so {{everything}} is allowed.',
    hostNetwork: '{{kind}} {{name}} in {{namespace}} uses the host network: NetworkPolicy cannot isolate it.',
    open: '{{kind}} {{name}} in {{namespace}}: {{policy}} {{rulePointer}} allows {{direction}} {{fromTo}} anything ({{why}}).',
    restricted: '{{kind}} {{name}} in {{namespace}} is isolated for {{direction}} by {{policies}}; allowed {{fromTo}}: {{peers}}.',
  },
  evaluate(ctx) {
    const { direction } = ctx.options;
    const scope = ctx.scope(ctx.options.scope);
    const type = direction === 'ingress' ? 'Ingress' : 'Egress';
    const fromTo = direction === 'ingress' ? 'from' : 'to';
    const model = networkModel(ctx.index);
    const expected = `isolated for ${direction} by a NetworkPolicy (default deny), with rules that name the ${direction === 'ingress' ? 'sources' : 'destinations'} they need: no rule open to every namespace or every address`;
    let any = false;
    for (const w of ctx.index.workloads()) {
      if (!scope.namespaces.has(w.namespace)) continue;
      any = true;
      const base = { kind: w.kind, name: w.object.metadata.name, namespace: w.namespace, direction };
      const object = refOf(w.object);
      if (w.podSpec.hostNetwork === true) {
        ctx.report({ outcome: 'fail', messageId: 'hostNetwork', data: base, object, pointer: `${w.podSpecPointer}/hostNetwork`, observed: true, expected });
        continue;
      }
      const reach = model.reach(w, type);
      if (!reach.isolated) {
        ctx.report({
          outcome: 'fail',
          messageId: 'notIsolated',
          data: { ...base, type, everything: direction === 'ingress' ? 'traffic from every pod and every address' : 'traffic to every pod and every address' },
          object,
          pointer: `${w.podSpecPointer.replace(/\/spec$/, '/metadata')}/labels`,
          observed: { selectedBy: model.selecting(w).map((p) => `${p.name} (${p.types.join(',')})`) },
          expected,
        });
        continue;
      }
      if (reach.open) {
        ctx.report({
          outcome: 'fail',
          messageId: 'open',
          data: { ...base, policy: `NetworkPolicy ${reach.open.policy.name}`, rulePointer: reach.open.rule.pointer, fromTo, why: reach.open.why },
          object,
          pointer: `${w.podSpecPointer.replace(/\/spec$/, '/metadata')}/labels`,
          observed: {
            policy: reach.open.policy.name,
            rule: reach.open.rule.pointer,
            [direction]: (reach.open.policy.object as any).spec?.[direction]?.[reach.open.rule.index] ?? null,
          },
          expected,
        });
        continue;
      }
      const peers = [
        ...reach.namespaces.map((ns) => (scope.declared && !scope.namespaces.has(ns) ? `${ns} (out of scope)` : ns)),
        ...reach.ipBlocks.map((b) => `ipBlock ${b}`),
      ];
      ctx.report({
        outcome: 'pass',
        messageId: 'restricted',
        data: { ...base, fromTo, policies: reach.policies.map((p) => p.name).join(', '), peers: peers.length ? peers.join(', ') : 'nothing (deny all)' },
        object,
        pointer: `${w.podSpecPointer.replace(/\/spec$/, '/metadata')}/labels`,
        observed: { policies: reach.policies.map((p) => p.name), namespaces: reach.namespaces, ipBlocks: reach.ipBlocks },
        expected,
      });
    }
    if (!any) ctx.notApplicable(`no workload runs in the namespaces of scope ${ctx.options.scope}`);
  },
});

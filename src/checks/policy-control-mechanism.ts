import { z } from 'zod';
import { namespaceRef, namespacesWithWorkloads } from '../network/policy.js';
import { KYVERNO_CLUSTER_POLICY, KYVERNO_POLICY, kyvernoCoverage, vapCoverage, webhookEngineCoverage } from './admission-helpers.js';
import { WORKLOAD_KINDS } from './network-helpers.js';
import { defineCheck } from './types.js';

const ENFORCE = 'pod-security.kubernetes.io/enforce';
const LEVELS = new Set(['baseline', 'restricted']);

export default defineCheck({
  id: 'policy-control-mechanism',
  description:
    'Every namespace that runs workloads is governed by an active pod policy control: a Pod Security Admission enforce label at baseline or restricted, or a policy engine that denies (Kyverno Enforce validate rules, ValidatingAdmissionPolicy bound with Deny, Gatekeeper, Kubewarden, jsPolicy).',
  needs: ['Namespace', ...WORKLOAD_KINDS],
  optionalNeeds: [KYVERNO_CLUSTER_POLICY, KYVERNO_POLICY, 'ValidatingAdmissionPolicy', 'ValidatingAdmissionPolicyBinding', 'ValidatingWebhookConfiguration'],
  options: z.strictObject({}),
  messages: {
    psa: 'Namespace {{namespace}} enforces the Pod Security Standard {{level}} (label {{label}}).',
    engine: 'Namespace {{namespace}} is governed by {{mechanism}}: {{detail}}.',
    none: 'Namespace {{namespace}} has no active pod policy control: {{psa}}, and no policy engine that denies covers it.',
  },
  evaluate(ctx) {
    const expected = `label ${ENFORCE}=baseline or restricted, or a policy engine that denies non-compliant pods in the namespace`;
    for (const ns of namespacesWithWorkloads(ctx.index)) {
      const labels = ctx.index.namespaceLabels(ns);
      const object = namespaceRef(ctx.index, ns);
      const level = labels[ENFORCE];
      const pointer = `/metadata/labels/${ENFORCE.replace(/~/g, '~0').replace(/\//g, '~1')}`;
      if (level && LEVELS.has(level)) {
        ctx.report({ outcome: 'pass', messageId: 'psa', data: { namespace: ns, level, label: `${ENFORCE}=${level}` }, object, pointer, observed: level, expected });
        continue;
      }
      const engine = [...kyvernoCoverage(ctx.index, ns, 'validate'), ...vapCoverage(ctx.index, ns), ...webhookEngineCoverage(ctx.index, ns)][0];
      if (engine) {
        ctx.report({ outcome: 'pass', messageId: 'engine', data: { namespace: ns, mechanism: engine.mechanism, detail: engine.detail }, object, pointer, observed: level ?? null, expected });
        continue;
      }
      const warnOnly = labels['pod-security.kubernetes.io/warn'] ?? labels['pod-security.kubernetes.io/audit'];
      const psa = level === 'privileged'
        ? 'its Pod Security Admission enforce level is privileged (no restriction)'
        : warnOnly
          ? `Pod Security Admission only warns or audits (${warnOnly}) and does not enforce`
          : 'it has no Pod Security Admission enforce label';
      ctx.report({ outcome: 'fail', messageId: 'none', data: { namespace: ns, psa }, object, pointer, observed: level ?? null, expected });
    }
  },
});

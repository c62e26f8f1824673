import { z } from 'zod';
import { refOf } from '../snapshot/types.js';
import { validatesPodCreation } from './admission-helpers.js';
import { defineCheck } from './types.js';

export default defineCheck({
  id: 'webhook-failure-policy',
  description: 'Validating admission webhooks that judge pod creation fail closed (failurePolicy: Fail), so that a policy engine that is down does not admit everything.',
  needs: ['ValidatingWebhookConfiguration'],
  options: z.strictObject({}),
  messages: {
    failOpen: 'Webhook {{webhook}} of {{config}} validates pod creation with failurePolicy Ignore: when {{target}} is down or slow, every pod is admitted unchecked.',
    failClosed: 'Webhook {{webhook}} of {{config}} validates pod creation with failurePolicy {{policy}}: pods are refused while it cannot answer.',
  },
  evaluate(ctx) {
    const expected = 'failurePolicy: Fail (the default in admissionregistration.k8s.io/v1)';
    for (const w of ctx.index.of('ValidatingWebhookConfiguration')) {
      const hooks: any[] = Array.isArray((w as any).webhooks) ? (w as any).webhooks : [];
      hooks.forEach((h, i) => {
        if (!validatesPodCreation(h)) return;
        const policy = typeof h?.failurePolicy === 'string' ? h.failurePolicy : 'Fail';
        const svc = h?.clientConfig?.service;
        const data = { webhook: h?.name ?? `#${i}`, config: w.metadata.name, policy, target: svc ? `service ${svc.namespace}/${svc.name}` : (h?.clientConfig?.url ?? 'its endpoint') };
        const open = policy === 'Ignore';
        ctx.report({ outcome: open ? 'fail' : 'pass', messageId: open ? 'failOpen' : 'failClosed', data, object: refOf(w), pointer: `/webhooks/${i}/failurePolicy`, observed: h?.failurePolicy ?? null, expected, clusterWide: true });
      });
    }
  },
});

import { z } from 'zod';
import { refOf } from '../snapshot/types.js';
import { defineCheck, type Json } from './types.js';
import { isMirrorPod, serviceAccountOf, WORKLOAD_KINDS } from './pod-helpers.js';

export default defineCheck({
  id: 'service-account-token-automount',
  description: 'Pods mount a ServiceAccount API token only where the pod spec or its ServiceAccount asks for it.',
  needs: [...WORKLOAD_KINDS, 'ServiceAccount'],
  options: z.strictObject({}),
  messages: {
    podMounts: 'The pod spec sets automountServiceAccountToken: true: an API token for ServiceAccount {{serviceAccount}} is mounted into every container.',
    podDoesNotMount: 'The pod spec sets automountServiceAccountToken: false: no API token is mounted.',
    accountMounts: 'The pod spec does not set automountServiceAccountToken and its ServiceAccount {{serviceAccount}} sets it to true: an API token is mounted into every container.',
    accountDoesNotMount: 'The pod spec does not set automountServiceAccountToken and its ServiceAccount {{serviceAccount}} sets it to false: no API token is mounted.',
    defaultMounts: 'Neither the pod spec nor its ServiceAccount {{serviceAccount}} sets automountServiceAccountToken: Kubernetes mounts an API token into every container by default.',
    accountMissing: 'The pod spec does not set automountServiceAccountToken and its ServiceAccount {{serviceAccount}} is not in the snapshot: Kubernetes mounts an API token by default.',
  },
  evaluate(ctx) {
    for (const w of ctx.index.workloads()) {
      if (isMirrorPod(w)) continue;
      const sa = serviceAccountOf(w);
      const podValue: unknown = w.podSpec.automountServiceAccountToken;
      const base = {
        object: refOf(w.object),
        pointer: `${w.podSpecPointer}/automountServiceAccountToken`,
        observed: (podValue ?? null) as Json,
        expected: 'false on the pod spec or on its ServiceAccount, unless the pod calls the Kubernetes API',
        data: { serviceAccount: sa.name },
      };
      if (typeof podValue === 'boolean') {
        ctx.report({ ...base, outcome: podValue ? 'fail' : 'pass', messageId: podValue ? 'podMounts' : 'podDoesNotMount' });
        continue;
      }
      const account = ctx.index.get('ServiceAccount', w.object.metadata.namespace, sa.name);
      const accountValue: unknown = account?.automountServiceAccountToken;
      if (!account) ctx.report({ ...base, outcome: 'fail', messageId: 'accountMissing' });
      else if (accountValue === false) ctx.report({ ...base, outcome: 'pass', messageId: 'accountDoesNotMount' });
      else if (accountValue === true) ctx.report({ ...base, outcome: 'fail', messageId: 'accountMounts' });
      else ctx.report({ ...base, outcome: 'fail', messageId: 'defaultMounts' });
    }
  },
});

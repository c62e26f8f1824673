import { z } from 'zod';
import { refOf } from '../snapshot/types.js';
import { defineCheck } from './types.js';

export default defineCheck({
  id: 'host-namespace',
  description: "Pods do not share one of the host's namespaces (process ids, IPC or network).",
  needs: ['Pod', 'Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob'],
  options: z.strictObject({ field: z.enum(['hostPID', 'hostIPC', 'hostNetwork']) }),
  messages: {
    shared: '{{field}} is true: the pod shares the host namespace.',
    notShared: '{{field}} is not set: the pod has its own namespace.',
  },
  evaluate(ctx) {
    const field = ctx.options.field;
    for (const w of ctx.index.workloads()) {
      const value = w.podSpec[field];
      const shared = value === true;
      ctx.report({
        outcome: shared ? 'fail' : 'pass',
        messageId: shared ? 'shared' : 'notShared',
        data: { field },
        object: refOf(w.object),
        pointer: `${w.podSpecPointer}/${field}`,
        observed: value ?? null,
        expected: 'false or unset',
      });
    }
  },
});

import { z } from 'zod';
import { defineCheck } from './types.js';
import { containersOf } from './pod-helpers.js';

export default defineCheck({
  id: 'privileged-containers',
  description: 'Containers, init containers and ephemeral containers do not run privileged.',
  needs: ['Pod', 'Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob'],
  options: z.strictObject({}),
  messages: {
    privileged: 'Container {{container}} runs privileged: it has every capability of the host.',
    notPrivileged: 'Container {{container}} does not run privileged.',
  },
  evaluate(ctx) {
    for (const w of ctx.index.workloads()) {
      for (const c of containersOf(w)) {
        const value = c.container.securityContext?.privileged;
        const privileged = value === true;
        ctx.report({
          outcome: privileged ? 'fail' : 'pass',
          messageId: privileged ? 'privileged' : 'notPrivileged',
          data: { container: c.name },
          object: c.ref,
          container: c.name,
          pointer: `${c.pointer}/securityContext/privileged`,
          observed: value ?? null,
          expected: 'false or unset',
        });
      }
    }
  },
});

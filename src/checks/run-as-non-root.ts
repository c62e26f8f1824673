import { z } from 'zod';
import { defineCheck, type Json } from './types.js';
import { WORKLOAD_KINDS, effective, linuxContainers } from './pod-helpers.js';

const EXPECTED = 'runAsUser a non-zero UID, or runAsNonRoot: true with runAsUser not 0 (pod or container securityContext)';

export default defineCheck({
  id: 'run-as-non-root',
  description: 'Containers run as a non-root user: a non-zero runAsUser, or runAsNonRoot enforced by the kubelet.',
  needs: WORKLOAD_KINDS,
  options: z.strictObject({}),
  messages: {
    nonRootUser: 'Container {{container}} runs as UID {{uid}} (runAsUser set on the {{from}}).',
    nonRootEnforced: 'Container {{container}} has runAsNonRoot: true (set on the {{from}}) and no runAsUser: the kubelet refuses to start it if the image runs as root.',
    root: 'Container {{container}} runs as root: runAsUser is 0 (set on the {{from}}).',
    rootRefused: 'Container {{container}} has runAsUser: 0 (set on the {{from}}) and runAsNonRoot: true: the kubelet refuses to start it; the spec asks for root.',
    imageUser: 'Container {{container}} sets neither runAsUser nor runAsNonRoot: true: the image\'s USER decides, and it may be root.',
  },
  evaluate(ctx) {
    for (const c of linuxContainers(ctx, 'where runAsUser and runAsNonRoot do not apply')) {
      const user = effective<unknown>(c, 'runAsUser');
      const nonRoot = effective<unknown>(c, 'runAsNonRoot');
      const base = { object: c.ref, container: c.name, expected: EXPECTED } as const;
      if (typeof user.value === 'number') {
        const data = { container: c.name, uid: user.value, from: user.from };
        if (user.value !== 0) {
          ctx.report({ ...base, outcome: 'pass', messageId: 'nonRootUser', data, pointer: user.pointer, observed: user.value });
        } else {
          ctx.report({ ...base, outcome: 'fail', messageId: nonRoot.value === true ? 'rootRefused' : 'root', data, pointer: user.pointer, observed: 0 });
        }
      } else if (nonRoot.value === true) {
        ctx.report({ ...base, outcome: 'pass', messageId: 'nonRootEnforced', data: { container: c.name, from: nonRoot.from }, pointer: nonRoot.pointer, observed: true });
      } else {
        ctx.report({
          ...base,
          outcome: 'fail',
          messageId: 'imageUser',
          data: { container: c.name },
          pointer: nonRoot.pointer,
          observed: (nonRoot.value ?? null) as Json,
        });
      }
    }
  },
});

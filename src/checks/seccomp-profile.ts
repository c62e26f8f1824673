import { z } from 'zod';
import { defineCheck, type Json } from './types.js';
import { WORKLOAD_KINDS, effective, linuxContainers } from './pod-helpers.js';

const EXPECTED = 'seccompProfile.type RuntimeDefault or Localhost, on the pod or the container';

export default defineCheck({
  id: 'seccomp-profile',
  description: 'Containers run under a seccomp profile: RuntimeDefault or a Localhost profile.',
  needs: WORKLOAD_KINDS,
  options: z.strictObject({}),
  messages: {
    confined: 'Container {{container}} runs under the {{type}} seccomp profile (set on the {{from}}).',
    unconfined: 'Container {{container}} runs with seccomp Unconfined (set on the {{from}}): every system call is open to it.',
    unknownType: 'Container {{container}} sets seccompProfile.type {{type}} (on the {{from}}), which is not a type Kubernetes accepts (RuntimeDefault, Localhost, Unconfined).',
    unset: 'Container {{container}} sets no seccomp profile, on the pod or the container: the container runtime\'s default is Unconfined unless the kubelet runs with --seccomp-default.',
  },
  evaluate(ctx) {
    for (const c of linuxContainers(ctx, 'where seccomp does not apply')) {
      // The kubelet takes the container's seccompProfile whole, so its type is read from the same level.
      const profile = effective<{ type?: unknown } | null>(c, 'seccompProfile');
      const type = profile.value && typeof profile.value === 'object' ? profile.value.type : undefined;
      const base = { object: c.ref, container: c.name, pointer: `${profile.pointer}/type`, expected: EXPECTED } as const;
      const data = { container: c.name, type: String(type), from: profile.from };
      if (type === 'RuntimeDefault' || type === 'Localhost') {
        ctx.report({ ...base, outcome: 'pass', messageId: 'confined', data, observed: type });
      } else if (type === undefined || type === null) {
        ctx.report({ ...base, outcome: 'fail', messageId: 'unset', data, observed: null });
      } else {
        ctx.report({ ...base, outcome: 'fail', messageId: type === 'Unconfined' ? 'unconfined' : 'unknownType', data, observed: type as Json });
      }
    }
  },
});

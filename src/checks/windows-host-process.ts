import { z } from 'zod';
import { defineCheck, type Json } from './types.js';
import { containersOf, effectiveWindowsOption, WORKLOAD_KINDS } from './pod-helpers.js';

export default defineCheck({
  id: 'windows-host-process',
  description: 'No container runs as a Windows HostProcess container.',
  needs: WORKLOAD_KINDS,
  options: z.strictObject({}),
  messages: {
    hostProcess: 'Container {{container}} runs as a Windows HostProcess container (hostProcess: true on the {{from}}): it runs directly on the node with the node\'s privileges.',
    notHostProcess: 'Container {{container}} is not a Windows HostProcess container.',
  },
  evaluate(ctx) {
    for (const w of ctx.index.workloads()) {
      for (const c of containersOf(w)) {
        const hostProcess = effectiveWindowsOption<unknown>(c, 'hostProcess');
        const on = hostProcess.value === true;
        ctx.report({
          outcome: on ? 'fail' : 'pass',
          messageId: on ? 'hostProcess' : 'notHostProcess',
          data: { container: c.name, from: hostProcess.from },
          object: c.ref,
          container: c.name,
          pointer: hostProcess.pointer,
          observed: (hostProcess.value ?? null) as Json,
          expected: 'securityContext.windowsOptions.hostProcess false or unset on the pod and the container',
        });
      }
    }
  },
});

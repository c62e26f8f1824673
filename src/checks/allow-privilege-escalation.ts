import { z } from 'zod';
import { defineCheck } from './types.js';
import { WORKLOAD_KINDS, capabilityEntries, linuxContainers } from './pod-helpers.js';

const EXPECTED = 'allowPrivilegeEscalation: false, and neither privileged nor CAP_SYS_ADMIN';

export default defineCheck({
  id: 'allow-privilege-escalation',
  description: 'Containers set allowPrivilegeEscalation to false, so no process in them can gain more privileges than its parent.',
  needs: WORKLOAD_KINDS,
  options: z.strictObject({}),
  messages: {
    disallowed: 'Container {{container}} sets allowPrivilegeEscalation: false: the kernel no_new_privs flag stops setuid binaries and file capabilities from raising privileges.',
    allowed: 'Container {{container}} sets allowPrivilegeEscalation: true: setuid binaries and file capabilities can raise a process\'s privileges.',
    unset: 'Container {{container}} does not set allowPrivilegeEscalation: it defaults to true, so setuid binaries and file capabilities can raise a process\'s privileges.',
    privileged: 'Container {{container}} runs privileged: privilege escalation is always allowed for it, whatever allowPrivilegeEscalation says.',
    sysAdmin: 'Container {{container}} adds {{capability}}: privilege escalation is always allowed for it, whatever allowPrivilegeEscalation says.',
  },
  evaluate(ctx) {
    for (const c of linuxContainers(ctx, 'where allowPrivilegeEscalation cannot be set')) {
      const sc = c.container.securityContext ?? {};
      const value = sc.allowPrivilegeEscalation;
      const base = { data: { container: c.name }, object: c.ref, container: c.name, expected: EXPECTED } as const;
      if (sc.privileged === true) {
        ctx.report({ ...base, outcome: 'fail', messageId: 'privileged', pointer: `${c.pointer}/securityContext/privileged`, observed: true });
        continue;
      }
      // Kubernetes defines escalation as always allowed with CAP_SYS_ADMIN (the API refuses
      // allowPrivilegeEscalation: false beside it, at least when spelt CAP_SYS_ADMIN); ALL includes it.
      const sysAdmin = capabilityEntries(c, 'add').find((e) => e.name === 'SYS_ADMIN' || e.name === 'ALL');
      if (sysAdmin) {
        ctx.report({
          ...base,
          outcome: 'fail',
          messageId: 'sysAdmin',
          data: { container: c.name, capability: String(sysAdmin.raw) },
          pointer: sysAdmin.pointer,
          observed: sysAdmin.raw,
        });
        continue;
      }
      const pointer = `${c.pointer}/securityContext/allowPrivilegeEscalation`;
      if (value === false) ctx.report({ ...base, outcome: 'pass', messageId: 'disallowed', pointer, observed: false });
      else if (value === true) ctx.report({ ...base, outcome: 'fail', messageId: 'allowed', pointer, observed: true });
      else ctx.report({ ...base, outcome: 'fail', messageId: 'unset', pointer, observed: value ?? null });
    }
  },
});

import { z } from 'zod';
import { defineCheck, type Json } from './types.js';
import { WORKLOAD_KINDS, capabilityEntries, linuxContainers, normaliseCapability } from './pod-helpers.js';

export default defineCheck({
  id: 'capability-not-dropped',
  description: 'Containers drop a Linux capability that container runtimes grant by default, and do not add it back.',
  needs: WORKLOAD_KINDS,
  options: z.strictObject({
    /** A capability name, with or without CAP_, any case: NET_RAW. */
    capability: z.string().trim().min(1).transform(normaliseCapability).refine((c) => c !== 'ALL', 'name one capability, not ALL'),
  }),
  messages: {
    dropped: 'Container {{container}} drops {{dropped}}, which removes {{capability}}, and does not add it back.',
    added: 'Container {{container}} adds {{added}}: it holds {{capability}}.',
    notDropped: 'Container {{container}} does not drop {{capability}} (or ALL): container runtimes grant it by default.',
    privileged: 'Container {{container}} runs privileged: it holds {{capability}} and every other capability, whatever capabilities.drop says.',
  },
  evaluate(ctx) {
    const capability = ctx.options.capability;
    const expected = `capabilities.drop contains ALL or ${capability}, and capabilities.add does not contain it (or ALL)`;
    for (const c of linuxContainers(ctx, 'where Linux capabilities do not apply')) {
      const base = { object: c.ref, container: c.name, expected } as const;
      if (c.container.securityContext?.privileged === true) {
        ctx.report({
          ...base,
          outcome: 'fail',
          messageId: 'privileged',
          data: { container: c.name, capability },
          pointer: `${c.pointer}/securityContext/privileged`,
          observed: true,
        });
        continue;
      }
      const added = capabilityEntries(c, 'add').find((e) => e.name === capability || e.name === 'ALL');
      if (added) {
        ctx.report({ ...base, outcome: 'fail', messageId: 'added', data: { container: c.name, capability, added: String(added.raw) }, pointer: added.pointer, observed: added.raw });
        continue;
      }
      const drops = capabilityEntries(c, 'drop');
      const dropped = drops.find((e) => e.name === 'ALL') ?? drops.find((e) => e.name === capability);
      if (dropped) {
        ctx.report({ ...base, outcome: 'pass', messageId: 'dropped', data: { container: c.name, capability, dropped: String(dropped.raw) }, pointer: dropped.pointer, observed: dropped.raw });
      } else {
        ctx.report({
          ...base,
          outcome: 'fail',
          messageId: 'notDropped',
          data: { container: c.name, capability },
          pointer: `${c.pointer}/securityContext/capabilities/drop`,
          observed: (c.container.securityContext?.capabilities?.drop ?? null) as Json,
        });
      }
    }
  },
});

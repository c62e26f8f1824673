import { z } from 'zod';
import { defineCheck, type Json } from './types.js';
import { WORKLOAD_KINDS, capabilityEntries, linuxContainers, normaliseCapability } from './pod-helpers.js';

export default defineCheck({
  id: 'added-capabilities',
  description: 'Containers add no Linux capability beyond an allowed list.',
  needs: WORKLOAD_KINDS,
  options: z.strictObject({
    /** Capability names, with or without CAP_, any case. */
    allowed: z.array(z.string().trim().min(1).transform(normaliseCapability)).default(['NET_BIND_SERVICE']),
  }),
  messages: {
    added: 'Container {{container}} adds {{capability}}, which is not in the allowed list ({{allowed}}).',
    addedAll: 'Container {{container}} adds {{capability}}: it holds every capability.',
    nothingBeyond: 'Container {{container}} adds no capability beyond the allowed list ({{allowed}}).',
    privileged: 'Container {{container}} runs privileged: it holds every capability, whatever capabilities.add says.',
  },
  evaluate(ctx) {
    const allowed = new Set(ctx.options.allowed);
    const allowedText = ctx.options.allowed.length ? ctx.options.allowed.join(', ') : 'none';
    const expected = `capabilities.add holds nothing beyond: ${allowedText}`;
    for (const c of linuxContainers(ctx, 'where Linux capabilities do not apply')) {
      const base = { object: c.ref, container: c.name, expected } as const;
      let failed = false;
      if (c.container.securityContext?.privileged === true) {
        failed = true;
        ctx.report({ ...base, outcome: 'fail', messageId: 'privileged', data: { container: c.name }, pointer: `${c.pointer}/securityContext/privileged`, observed: true });
      }
      for (const e of capabilityEntries(c, 'add')) {
        if (allowed.has(e.name)) continue;
        failed = true;
        ctx.report({
          ...base,
          outcome: 'fail',
          messageId: e.name === 'ALL' ? 'addedAll' : 'added',
          data: { container: c.name, capability: String(e.raw), allowed: allowedText },
          pointer: e.pointer,
          observed: e.raw,
        });
      }
      if (!failed) {
        ctx.report({
          ...base,
          outcome: 'pass',
          messageId: 'nothingBeyond',
          data: { container: c.name, allowed: allowedText },
          pointer: `${c.pointer}/securityContext/capabilities/add`,
          observed: (c.container.securityContext?.capabilities?.add ?? null) as Json,
        });
      }
    }
  },
});

import { z } from 'zod';
import { defineCheck, type Json } from './types.js';
import { WORKLOAD_KINDS, linuxContainers } from './pod-helpers.js';

export default defineCheck({
  id: 'read-only-root-filesystem',
  description: "Containers mount their root filesystem read-only, so the image's files cannot be changed at run time.",
  needs: WORKLOAD_KINDS,
  options: z.strictObject({}),
  messages: {
    readOnly: 'Container {{container}} mounts its root filesystem read-only.',
    writable: 'Container {{container}} sets readOnlyRootFilesystem: false: its root filesystem is writable.',
    unset: 'Container {{container}} does not set readOnlyRootFilesystem: its root filesystem is writable.',
  },
  evaluate(ctx) {
    for (const c of linuxContainers(ctx, 'where readOnlyRootFilesystem cannot be set')) {
      const value: unknown = c.container.securityContext?.readOnlyRootFilesystem;
      const readOnly = value === true;
      ctx.report({
        outcome: readOnly ? 'pass' : 'fail',
        messageId: readOnly ? 'readOnly' : value === false ? 'writable' : 'unset',
        data: { container: c.name },
        object: c.ref,
        container: c.name,
        pointer: `${c.pointer}/securityContext/readOnlyRootFilesystem`,
        observed: (value ?? null) as Json,
        expected: 'true',
      });
    }
  },
});

import { z } from 'zod';
import { defineCheck, type Json } from './types.js';
import { containersOf, isWindowsPod, WORKLOAD_KINDS } from './pod-helpers.js';

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
    let windows = 0;
    let reported = 0;
    for (const w of ctx.index.workloads()) {
      if (isWindowsPod(w)) {
        windows++;
        continue;
      }
      for (const c of containersOf(w)) {
        reported++;
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
    }
    if (reported === 0 && windows > 0) ctx.notApplicable('every pod is a Windows pod, where readOnlyRootFilesystem cannot be set');
  },
});

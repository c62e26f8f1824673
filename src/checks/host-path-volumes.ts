import { posix } from 'node:path';
import { z } from 'zod';
import { refOf } from '../snapshot/types.js';
import { defineCheck, type Json } from './types.js';
import { WORKLOAD_KINDS } from './pod-helpers.js';

/** `/var/log/` and `/var/log` are one path; `/var/log/../../etc` is `/etc`. */
function normalisePath(p: string): string {
  const n = posix.normalize(p.trim());
  return n.length > 1 ? n.replace(/\/+$/, '') : n;
}

/** Prefixes match whole path segments: `/var/log` allows `/var/log/pods`, not `/var/logs`. */
function isUnder(path: string, prefix: string): boolean {
  return prefix === '/' || path === prefix || path.startsWith(`${prefix}/`);
}

export default defineCheck({
  id: 'host-path-volumes',
  description: 'Pods mount no hostPath volume, or only under allowed node paths.',
  needs: WORKLOAD_KINDS,
  options: z.strictObject({
    /** Absolute node paths; a hostPath at or under one of them passes. */
    allowedPaths: z.array(z.string().trim().startsWith('/', 'expected an absolute path').transform(normalisePath)).default([]),
  }),
  messages: {
    hostPath: 'Volume {{volume}} mounts {{path}} from the node\'s filesystem.',
    allowedHostPath: 'Volume {{volume}} mounts {{path}} from the node, under the allowed path {{allowedPath}}.',
    noHostPath: 'The pod mounts no hostPath volume.',
  },
  evaluate(ctx) {
    const allowed = ctx.options.allowedPaths;
    const expected = allowed.length ? `no hostPath volume outside ${allowed.join(', ')}` : 'no hostPath volume';
    for (const w of ctx.index.workloads()) {
      const object = refOf(w.object);
      const volumes: unknown = w.podSpec.volumes;
      let found = 0;
      if (Array.isArray(volumes)) {
        volumes.forEach((v, i) => {
          if (!v || typeof v !== 'object' || !v.hostPath || typeof v.hostPath !== 'object') return;
          found++;
          const raw: unknown = v.hostPath.path;
          const path = typeof raw === 'string' ? raw : '(no path)';
          const under = path.startsWith('/') ? allowed.find((a) => isUnder(normalisePath(path), a)) : undefined;
          const base = {
            object,
            pointer: `${w.podSpecPointer}/volumes/${i}/hostPath/path`,
            observed: (raw ?? null) as Json,
            expected,
          };
          const volume = typeof v.name === 'string' ? v.name : `#${i}`;
          if (under !== undefined) {
            ctx.report({ ...base, outcome: 'pass', messageId: 'allowedHostPath', data: { volume, path, allowedPath: under } });
          } else {
            ctx.report({ ...base, outcome: 'fail', messageId: 'hostPath', data: { volume, path } });
          }
        });
      }
      if (found === 0) {
        ctx.report({
          outcome: 'pass',
          messageId: 'noHostPath',
          object,
          pointer: `${w.podSpecPointer}/volumes`,
          observed: Array.isArray(volumes) ? volumes.map((v, i) => (typeof v?.name === 'string' ? v.name : `#${i}`)) : null,
          expected,
        });
      }
    }
  },
});

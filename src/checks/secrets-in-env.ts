import { z } from 'zod';
import { defineCheck, type Json } from './types.js';
import { containersOf, WORKLOAD_KINDS } from './pod-helpers.js';

const EXPECTED = 'Secrets mounted as files, not read into environment variables';

const text = (v: unknown): string => (typeof v === 'string' && v !== '' ? v : '(unnamed)');

export default defineCheck({
  id: 'secrets-in-env',
  description: 'Containers read Secrets from mounted files, not from environment variables.',
  needs: WORKLOAD_KINDS,
  options: z.strictObject({}),
  messages: {
    secretKeyRef: 'Container {{container}} reads key {{key}} of Secret {{secret}} into environment variable {{variable}}.',
    secretRef: 'Container {{container}} reads every key of Secret {{secret}} into environment variables (envFrom).',
    noSecretInEnv: 'Container {{container}} reads no Secret into its environment.',
  },
  evaluate(ctx) {
    for (const w of ctx.index.workloads()) {
      for (const c of containersOf(w)) {
        const base = { object: c.ref, container: c.name, expected: EXPECTED } as const;
        let found = 0;
        const env: unknown = c.container.env;
        if (Array.isArray(env)) {
          env.forEach((e, i) => {
            const ref = e?.valueFrom?.secretKeyRef;
            if (!ref || typeof ref !== 'object') return;
            found++;
            // Only the reference: the Secret's name and key, never a value.
            ctx.report({
              ...base,
              outcome: 'fail',
              messageId: 'secretKeyRef',
              data: { container: c.name, secret: text(ref.name), key: text(ref.key), variable: text(e.name) },
              pointer: `${c.pointer}/env/${i}/valueFrom/secretKeyRef`,
              observed: { name: (ref.name ?? null) as Json, key: (ref.key ?? null) as Json },
            });
          });
        }
        const envFrom: unknown = c.container.envFrom;
        if (Array.isArray(envFrom)) {
          envFrom.forEach((e, i) => {
            const ref = e?.secretRef;
            if (!ref || typeof ref !== 'object') return;
            found++;
            ctx.report({
              ...base,
              outcome: 'fail',
              messageId: 'secretRef',
              data: { container: c.name, secret: text(ref.name) },
              pointer: `${c.pointer}/envFrom/${i}/secretRef`,
              observed: { name: (ref.name ?? null) as Json },
            });
          });
        }
        if (found === 0) {
          ctx.report({
            ...base,
            outcome: 'pass',
            messageId: 'noSecretInEnv',
            data: { container: c.name },
            pointer: `${c.pointer}/env`,
            // The variable names show what was looked at; values are left out.
            observed: Array.isArray(env) ? env.map((e) => (typeof e?.name === 'string' ? e.name : null)) : null,
          });
        }
      }
    }
  },
});

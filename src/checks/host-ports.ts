import { z } from 'zod';
import { defineCheck, type Json } from './types.js';
import { containersOf, WORKLOAD_KINDS } from './pod-helpers.js';

const EXPECTED = 'hostPort unset or 0 on every port, and no hostNetwork';

export default defineCheck({
  id: 'host-ports',
  description: 'Containers bind no port on the node (hostPort).',
  needs: WORKLOAD_KINDS,
  options: z.strictObject({}),
  messages: {
    hostPort: 'Container {{container}} binds port {{hostPort}} on the node (hostPort, container port {{containerPort}}).',
    hostNetworkPort: 'Container {{container}} listens on port {{containerPort}} of the node: with hostNetwork the container port is the host port.',
    noHostPort: 'Container {{container}} binds no port on the node.',
  },
  evaluate(ctx) {
    for (const w of ctx.index.workloads()) {
      const hostNetwork = w.podSpec.hostNetwork === true;
      for (const c of containersOf(w)) {
        const ports: unknown = c.container.ports;
        const base = { object: c.ref, container: c.name, expected: EXPECTED } as const;
        let found = 0;
        if (Array.isArray(ports)) {
          ports.forEach((p, i) => {
            if (!p || typeof p !== 'object') return;
            const pointer = `${c.pointer}/ports/${i}/hostPort`;
            const data = { container: c.name, hostPort: String(p.hostPort), containerPort: String(p.containerPort) };
            if (typeof p.hostPort === 'number' && p.hostPort !== 0) {
              found++;
              ctx.report({ ...base, outcome: 'fail', messageId: 'hostPort', data, pointer, observed: p.hostPort });
            } else if (hostNetwork && (p.hostPort === undefined || p.hostPort === null) && typeof p.containerPort === 'number') {
              // The API defaults hostPort to containerPort on hostNetwork pods; rendered manifests do not show it.
              found++;
              ctx.report({ ...base, outcome: 'fail', messageId: 'hostNetworkPort', data, pointer, observed: null });
            }
          });
        }
        if (found === 0) {
          ctx.report({
            ...base,
            outcome: 'pass',
            messageId: 'noHostPort',
            data: { container: c.name },
            pointer: `${c.pointer}/ports`,
            observed: (ports ?? null) as Json,
          });
        }
      }
    }
  },
});

import { z } from 'zod';
import { refOf } from '../snapshot/types.js';
import { containersOf } from './pod-helpers.js';
import { defineCheck } from './types.js';

/** Runtime threat-detection and anti-malware agents, by the image of their node DaemonSet. */
const AGENTS: ReadonlyArray<{ name: string; image: RegExp }> = [
  { name: 'Falco', image: /(^|\/)falcosecurity\/falco(-no-driver|-distroless)?(:|@|$)|(^|\/)falco(:|@|$)/ },
  { name: 'Tetragon', image: /(^|\/)cilium\/tetragon(:|@|$)/ },
  { name: 'KubeArmor', image: /(^|\/)kubearmor\/kubearmor(:|@|$)/ },
  { name: 'Sysdig agent', image: /(^|\/)sysdig\/(agent|agent-slim|agent-kmodule)(:|@|$)/ },
  { name: 'CrowdStrike Falcon sensor', image: /falcon-sensor/ },
  { name: 'Prisma Cloud Defender', image: /twistlock\/defender|prisma.*defender/ },
  { name: 'Aqua Enforcer', image: /(^|\/)aquasec\/enforcer(:|@|$)/ },
  { name: 'Microsoft Defender for Containers', image: /azuredefender|defender-sensor|microsoft-defender/ },
  { name: 'SentinelOne agent', image: /(^|\/)(s1-agent|sentinelone)/ },
  { name: 'Trend Micro Container Security', image: /trendmicro\/.*(scout|falco)/ },
  { name: 'NeuVector enforcer', image: /(^|\/)neuvector\/enforcer(:|@|$)/ },
];

export default defineCheck({
  id: 'runtime-security-agent',
  description:
    'A runtime threat-detection or anti-malware agent (Falco, Tetragon, KubeArmor, Sysdig, CrowdStrike, Prisma Cloud, Aqua, Defender, SentinelOne, NeuVector) runs as a DaemonSet on every node.',
  needs: ['DaemonSet', 'Node'],
  options: z.strictObject({}),
  messages: {
    everyNode: '{{agent}} runs as DaemonSet {{namespace}}/{{name}} on {{ready}} of {{nodes}} node(s).',
    someNodes: '{{agent}} runs as DaemonSet {{namespace}}/{{name}} on only {{ready}} of {{nodes}} node(s) (desired {{desired}}): the other nodes are not watched.',
  },
  evaluate(ctx) {
    const nodes = ctx.index.of('Node').length;
    let found = false;
    for (const w of ctx.index.workloads().filter((x) => x.kind === 'DaemonSet')) {
      const c = containersOf(w).find((v) => v.field === 'containers' && AGENTS.some((a) => a.image.test(String(v.container.image ?? ''))));
      if (!c) continue;
      found = true;
      const agent = AGENTS.find((a) => a.image.test(String(c.container.image ?? '')))!;
      const status = ((w.object as any).status ?? {}) as Record<string, number>;
      const desired = typeof status.desiredNumberScheduled === 'number' ? status.desiredNumberScheduled : undefined;
      const ready = typeof status.numberReady === 'number' ? status.numberReady : undefined;
      // Manifests carry no status: a DaemonSet without one is judged present, as the rendered spec says.
      const every = ready === undefined || nodes === 0 || ready >= nodes;
      ctx.report({
        outcome: every ? 'pass' : 'fail',
        messageId: every ? 'everyNode' : 'someNodes',
        data: { agent: agent.name, namespace: w.namespace, name: w.object.metadata.name, ready: ready ?? 'every', nodes: nodes || 'the', desired: desired ?? '?' },
        object: refOf(w.object),
        container: c.name,
        pointer: every ? `${c.pointer}/image` : '/status/numberReady',
        observed: every ? (c.container.image ?? null) : (ready ?? null),
        expected: 'a runtime security agent ready on every node',
        clusterWide: true,
      });
    }
    if (!found) {
      ctx.notAssessed('no runtime security agent runs as a DaemonSet (or one that kubeproof does not recognise): an agent installed on the hosts must be attested');
    }
  },
});

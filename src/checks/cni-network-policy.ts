import { z } from 'zod';
import { refOf } from '../snapshot/types.js';
import { containersOf } from './pod-helpers.js';
import { defineCheck } from './types.js';

interface Cni {
  name: string;
  enforces: boolean;
  /** Matched against container images (without registry) and container names. */
  image?: RegExp;
  container?: RegExp;
  /** For agents that can be installed switched off. */
  active?: (container: Record<string, any>) => boolean;
}

/** CNI plugins and policy agents, by the images and containers of their node agents. */
const KNOWN: readonly Cni[] = [
  { name: 'Calico', enforces: true, image: /(^|\/)(calico\/node|node-calico|calico-node)(:|@|$)/, container: /^calico-node$/ },
  { name: 'Cilium', enforces: true, image: /(^|\/)cilium(\/cilium)?(:|@|$)/, container: /^cilium-agent$/ },
  { name: 'GKE Dataplane V2 (Cilium)', enforces: true, container: /^cilium-agent$|^anetd$/ },
  { name: 'Antrea', enforces: true, image: /(^|\/)antrea(\/antrea-(agent-)?ubuntu|-agent)?(:|@|$)/, container: /^antrea-agent$/ },
  { name: 'Weave Net', enforces: true, image: /(^|\/)weave-npc(:|@|$)/, container: /^weave-npc$/ },
  { name: 'kube-router', enforces: true, image: /(^|\/)kube-router(:|@|$)/ },
  { name: 'Azure Network Policy Manager', enforces: true, image: /(^|\/)azure-npm(:|@|$)/, container: /^azure-npm$/ },
  {
    name: 'AWS VPC CNI network policy agent',
    enforces: true,
    image: /(^|\/)aws-network-policy-agent(:|@|$)/,
    container: /^aws-network-policy-agent$/,
    // The agent ships in every aws-node pod since VPC CNI 1.14, switched off unless enabled.
    active: (c) => [...(c.args ?? []), ...(c.command ?? [])].some((a: unknown) => a === '--enable-network-policy=true'),
  },
  { name: 'OVN-Kubernetes', enforces: true, container: /^ovnkube-(node|controller)$/ },
  { name: 'Kube-OVN', enforces: true, image: /(^|\/)kube-ovn(:|@|$)/ },
  { name: 'kube-network-policies', enforces: true, image: /(^|\/)kube-network-policies(:|@|$)/ },
  { name: 'Flannel', enforces: false, image: /(^|\/)(flannel|flannelcni\/flannel|flannel-io\/flannel)(:|@|$)/, container: /^kube-flannel$/ },
  { name: 'Weave Net (without weave-npc)', enforces: false, image: /(^|\/)weave-kube(:|@|$)/ },
  { name: 'AWS VPC CNI', enforces: false, image: /(^|\/)amazon-k8s-cni(:|@|$)/, container: /^aws-node$/ },
];

function imagePath(image: string): string {
  // registry.example.com/calico/node:v3.28 → calico/node:v3.28
  const parts = image.split('/');
  return parts.length > 1 && /[.:]/.test(parts[0]!) ? parts.slice(1).join('/') : image;
}

export default defineCheck({
  id: 'cni-network-policy',
  description:
    'The CNI in use enforces NetworkPolicy: a Calico, Cilium, Antrea, Weave (weave-npc), kube-router, Azure NPM or AWS network policy agent node agent is running, not Flannel or a plain VPC CNI alone.',
  needs: ['DaemonSet'],
  options: z.strictObject({}),
  messages: {
    enforcing: '{{cni}} runs on the nodes ({{kind}} {{namespace}}/{{name}}, container {{container}}): NetworkPolicy is enforced.',
    notEnforcing: '{{cni}} ({{kind}} {{namespace}}/{{name}}) provides the pod network and does not enforce NetworkPolicy, and no policy agent runs beside it: every NetworkPolicy in the cluster is ignored.',
    networkOnly: '{{cni}} ({{kind}} {{namespace}}/{{name}}) provides the pod network; NetworkPolicy is enforced by {{enforcer}}.',
  },
  evaluate(ctx) {
    const found: Array<{ cni: Cni; ds: ReturnType<typeof refOf>; container: string; pointer: string; image: string }> = [];
    for (const ds of ctx.index.of('DaemonSet')) {
      const w = ctx.index.workloads().find((x) => x.object === ds);
      if (!w) continue;
      // The main containers name the agent better than the init containers that share its image.
      const views = containersOf(w).filter((c) => c.field !== 'ephemeralContainers').sort((a, b) => (a.field === 'containers' ? 0 : 1) - (b.field === 'containers' ? 0 : 1));
      for (const c of views) {
        const image = typeof c.container.image === 'string' ? imagePath(c.container.image) : '';
        const cni = KNOWN.find((k) => ((k.image && k.image.test(image)) || (k.container && k.container.test(c.name))) && (!k.active || k.active(c.container)));
        if (cni && !found.some((f) => f.cni === cni && f.ds.namespace === ds.metadata.namespace && f.ds.name === ds.metadata.name)) {
          found.push({ cni, ds: refOf(ds), container: c.name, pointer: `${c.pointer}/image`, image: c.container.image ?? null });
        }
      }
    }
    if (found.length === 0) {
      ctx.notAssessed(
        'no known CNI node agent is visible among the DaemonSets (a managed CNI outside the cluster objects, an unrecognised plugin, or kube-system was not collected): an assessor must identify the CNI and whether it enforces NetworkPolicy',
      );
      return;
    }
    const enforcer = found.find((f) => f.cni.enforces);
    const expected = 'a CNI or policy agent that enforces NetworkPolicy';
    for (const f of found) {
      const data = { cni: f.cni.name, kind: 'DaemonSet', namespace: f.ds.namespace ?? '', name: f.ds.name, container: f.container };
      const base = { object: f.ds, container: f.container, pointer: f.pointer, observed: f.image, expected, clusterWide: true };
      if (f.cni.enforces) ctx.report({ ...base, outcome: 'pass', messageId: 'enforcing', data });
      else if (enforcer) ctx.report({ ...base, outcome: 'pass', messageId: 'networkOnly', data: { ...data, enforcer: enforcer.cni.name } });
      else ctx.report({ ...base, outcome: 'fail', messageId: 'notEnforcing', data });
    }
  },
});

import type { SnapshotIndex, Workload } from '../snapshot/index.js';
import { matchesSelector, type LabelSelector } from '../snapshot/selector.js';
import { refOf, type K8sObject, type ObjectRef } from '../snapshot/types.js';

/**
 * NetworkPolicy semantics as the API defines them (networking.k8s.io/v1): which policies select a
 * pod, which directions they isolate (policyTypes, with its defaulting), and which peers and ports
 * their rules allow. CNI-specific policies (CiliumNetworkPolicy, Calico GlobalNetworkPolicy) are
 * not read.
 */

export type Direction = 'Ingress' | 'Egress';

export interface PortView {
  protocol: string;
  /** A number, or a name that resolves against the destination pod's container ports. */
  port?: number | string;
  endPort?: number;
}

export type PeerView =
  | { type: 'pods'; podSelector: LabelSelector }
  | { type: 'namespaces'; namespaceSelector: LabelSelector; podSelector?: LabelSelector }
  | { type: 'ipBlock'; cidr: string; except: string[] };

export interface RuleView {
  index: number;
  /** JSON Pointer of the rule in the policy. */
  pointer: string;
  /** Empty: every source (ingress) or destination (egress). */
  peers: PeerView[];
  /** Empty: every port. */
  ports: PortView[];
}

export interface PolicyView {
  object: K8sObject;
  ref: ObjectRef;
  namespace: string;
  name: string;
  podSelector: LabelSelector;
  types: Direction[];
  /** True when spec.policyTypes is absent and the API's defaulting decided the types. */
  typesDefaulted: boolean;
  ingress: RuleView[];
  egress: RuleView[];
}

const METADATA_NAME_LABEL = 'kubernetes.io/metadata.name';

function selector(v: unknown): LabelSelector {
  return v && typeof v === 'object' ? (v as LabelSelector) : {};
}

function portsOf(v: unknown): PortView[] {
  if (!Array.isArray(v)) return [];
  return v.map((p) => {
    const port: PortView = { protocol: typeof p?.protocol === 'string' ? p.protocol : 'TCP' };
    if (typeof p?.port === 'number' || typeof p?.port === 'string') port.port = p.port;
    if (typeof p?.endPort === 'number') port.endPort = p.endPort;
    return port;
  });
}

function peersOf(v: unknown): PeerView[] {
  if (!Array.isArray(v)) return [];
  return v.flatMap((p): PeerView[] => {
    if (!p || typeof p !== 'object') return [];
    if (p.ipBlock && typeof p.ipBlock.cidr === 'string') {
      return [{ type: 'ipBlock', cidr: p.ipBlock.cidr, except: Array.isArray(p.ipBlock.except) ? p.ipBlock.except : [] }];
    }
    if (p.namespaceSelector && typeof p.namespaceSelector === 'object') {
      return [{ type: 'namespaces', namespaceSelector: p.namespaceSelector, ...(p.podSelector ? { podSelector: selector(p.podSelector) } : {}) }];
    }
    if (p.podSelector && typeof p.podSelector === 'object') return [{ type: 'pods', podSelector: p.podSelector }];
    return [];
  });
}

function rulesOf(v: unknown, field: 'from' | 'to', base: string): RuleView[] {
  if (!Array.isArray(v)) return [];
  return v.map((r, index) => ({ index, pointer: `${base}/${index}`, peers: peersOf(r?.[field]), ports: portsOf(r?.ports) }));
}

export function policyView(o: K8sObject): PolicyView {
  const spec = ((o as any).spec ?? {}) as Record<string, any>;
  const declared = Array.isArray(spec.policyTypes) ? spec.policyTypes.filter((t: unknown) => t === 'Ingress' || t === 'Egress') : [];
  // The API defaults policyTypes to [Ingress], plus Egress when the policy has egress rules.
  const types: Direction[] = declared.length
    ? declared
    : ['Ingress', ...(Array.isArray(spec.egress) && spec.egress.length > 0 ? (['Egress'] as const) : [])];
  return {
    object: o,
    ref: refOf(o),
    namespace: o.metadata.namespace ?? 'default',
    name: o.metadata.name,
    podSelector: selector(spec.podSelector),
    types,
    typesDefaulted: declared.length === 0,
    ingress: rulesOf(spec.ingress, 'from', '/spec/ingress'),
    egress: rulesOf(spec.egress, 'to', '/spec/egress'),
  };
}

/** What a set of rules allows, for one workload and one direction. */
export interface Reach {
  isolated: boolean;
  /** The policies that select the workload for this direction. */
  policies: PolicyView[];
  /** Why traffic is open to anything, when it is: the rule and why. */
  open?: { policy: PolicyView; rule: RuleView; why: string };
  /** Namespaces whose pods a rule allows (own namespace included when a rule names pods). */
  namespaces: string[];
  ipBlocks: string[];
}

const ANY_IP = new Set(['0.0.0.0/0', '::/0']);

export class NetworkModel {
  private readonly byNamespace = new Map<string, PolicyView[]>();

  constructor(private readonly index: SnapshotIndex) {
    for (const o of index.of('NetworkPolicy')) {
      const v = policyView(o);
      let list = this.byNamespace.get(v.namespace);
      if (!list) this.byNamespace.set(v.namespace, (list = []));
      list.push(v);
    }
    for (const list of this.byNamespace.values()) list.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  policies(namespace: string): PolicyView[] {
    return this.byNamespace.get(namespace) ?? [];
  }

  /** Policies whose podSelector selects the workload's pods (an empty selector selects every pod). */
  selecting(w: Workload): PolicyView[] {
    return this.policies(w.namespace).filter((p) => matchesSelector(p.podSelector, w.podLabels));
  }

  /** A namespace's labels, with the kubernetes.io/metadata.name label the API server sets on every namespace. */
  namespaceLabels(ns: string): Record<string, string> {
    return { ...this.index.namespaceLabels(ns), [METADATA_NAME_LABEL]: ns };
  }

  private namespacesMatching(sel: LabelSelector): string[] {
    return this.index.namespaces().filter((ns) => matchesSelector(sel, this.namespaceLabels(ns)));
  }

  reach(w: Workload, direction: Direction): Reach {
    const policies = this.selecting(w).filter((p) => p.types.includes(direction));
    const reach: Reach = { isolated: policies.length > 0, policies, namespaces: [], ipBlocks: [] };
    const namespaces = new Set<string>();
    const ipBlocks = new Set<string>();
    for (const p of policies) {
      for (const rule of direction === 'Ingress' ? p.ingress : p.egress) {
        // An ingress rule whose ports are all names this workload's containers do not declare
        // allows nothing to it.
        if (direction === 'Ingress' && rule.ports.length > 0 && rule.ports.every((port) => typeof port.port === 'string' && resolveNamedPort(w, port) === undefined)) continue;
        if (rule.peers.length === 0) {
          reach.open ??= { policy: p, rule, why: `the rule names no ${direction === 'Ingress' ? 'source' : 'destination'}: every pod and every address` };
          continue;
        }
        for (const peer of rule.peers) {
          if (peer.type === 'ipBlock') {
            ipBlocks.add(peer.except.length ? `${peer.cidr} except ${peer.except.join(',')}` : peer.cidr);
            if (ANY_IP.has(peer.cidr)) reach.open ??= { policy: p, rule, why: `ipBlock ${peer.cidr}: every address` };
          } else if (peer.type === 'pods') {
            namespaces.add(w.namespace);
          } else {
            const all = Object.keys(peer.namespaceSelector.matchLabels ?? {}).length === 0 && (peer.namespaceSelector.matchExpressions ?? []).length === 0;
            const anyPod = !peer.podSelector || (Object.keys(peer.podSelector.matchLabels ?? {}).length === 0 && (peer.podSelector.matchExpressions ?? []).length === 0);
            if (all && anyPod) reach.open ??= { policy: p, rule, why: 'an empty namespaceSelector: every pod of every namespace' };
            for (const ns of this.namespacesMatching(peer.namespaceSelector)) namespaces.add(ns);
          }
        }
      }
    }
    reach.namespaces = [...namespaces].sort();
    reach.ipBlocks = [...ipBlocks].sort();
    return reach;
  }
}

/** A named port resolved against the workload's containers: `8080/TCP`, or undefined. */
export function resolveNamedPort(w: Workload, port: PortView): string | undefined {
  if (typeof port.port !== 'string') return port.port === undefined ? 'all' : `${port.port}/${port.protocol}`;
  for (const field of ['initContainers', 'containers'] as const) {
    for (const c of Array.isArray(w.podSpec[field]) ? w.podSpec[field] : []) {
      for (const cp of Array.isArray(c?.ports) ? c.ports : []) {
        if (cp?.name === port.port && (cp.protocol ?? 'TCP') === port.protocol) return `${cp.containerPort}/${port.protocol}`;
      }
    }
  }
  return undefined;
}

const models = new WeakMap<SnapshotIndex, NetworkModel>();

export function networkModel(index: SnapshotIndex): NetworkModel {
  let m = models.get(index);
  if (!m) models.set(index, (m = new NetworkModel(index)));
  return m;
}

/** The Namespace object of a name, or a reference to it when the snapshot has no such object. */
export function namespaceRef(index: SnapshotIndex, ns: string): ObjectRef {
  const o = index.get('Namespace', undefined, ns);
  return o ? refOf(o) : { apiVersion: 'v1', kind: 'Namespace', name: ns };
}

/** Namespaces that run at least one workload, sorted. */
export function namespacesWithWorkloads(index: SnapshotIndex): string[] {
  return [...new Set(index.workloads().map((w) => w.namespace))].sort();
}

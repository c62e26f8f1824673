import { kindIdOf } from './kinds.js';
import { objectKey, type CoverageEntry, type K8sObject, type OwnerReference, type Snapshot, type SourceLocation } from './types.js';
import { matchesSelector, type LabelSelector } from './selector.js';

/** Kinds whose objects carry a pod template, and where in them the pod spec lives. */
export const POD_TEMPLATE_PATHS: Readonly<Record<string, { spec: string[]; meta: string[] }>> = {
  Pod: { spec: ['spec'], meta: ['metadata'] },
  Deployment: { spec: ['spec', 'template', 'spec'], meta: ['spec', 'template', 'metadata'] },
  ReplicaSet: { spec: ['spec', 'template', 'spec'], meta: ['spec', 'template', 'metadata'] },
  ReplicationController: { spec: ['spec', 'template', 'spec'], meta: ['spec', 'template', 'metadata'] },
  StatefulSet: { spec: ['spec', 'template', 'spec'], meta: ['spec', 'template', 'metadata'] },
  DaemonSet: { spec: ['spec', 'template', 'spec'], meta: ['spec', 'template', 'metadata'] },
  Job: { spec: ['spec', 'template', 'spec'], meta: ['spec', 'template', 'metadata'] },
  CronJob: {
    spec: ['spec', 'jobTemplate', 'spec', 'template', 'spec'],
    meta: ['spec', 'jobTemplate', 'spec', 'template', 'metadata'],
  },
};

export type PodSpec = Record<string, any>;

/**
 * One thing that runs pods, as an auditor names it: a top-level controller, or a pod that no
 * collected controller owns. Pods that a collected controller owns are attributed to it and not
 * listed on their own, so a finding is reported once, against the object a person edits.
 */
export interface Workload {
  object: K8sObject;
  kind: string;
  namespace: string;
  podSpec: PodSpec;
  /** JSON Pointer of the pod spec inside `object`. */
  podSpecPointer: string;
  podLabels: Record<string, string>;
  podAnnotations: Record<string, string>;
  /** The running pods attributed to this workload (itself, for a bare pod). */
  pods: K8sObject[];
}

export class SnapshotIndex {
  readonly snapshot: Snapshot;
  private readonly byKindId = new Map<string, K8sObject[]>();
  private readonly byUid = new Map<string, K8sObject>();
  private readonly byName = new Map<string, K8sObject>();
  private readonly coverageByKind = new Map<string, CoverageEntry>();
  private readonly byNamespace = new Map<string, K8sObject[]>();
  private workloadList?: Workload[];
  private readonly memos = new Map<string, unknown>();
  private namespaceNames?: string[];

  constructor(snapshot: Snapshot) {
    this.snapshot = snapshot;
    for (const o of snapshot.objects) {
      const id = kindIdOf(o.apiVersion, o.kind);
      let list = this.byKindId.get(id);
      if (!list) this.byKindId.set(id, (list = []));
      list.push(o);
      if (o.metadata.uid) this.byUid.set(o.metadata.uid, o);
      this.byName.set(nameKey(o.kind, o.metadata.namespace, o.metadata.name), o);
    }
    for (const c of snapshot.coverage) this.coverageByKind.set(c.kind, c);
  }

  /** Derived views (an RBAC model, an inventory) computed once per index and shared by the checks. */
  memo<T>(key: string, compute: () => T): T {
    if (!this.memos.has(key)) this.memos.set(key, compute());
    return this.memos.get(key) as T;
  }

  /** Every object of a kind id, in snapshot order. */
  of(kind: string): readonly K8sObject[] {
    return this.byKindId.get(kind) ?? [];
  }

  /** Every object in a namespace, of one kind or of all kinds. */
  inNamespace(namespace: string, kind?: string): K8sObject[] {
    let list = this.byNamespace.get(namespace);
    if (!list) {
      list = this.snapshot.objects.filter((o) => o.metadata.namespace === namespace);
      this.byNamespace.set(namespace, list);
    }
    return kind === undefined ? list : list.filter((o) => kindIdOf(o.apiVersion, o.kind) === kind);
  }

  get(kind: string, namespace: string | undefined, name: string): K8sObject | undefined {
    return this.byName.get(nameKey(kind, namespace, name));
  }

  coverage(kind: string): CoverageEntry | undefined {
    return this.coverageByKind.get(kind);
  }

  /** Whether the snapshot carries manifest locations at all (cluster snapshots do not). */
  hasSources(): boolean {
    return this.memo('hasSources', () => Object.keys(this.snapshot.sources).length > 0);
  }

  source(o: K8sObject): SourceLocation | undefined {
    return this.snapshot.sources[objectKey(o)];
  }

  /** The controlling owner, matched by uid, or by kind and name where the source carries no uids. */
  controller(o: K8sObject): K8sObject | undefined {
    const ref = controllerRef(o.metadata.ownerReferences);
    if (!ref) return undefined;
    const byUid = ref.uid ? this.byUid.get(ref.uid) : undefined;
    if (byUid) return byUid;
    const candidate = this.get(ref.kind, o.metadata.namespace, ref.name);
    return candidate && (!ref.uid || !candidate.metadata.uid) ? candidate : undefined;
  }

  /** Follows controlling owners to the top: Pod → ReplicaSet → Deployment, Pod → Job → CronJob. */
  topController(o: K8sObject): K8sObject {
    let current = o;
    const seen = new Set<K8sObject>([o]);
    for (let next = this.controller(current); next && !seen.has(next); next = this.controller(current)) {
      if (!POD_TEMPLATE_PATHS[next.kind]) break;
      seen.add(next);
      current = next;
    }
    return current;
  }

  /** Namespace names: the Namespace objects and every namespace an object names, sorted. */
  namespaces(): string[] {
    if (!this.namespaceNames) {
      const names = new Set<string>();
      for (const ns of this.of('Namespace')) names.add(ns.metadata.name);
      for (const o of this.snapshot.objects) if (o.metadata.namespace) names.add(o.metadata.namespace);
      this.namespaceNames = [...names].sort();
    }
    return this.namespaceNames;
  }

  namespaceLabels(name: string): Record<string, string> {
    return this.get('Namespace', undefined, name)?.metadata.labels ?? {};
  }

  /** Objects of a kind in a namespace whose labels a selector matches. */
  select(kind: string, namespace: string, selector: LabelSelector): K8sObject[] {
    return this.of(kind).filter((o) => o.metadata.namespace === namespace && matchesSelector(selector, o.metadata.labels));
  }

  workloads(): readonly Workload[] {
    if (this.workloadList) return this.workloadList;
    const byTop = new Map<K8sObject, Workload>();
    const list: Workload[] = [];
    for (const kind of Object.keys(POD_TEMPLATE_PATHS).sort()) {
      for (const o of this.of(kind)) {
        const top = this.topController(o);
        if (top !== o) continue;
        const w = makeWorkload(o);
        if (!w) continue;
        byTop.set(o, w);
        list.push(w);
      }
    }
    for (const pod of this.of('Pod')) {
      const top = this.topController(pod);
      const w = byTop.get(top);
      if (w && top !== pod) w.pods.push(pod);
    }
    list.sort(compareWorkloads);
    this.workloadList = list;
    return list;
  }
}

function nameKey(kind: string, namespace: string | undefined, name: string): string {
  return `${kind}\u0000${namespace ?? ''}\u0000${name}`;
}

function controllerRef(refs: OwnerReference[] | undefined): OwnerReference | undefined {
  return refs?.find((r) => r.controller === true) ?? (refs?.length === 1 ? refs[0] : undefined);
}

function dig(o: unknown, path: readonly string[]): unknown {
  let cur = o;
  for (const p of path) {
    if (!cur || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[p];
  }
  return cur;
}

function makeWorkload(o: K8sObject): Workload | undefined {
  const paths = POD_TEMPLATE_PATHS[o.kind];
  if (!paths) return undefined;
  const podSpec = dig(o, paths.spec);
  if (!podSpec || typeof podSpec !== 'object') return undefined;
  const meta = (dig(o, paths.meta) ?? {}) as { labels?: Record<string, string>; annotations?: Record<string, string> };
  return {
    object: o,
    kind: o.kind,
    namespace: o.metadata.namespace ?? 'default',
    podSpec: podSpec as PodSpec,
    podSpecPointer: `/${paths.spec.join('/')}`,
    podLabels: meta.labels ?? {},
    podAnnotations: meta.annotations ?? {},
    pods: o.kind === 'Pod' ? [o] : [],
  };
}

function compareWorkloads(a: Workload, b: Workload): number {
  const ka = `${a.namespace}\u0000${a.kind}\u0000${a.object.metadata.name}`;
  const kb = `${b.namespace}\u0000${b.kind}\u0000${b.object.metadata.name}`;
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}

import type { Catalog } from '../catalog/load.js';
import { KNOWN_KINDS, type KindInfo } from '../snapshot/kinds.js';

/**
 * Which kinds a live collection lists, and in what order.
 *
 * Every kind kubeproof knows is listed, not only the union of the loaded checks' `needs`:
 * - a snapshot is the evidence of record: it is kept, re-evaluated later with a newer catalogue
 *   or other `--controls`, and diffed between runs (new images, new bindings), so it must not
 *   depend on which controls happened to be selected on the day;
 * - evaluation reads more than a check declares: Namespaces for scope, the owner chain
 *   (ReplicaSet → Deployment, Job → CronJob) for attributing Pod findings;
 * - the read-only ClusterRole in deploy/ can then name exactly the resources the collector
 *   uses, once, instead of changing with every new control.
 * The cost is small: the large kinds (Pods, ReplicaSets, Secrets' metadata) are needed by the
 * controls anyway. `uncoveredNeeds` proves every check's needs are in the plan.
 */
export function collectionPlan(): KindInfo[] {
  const rank = (k: KindInfo): number => {
    const i = LARGE_FIRST.indexOf(k.id);
    return i < 0 ? LARGE_FIRST.length : i;
  };
  // Synthetic kinds (Trivy reports given with --vulns) are not in the cluster: nothing to list.
  return KNOWN_KINDS.filter((k) => !k.synthetic).sort((a, b) => rank(a) - rank(b) || KNOWN_KINDS.indexOf(a) - KNOWN_KINDS.indexOf(b));
}

/**
 * Namespaces first (the other lists split large kinds by namespace once they are known), then the
 * kinds that are usually largest, so the long lists start while the short ones fill the gaps.
 */
const LARGE_FIRST = ['Namespace', 'Pod', 'ReplicaSet', 'Secret', 'ConfigMap', 'EndpointSlice', 'Endpoints', 'ServiceAccount', 'RoleBinding', 'Role'];

/**
 * Each node's kubelet configuration, read through nodes/proxy (/configz) with --node-config only:
 * that permission reaches the kubelet API, so it is asked for when the user says so.
 */
export const KUBELET_CONFIG_KIND = 'KubeletConfiguration';

/** Kinds that some check of the catalogue reads but the plan does not list: must be empty. */
export function uncoveredNeeds(catalog: Catalog, plan: readonly KindInfo[] = collectionPlan()): string[] {
  const listed = new Set([...plan.map((k) => k.id), KUBELET_CONFIG_KIND]);
  const missing = new Set<string>();
  for (const c of catalog.controls) {
    for (const kind of [...c.impl.needs, ...(c.impl.optionalNeeds ?? [])]) if (!listed.has(kind)) missing.add(kind);
  }
  return [...missing].sort();
}

/**
 * Secret types kubeproof asks for one by one with a field selector, so that each Secret's type is
 * known while only its metadata is ever asked for. Secrets of any other type are listed by a
 * last `type!=…` query and keep no type.
 */
export const SECRET_TYPES = [
  'Opaque',
  'kubernetes.io/service-account-token',
  'kubernetes.io/dockercfg',
  'kubernetes.io/dockerconfigjson',
  'kubernetes.io/basic-auth',
  'kubernetes.io/ssh-auth',
  'kubernetes.io/tls',
  'bootstrap.kubernetes.io/token',
  'helm.sh/release.v1',
] as const;

/** The field selectors that together list every Secret exactly once: one per known type, then the rest. */
export function secretTypeSelectors(): Array<{ type: string | undefined; fieldSelector: string }> {
  return [
    ...SECRET_TYPES.map((type) => ({ type, fieldSelector: `type=${type}` })),
    { type: undefined, fieldSelector: SECRET_TYPES.map((t) => `type!=${t}`).join(',') },
  ];
}

/** The URL path of a kind's list, cluster-wide or in one namespace. */
export function listPath(kind: Pick<KindInfo, 'group' | 'version' | 'resource'>, namespace?: string): string {
  const base = kind.group === '' ? `/api/${kind.version}` : `/apis/${kind.group}/${kind.version}`;
  return namespace === undefined ? `${base}/${kind.resource}` : `${base}/namespaces/${encodeURIComponent(namespace)}/${kind.resource}`;
}

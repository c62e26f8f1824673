import type { SnapshotIndex, Workload } from '../snapshot/index.js';
import { refOf, type K8sObject, type ObjectRef } from '../snapshot/types.js';
import { containersOf } from '../checks/pod-helpers.js';

/** How a Secret reaches a consumer, named as a reviewer would say it. */
export type SecretUseKind = 'env' | 'envFrom' | 'volume' | 'projected-volume' | 'imagePullSecret' | 'serviceaccount' | 'ingress-tls';

export interface SecretUse {
  by: ObjectRef;
  how: SecretUseKind;
  container?: string;
  /** JSON Pointer of the reference in the consumer. */
  pointer: string;
}

export interface SecretRecord {
  ref: ObjectRef;
  type: string | null;
  createdAt: string | null;
  ageDays: number | null;
  uses: SecretUse[];
  /** Who manages the value outside Kubernetes, when that is visible: external-secrets, sealed-secrets, helm. */
  managedBy: string | null;
  /** For kubernetes.io/service-account-token Secrets: the ServiceAccount they belong to. */
  serviceAccount: string | null;
}

export interface SecretsInventory {
  secrets: SecretRecord[];
  /** Workloads that take secrets from an external store without a Kubernetes Secret. */
  externalStores: Array<{ workload: ObjectRef; store: string; evidence: string }>;
}

const SA_TOKEN = 'kubernetes.io/service-account-token';

function key(namespace: string | undefined, name: string): string {
  return `${namespace ?? ''}/${name}`;
}

function addUse(map: Map<string, SecretUse[]>, namespace: string, name: unknown, use: SecretUse): void {
  if (typeof name !== 'string' || name === '') return;
  const k = key(namespace, name);
  let list = map.get(k);
  if (!list) map.set(k, (list = []));
  list.push(use);
}

function workloadUses(w: Workload, uses: Map<string, SecretUse[]>): void {
  const by = refOf(w.object);
  const ns = w.namespace;
  for (const c of containersOf(w)) {
    (Array.isArray(c.container.env) ? c.container.env : []).forEach((e: any, i: number) =>
      addUse(uses, ns, e?.valueFrom?.secretKeyRef?.name, { by, how: 'env', container: c.name, pointer: `${c.pointer}/env/${i}/valueFrom/secretKeyRef` }),
    );
    (Array.isArray(c.container.envFrom) ? c.container.envFrom : []).forEach((e: any, i: number) =>
      addUse(uses, ns, e?.secretRef?.name, { by, how: 'envFrom', container: c.name, pointer: `${c.pointer}/envFrom/${i}/secretRef` }),
    );
  }
  const volumes = Array.isArray(w.podSpec.volumes) ? w.podSpec.volumes : [];
  volumes.forEach((v: any, i: number) => {
    addUse(uses, ns, v?.secret?.secretName, { by, how: 'volume', pointer: `${w.podSpecPointer}/volumes/${i}/secret` });
    const sources = Array.isArray(v?.projected?.sources) ? v.projected.sources : [];
    sources.forEach((s: any, j: number) =>
      addUse(uses, ns, s?.secret?.name, { by, how: 'projected-volume', pointer: `${w.podSpecPointer}/volumes/${i}/projected/sources/${j}/secret` }),
    );
  });
  (Array.isArray(w.podSpec.imagePullSecrets) ? w.podSpec.imagePullSecrets : []).forEach((s: any, i: number) =>
    addUse(uses, ns, s?.name, { by, how: 'imagePullSecret', pointer: `${w.podSpecPointer}/imagePullSecrets/${i}` }),
  );
}

function externalStore(w: Workload): { store: string; evidence: string } | undefined {
  const a = w.podAnnotations;
  if (a['vault.hashicorp.com/agent-inject'] === 'true') return { store: 'HashiCorp Vault (agent injector)', evidence: 'annotation vault.hashicorp.com/agent-inject: "true"' };
  const volumes = Array.isArray(w.podSpec.volumes) ? w.podSpec.volumes : [];
  const csi = volumes.find((v: any) => v?.csi?.driver === 'secrets-store.csi.k8s.io');
  if (csi) return { store: 'Secrets Store CSI driver', evidence: `volume ${String(csi.name)} uses driver secrets-store.csi.k8s.io` };
  return undefined;
}

function managedBy(s: K8sObject): string | null {
  const owner = s.metadata.ownerReferences?.find((o) => o.controller === true) ?? s.metadata.ownerReferences?.[0];
  if (owner?.kind === 'ExternalSecret') return 'external-secrets';
  if (owner?.kind === 'SealedSecret') return 'sealed-secrets';
  if (s.type === 'helm.sh/release.v1') return 'helm';
  const labels = s.metadata.labels ?? {};
  if (labels['app.kubernetes.io/managed-by'] === 'external-secrets' || labels['reconcile.external-secrets.io/managed'] === 'true') return 'external-secrets';
  return null;
}

/**
 * Which workloads use each Secret and how; built from references only: no Secret value is read,
 * and in a snapshot there is none to read.
 */
export function secretsInventory(index: SnapshotIndex, asOf: string): SecretsInventory {
  const uses = new Map<string, SecretUse[]>();
  const externalStores: SecretsInventory['externalStores'] = [];
  for (const w of index.workloads()) {
    workloadUses(w, uses);
    const ext = externalStore(w);
    if (ext) externalStores.push({ workload: refOf(w.object), ...ext });
  }
  for (const sa of index.of('ServiceAccount')) {
    const ns = sa.metadata.namespace ?? 'default';
    const by = refOf(sa);
    (Array.isArray(sa.secrets) ? sa.secrets : []).forEach((s: any, i: number) => addUse(uses, ns, s?.name, { by, how: 'serviceaccount', pointer: `/secrets/${i}` }));
    (Array.isArray(sa.imagePullSecrets) ? sa.imagePullSecrets : []).forEach((s: any, i: number) => addUse(uses, ns, s?.name, { by, how: 'imagePullSecret', pointer: `/imagePullSecrets/${i}` }));
  }
  for (const ing of index.of('Ingress')) {
    const tls = (ing.spec as any)?.tls;
    (Array.isArray(tls) ? tls : []).forEach((t: any, i: number) =>
      addUse(uses, ing.metadata.namespace ?? 'default', t?.secretName, { by: refOf(ing), how: 'ingress-tls', pointer: `/spec/tls/${i}/secretName` }),
    );
  }
  const asOfMs = Date.parse(asOf);
  const secrets = index.of('Secret').map((s): SecretRecord => {
    const created = s.metadata.creationTimestamp ?? null;
    const createdMs = created ? Date.parse(created) : NaN;
    const type = typeof s.type === 'string' ? s.type : null;
    return {
      ref: refOf(s),
      type,
      createdAt: created,
      ageDays: Number.isNaN(createdMs) ? null : Math.floor((asOfMs - createdMs) / 86_400_000),
      uses: uses.get(key(s.metadata.namespace, s.metadata.name)) ?? [],
      managedBy: managedBy(s),
      serviceAccount: type === SA_TOKEN ? (s.metadata.annotations?.['kubernetes.io/service-account.name'] ?? null) : null,
    };
  });
  return { secrets, externalStores };
}

/**
 * A synthetic Kubernetes estate for the benchmark: N pods with their controllers and the
 * namespaced and cluster-wide objects a real estate of that size has, in the shapes the
 * Kubernetes API returns them (after kubeproof's redaction: no managedFields, no
 * last-applied annotation, Secrets without data, credential literals as redacted markers).
 *
 * Deterministic: a seeded PRNG drives every choice and every time is derived from the
 * collection time, so the same (pods, seed, collectedAt) gives the same snapshot and digest.
 * Nothing here reads the clock or Math.random.
 *
 * Mix of pods: ~70% Deployments (each with its current ReplicaSet and 0-2 older ones scaled
 * to 0; replicas 2-6), ~15% StatefulSets (with PVCs and PVs), ~10% DaemonSets (pods = nodes ×
 * daemonsets, about N/100 nodes), ~5% Jobs owned by CronJobs, and the rest bare Pods (debug
 * pods, and the control plane's static mirror pods). Per namespace (about N/200, some
 * labelled compliance.kubeproof.io/scope=pci|hipaa): Services with Endpoints and
 * EndpointSlices, ServiceAccounts, ConfigMaps, Secrets, NetworkPolicies, Roles,
 * RoleBindings, and some Ingresses, PDBs, ResourceQuotas and LimitRanges. Cluster-wide:
 * Namespaces, Nodes, ClusterRoles, ClusterRoleBindings, StorageClasses, webhooks.
 *
 * Memory: sub-objects that are identical in every pod of a controller (env, ports,
 * resources, probes, securityContext) are shared between the template and its pods, as
 * their serialised form is the same; each pod still gets its own metadata, spec, containers
 * and status. 100,000 pods stay well under 1.5 GB of heap.
 */
import { REDACTED_PREFIX, detectCredential, isRedacted } from '../src/collect/redact.js';
import { sealSnapshot } from '../src/snapshot/io.js';
import { KNOWN_KINDS, kindIdOf } from '../src/snapshot/kinds.js';
import { SNAPSHOT_SCHEMA_VERSION, type CoverageEntry, type K8sObject, type Snapshot } from '../src/snapshot/types.js';

type J = Record<string, any>;

export interface SyntheticOptions {
  /** Number of pods; at least 100. */
  pods: number;
  seed?: number;
  /** ISO time of the collection; every timestamp in the estate lies before it. */
  collectedAt?: string;
}

export const DEFAULT_SEED = 20250601;
export const DEFAULT_COLLECTED_AT = '2025-06-01T00:00:00Z';
export const SCOPE_LABEL = 'compliance.kubeproof.io/scope';

// ───────────────────────────────────────────────────────────── PRNG

/** sfc32 seeded through splitmix32: small, fast, good enough for test data, and deterministic. */
export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number) {
    let s = seed >>> 0;
    const next = (): number => {
      s = (s + 0x9e3779b9) >>> 0;
      let z = s;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.a = next();
    this.b = next();
    this.c = next();
    this.d = next();
    for (let i = 0; i < 16; i++) this.u32();
  }

  u32(): number {
    const t = (((this.a + this.b) >>> 0) + this.d) >>> 0;
    this.d = (this.d + 1) >>> 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) >>> 0;
    this.c = ((this.c << 21) | (this.c >>> 11)) >>> 0;
    this.c = (this.c + t) >>> 0;
    return t;
  }

  /** [0, 1) */
  float(): number {
    return this.u32() / 4294967296;
  }

  /** An integer in [lo, hi], both included. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.float() * (hi - lo + 1));
  }

  chance(p: number): boolean {
    return this.float() < p;
  }

  pick<T>(list: readonly T[]): T {
    return list[Math.floor(this.float() * list.length)] as T;
  }

  weighted<T>(entries: ReadonlyArray<readonly [T, number]>): T {
    let total = 0;
    for (const [, w] of entries) total += w;
    let x = this.float() * total;
    for (const [v, w] of entries) {
      x -= w;
      if (x < 0) return v;
    }
    return entries[entries.length - 1]![0];
  }

  hex(n: number): string {
    let s = '';
    while (s.length < n) s += this.u32().toString(16).padStart(8, '0');
    return s.slice(0, n);
  }

  chars(n: number, alphabet: string): string {
    let s = '';
    for (let i = 0; i < n; i++) s += alphabet[Math.floor(this.float() * alphabet.length)];
    return s;
  }
}

// ───────────────────────────────────────────────────────────── vocabulary

/** The alphabet of Kubernetes' generated name suffixes (k8s.io/apimachinery/pkg/util/rand). */
const K8S_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

const TEAMS = [
  'payments', 'checkout', 'ledger', 'identity', 'search', 'catalog', 'orders', 'shipping', 'billing', 'fraud',
  'risk', 'claims', 'patients', 'records', 'imaging', 'pharmacy', 'scheduling', 'messaging', 'analytics', 'data',
  'ml', 'platform', 'growth', 'marketing', 'support', 'partners', 'mobile', 'web', 'media', 'pricing',
  'inventory', 'loyalty', 'reporting', 'compliance', 'audit', 'notifications', 'accounts', 'onboarding', 'kyc', 'treasury',
];
const ENVS = ['prod', 'staging', 'dev', 'qa'];
const APP_WORDS = [
  'api', 'web', 'worker', 'gateway', 'auth', 'frontend', 'backend', 'consumer', 'producer', 'scheduler',
  'indexer', 'renderer', 'exporter', 'importer', 'sync', 'etl', 'router', 'session', 'profile', 'cart',
  'quote', 'invoice', 'refund', 'token', 'ledger-writer', 'ledger-reader', 'notifier', 'mailer', 'webhook', 'reconciler',
  'thumbnailer', 'recommender', 'model-server', 'feature-store', 'search-api', 'graphql', 'bff', 'admin', 'console', 'status',
];
const STATEFUL = [
  { name: 'postgres', image: 'docker.io/bitnami/postgresql', tags: ['15.6.0', '16.2.0', '16.3.0'], port: 5432, portName: 'tcp-postgresql', storage: '50Gi', root: false },
  { name: 'redis', image: 'docker.io/bitnami/redis', tags: ['7.2.4', '7.2.5'], port: 6379, portName: 'tcp-redis', storage: '8Gi', root: false },
  { name: 'kafka', image: 'docker.io/bitnami/kafka', tags: ['3.6.1', '3.7.0'], port: 9092, portName: 'tcp-client', storage: '100Gi', root: false },
  { name: 'zookeeper', image: 'docker.io/bitnami/zookeeper', tags: ['3.9.1'], port: 2181, portName: 'tcp-client', storage: '8Gi', root: false },
  { name: 'elasticsearch', image: 'docker.elastic.co/elasticsearch/elasticsearch', tags: ['8.12.2', '8.13.4'], port: 9200, portName: 'http', storage: '200Gi', root: true },
  { name: 'rabbitmq', image: 'docker.io/library/rabbitmq', tags: ['3.12-management', '3.13.2'], port: 5672, portName: 'amqp', storage: '20Gi', root: true },
  { name: 'mongodb', image: 'docker.io/library/mongo', tags: ['6.0.14', '7.0.8', 'latest'], port: 27017, portName: 'mongodb', storage: '100Gi', root: true },
  { name: 'etcd', image: 'quay.io/coreos/etcd', tags: ['v3.5.12'], port: 2379, portName: 'client', storage: '10Gi', root: false },
] as const;
const CRON_JOBS = ['backup', 'report', 'cleanup', 'rotate-keys', 'sync-catalog', 'export', 'reindex', 'digest-mail', 'purge-sessions', 'settle'];
const SCHEDULES = ['*/5 * * * *', '*/15 * * * *', '0 * * * *', '30 2 * * *', '0 4 * * 0', '15 */6 * * *'];
const DEBUG_PODS = [
  { name: 'debug', image: 'docker.io/nicolaka/netshoot:latest', privileged: true },
  { name: 'tmp-shell', image: 'docker.io/library/busybox:1.36', privileged: false },
  { name: 'psql-client', image: 'docker.io/library/postgres:16', privileged: false },
  { name: 'curl', image: 'docker.io/curlimages/curl:8.7.1', privileged: false },
  { name: 'node-debugger', image: 'docker.io/library/ubuntu:22.04', privileged: true },
] as const;

type Posture = 'hardened' | 'partial' | 'default' | 'root' | 'capAdd' | 'privileged' | 'hostNetwork' | 'hostPath' | 'hostPID' | 'hostIPC';
const POSTURES: ReadonlyArray<readonly [Posture, number]> = [
  ['hardened', 40], ['partial', 18], ['default', 22], ['root', 7], ['capAdd', 4],
  ['privileged', 3], ['hostNetwork', 2.5], ['hostPath', 2], ['hostPID', 1], ['hostIPC', 0.5],
];
const POSTURES_IN_SCOPE: ReadonlyArray<readonly [Posture, number]> = [
  ['hardened', 65], ['partial', 15], ['default', 10], ['root', 4], ['capAdd', 2],
  ['privileged', 1], ['hostNetwork', 1], ['hostPath', 1], ['hostPID', 0.5], ['hostIPC', 0.5],
];

interface DaemonProfile {
  name: string;
  namespace: string;
  image: string;
  hostNetwork?: boolean;
  hostPID?: boolean;
  privileged?: boolean;
  root?: boolean;
  caps?: string[];
  hostPaths: Array<[string, string]>;
  port?: number;
  clusterRules: J[];
}
const DAEMONS: readonly DaemonProfile[] = [
  { name: 'kube-proxy', namespace: 'kube-system', image: 'registry.k8s.io/kube-proxy:v1.30.4', hostNetwork: true, privileged: true, hostPaths: [['xtables-lock', '/run/xtables.lock'], ['lib-modules', '/lib/modules']], clusterRules: [{ apiGroups: [''], resources: ['endpoints', 'services', 'nodes'], verbs: ['get', 'list', 'watch'] }] },
  { name: 'cilium', namespace: 'kube-system', image: 'quay.io/cilium/cilium:v1.15.6', hostNetwork: true, privileged: true, hostPaths: [['bpf-maps', '/sys/fs/bpf'], ['cni-path', '/opt/cni/bin'], ['etc-cni-netd', '/etc/cni/net.d']], port: 9962, clusterRules: [{ apiGroups: ['*'], resources: ['*'], verbs: ['get', 'list', 'watch'] }, { apiGroups: ['cilium.io'], resources: ['*'], verbs: ['*'] }] },
  { name: 'node-exporter', namespace: 'monitoring', image: 'quay.io/prometheus/node-exporter:v1.8.1', hostNetwork: true, hostPID: true, hostPaths: [['proc', '/proc'], ['sys', '/sys'], ['root', '/']], port: 9100, clusterRules: [] },
  { name: 'fluent-bit', namespace: 'logging', image: 'cr.fluentbit.io/fluent/fluent-bit:3.0.7', root: true, hostPaths: [['varlog', '/var/log'], ['varlibdockercontainers', '/var/lib/docker/containers']], port: 2020, clusterRules: [{ apiGroups: [''], resources: ['namespaces', 'pods'], verbs: ['get', 'list', 'watch'] }] },
  { name: 'ebs-csi-node', namespace: 'kube-system', image: 'public.ecr.aws/ebs-csi-driver/aws-ebs-csi-driver:v1.31.0', privileged: true, hostPaths: [['kubelet-dir', '/var/lib/kubelet'], ['plugin-dir', '/var/lib/kubelet/plugins/ebs.csi.aws.com/'], ['device-dir', '/dev']], port: 9808, clusterRules: [{ apiGroups: [''], resources: ['nodes'], verbs: ['get', 'patch'] }] },
  { name: 'node-local-dns', namespace: 'kube-system', image: 'registry.k8s.io/dns/k8s-dns-node-cache:1.23.1', hostNetwork: true, caps: ['NET_ADMIN'], hostPaths: [['xtables-lock', '/run/xtables.lock']], port: 9253, clusterRules: [] },
  { name: 'promtail', namespace: 'logging', image: 'docker.io/grafana/promtail:3.0.0', root: true, hostPaths: [['pods', '/var/log/pods'], ['run', '/run/promtail']], port: 3101, clusterRules: [{ apiGroups: [''], resources: ['nodes', 'nodes/proxy', 'services', 'endpoints', 'pods'], verbs: ['get', 'watch', 'list'] }] },
  { name: 'falco', namespace: 'falco', image: 'docker.io/falcosecurity/falco-no-driver:0.38.1', privileged: true, hostPID: true, hostPaths: [['dev-fs', '/dev'], ['proc-fs', '/proc'], ['etc-fs', '/etc'], ['docker-socket', '/var/run/docker.sock']], port: 8765, clusterRules: [{ apiGroups: [''], resources: ['nodes', 'namespaces', 'pods', 'replicationcontrollers', 'services', 'events', 'configmaps'], verbs: ['get', 'list', 'watch'] }] },
  { name: 'kured', namespace: 'kube-system', image: 'ghcr.io/kubereboot/kured:1.15.1', privileged: true, hostPID: true, hostPaths: [['sentinel', '/var/run']], port: 8080, clusterRules: [{ apiGroups: [''], resources: ['nodes'], verbs: ['get', 'patch'] }, { apiGroups: [''], resources: ['pods/eviction'], verbs: ['create'] }] },
  { name: 'datadog-agent', namespace: 'monitoring', image: 'gcr.io/datadoghq/agent:7.54.0', hostPID: true, hostPaths: [['dsdsocket', '/var/run/datadog/'], ['procdir', '/proc'], ['cgroups', '/sys/fs/cgroup'], ['runtimesocketdir', '/var/run']], port: 8126, clusterRules: [{ apiGroups: [''], resources: ['services', 'events', 'endpoints', 'pods', 'nodes', 'componentstatuses'], verbs: ['get', 'list', 'watch'] }, { apiGroups: [''], resources: ['secrets'], verbs: ['get', 'list', 'watch'] }] },
  { name: 'secrets-store-csi-driver', namespace: 'kube-system', image: 'registry.k8s.io/csi-secrets-store/driver:v1.4.3', privileged: true, hostPaths: [['mountpoint-dir', '/var/lib/kubelet/pods'], ['plugin-dir', '/var/lib/kubelet/plugins/csi-secrets-store/']], port: 8095, clusterRules: [{ apiGroups: [''], resources: ['secrets'], verbs: ['get', 'list', 'watch'] }] },
  { name: 'nvidia-device-plugin', namespace: 'kube-system', image: 'nvcr.io/nvidia/k8s-device-plugin:v0.15.0', hostPaths: [['device-plugin', '/var/lib/kubelet/device-plugins']], clusterRules: [] },
];

interface SystemDeployment {
  name: string;
  namespace: string;
  image: string;
  replicas: number;
  port: number;
  posture: Posture;
  clusterRules?: J[];
  serviceType?: string;
}
const SYSTEM_DEPLOYMENTS: readonly SystemDeployment[] = [
  { name: 'coredns', namespace: 'kube-system', image: 'registry.k8s.io/coredns/coredns:v1.11.1', replicas: 2, port: 53, posture: 'partial', clusterRules: [{ apiGroups: [''], resources: ['endpoints', 'services', 'pods', 'namespaces'], verbs: ['list', 'watch'] }, { apiGroups: ['discovery.k8s.io'], resources: ['endpointslices'], verbs: ['list', 'watch'] }] },
  { name: 'metrics-server', namespace: 'kube-system', image: 'registry.k8s.io/metrics-server/metrics-server:v0.7.1', replicas: 1, port: 10250, posture: 'hardened', clusterRules: [{ apiGroups: [''], resources: ['nodes/metrics'], verbs: ['get'] }, { apiGroups: [''], resources: ['pods', 'nodes'], verbs: ['get', 'list', 'watch'] }] },
  { name: 'ingress-nginx-controller', namespace: 'ingress-nginx', image: 'registry.k8s.io/ingress-nginx/controller:v1.10.1@sha256:e24f39d3eed6bcc239a56f20098878845f62baa34b9f2be2fd2c38ce9fb0f29e', replicas: 3, port: 443, posture: 'capAdd', serviceType: 'LoadBalancer', clusterRules: [{ apiGroups: [''], resources: ['configmaps', 'endpoints', 'nodes', 'pods', 'secrets', 'namespaces'], verbs: ['list', 'watch'] }, { apiGroups: ['networking.k8s.io'], resources: ['ingresses', 'ingressclasses'], verbs: ['get', 'list', 'watch'] }] },
  { name: 'cert-manager', namespace: 'cert-manager', image: 'quay.io/jetstack/cert-manager-controller:v1.14.5', replicas: 1, port: 9402, posture: 'hardened', clusterRules: [{ apiGroups: ['cert-manager.io'], resources: ['*'], verbs: ['*'] }, { apiGroups: [''], resources: ['secrets'], verbs: ['get', 'list', 'watch', 'create', 'update', 'delete', 'patch'] }] },
  { name: 'cert-manager-webhook', namespace: 'cert-manager', image: 'quay.io/jetstack/cert-manager-webhook:v1.14.5', replicas: 1, port: 10250, posture: 'hardened' },
  { name: 'cert-manager-cainjector', namespace: 'cert-manager', image: 'quay.io/jetstack/cert-manager-cainjector:v1.14.5', replicas: 1, port: 9402, posture: 'hardened' },
  { name: 'kube-state-metrics', namespace: 'monitoring', image: 'registry.k8s.io/kube-state-metrics/kube-state-metrics:v2.12.0', replicas: 1, port: 8080, posture: 'hardened', clusterRules: [{ apiGroups: ['*'], resources: ['*'], verbs: ['list', 'watch'] }] },
  { name: 'prometheus-operator', namespace: 'monitoring', image: 'quay.io/prometheus-operator/prometheus-operator:v0.74.0', replicas: 1, port: 8080, posture: 'hardened', clusterRules: [{ apiGroups: ['monitoring.coreos.com'], resources: ['*'], verbs: ['*'] }, { apiGroups: [''], resources: ['secrets', 'configmaps'], verbs: ['*'] }] },
  { name: 'grafana', namespace: 'monitoring', image: 'docker.io/grafana/grafana:10.4.2', replicas: 1, port: 3000, posture: 'partial' },
  { name: 'argocd-server', namespace: 'argocd', image: 'quay.io/argoproj/argocd:v2.11.3', replicas: 2, port: 8080, posture: 'hardened' },
  { name: 'argocd-repo-server', namespace: 'argocd', image: 'quay.io/argoproj/argocd:v2.11.3', replicas: 2, port: 8081, posture: 'hardened' },
  { name: 'argocd-application-controller', namespace: 'argocd', image: 'quay.io/argoproj/argocd:v2.11.3', replicas: 1, port: 8082, posture: 'hardened', clusterRules: [{ apiGroups: ['*'], resources: ['*'], verbs: ['*'] }, { nonResourceURLs: ['*'], verbs: ['*'] }] },
  { name: 'cluster-autoscaler', namespace: 'kube-system', image: 'registry.k8s.io/autoscaling/cluster-autoscaler:v1.30.1', replicas: 1, port: 8085, posture: 'default', clusterRules: [{ apiGroups: [''], resources: ['events', 'endpoints'], verbs: ['create', 'patch'] }, { apiGroups: [''], resources: ['pods/eviction'], verbs: ['create'] }, { apiGroups: [''], resources: ['nodes'], verbs: ['watch', 'list', 'get', 'update'] }] },
  { name: 'gitlab-runner', namespace: 'ci', image: 'registry.gitlab.com/gitlab-org/gitlab-runner:alpine-v16.11.1', replicas: 1, port: 9252, posture: 'privileged' },
];
const SYSTEM_NAMESPACES = ['default', 'kube-system', 'kube-public', 'kube-node-lease', 'monitoring', 'logging', 'ingress-nginx', 'cert-manager', 'argocd', 'ci', 'falco'];

// ───────────────────────────────────────────────────────────── shared constants

const TERMINATION = { terminationMessagePath: '/dev/termination-log', terminationMessagePolicy: 'File' } as const;
const KUBE_API_ACCESS_PROJECTED = {
  sources: [
    { serviceAccountToken: { expirationSeconds: 3607, path: 'token' } },
    { configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
    { downwardAPI: { items: [{ path: 'namespace', fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } }] } },
  ],
  defaultMode: 420,
};
const SA_MOUNT_PATH = '/var/run/secrets/kubernetes.io/serviceaccount';
const DEFAULT_TOLERATIONS = [
  { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
  { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
];
const DAEMON_TOLERATIONS = [
  { operator: 'Exists' },
  { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute' },
  { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute' },
  { key: 'node.kubernetes.io/disk-pressure', operator: 'Exists', effect: 'NoSchedule' },
  { key: 'node.kubernetes.io/memory-pressure', operator: 'Exists', effect: 'NoSchedule' },
  { key: 'node.kubernetes.io/pid-pressure', operator: 'Exists', effect: 'NoSchedule' },
  { key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' },
];
const CA_PEM =
  '-----BEGIN CERTIFICATE-----\nMIIDBTCCAe2gAwIBAgIIWZ3Yxk1sZ5cwDQYJKoZIhvcNAQELBQAwFTETMBEGA1UE\nAxMKa3ViZXJuZXRlczAeFw0yNDAxMTAxMjAwMDBaFw0zNDAxMDcxMjA1MDBaMBUx\nEzARBgNVBAMTCmt1YmVybmV0ZXMwggEiMA0GCSqGSIb3DQEBAQUAA4IBDwAwggEK\nAoIBAQDGsyntheticsyntheticsyntheticsyntheticsyntheticsyntheticsynth\n-----END CERTIFICATE-----\n';
const ZONES = ['eu-west-1a', 'eu-west-1b', 'eu-west-1c'];
const INSTANCE_TYPES = ['m6i.2xlarge', 'm6i.4xlarge', 'c6i.4xlarge', 'r6i.2xlarge'];
const K8S_VERSION = 'v1.30.4';

// ───────────────────────────────────────────────────────────── builder

interface NamespaceInfo {
  name: string;
  team: string;
  system: boolean;
  scope?: string;
  podSecurity?: string;
  apps: AppInfo[];
  /** Workload names, Service names and the like, which must be unique in the namespace. */
  names: Set<string>;
}

interface AppInfo {
  name: string;
  kind: 'Deployment' | 'StatefulSet' | 'CronJob' | 'DaemonSet';
  serviceAccount: string;
  configMap?: string;
  dbSecret?: string;
  port: number;
  service?: string;
  tls?: string;
}

interface NodeInfo {
  name: string;
  ip: string;
  index: number;
  zone: string;
  controlPlane: boolean;
  podCounter: number;
}

interface EndpointTarget {
  name: string;
  uid: string;
  ip: string;
  nodeName: string;
  zone: string;
  ready: boolean;
  hostname?: string;
}

interface Template {
  metadata: J;
  spec: J;
}

class Estate {
  readonly rng: Rng;
  readonly objects: K8sObject[] = [];
  private readonly baseMs: number;
  private rv = 4_200_000;
  private readonly digests = new Map<string, string>();
  readonly namespaces: NamespaceInfo[] = [];
  readonly nsByName = new Map<string, NamespaceInfo>();
  readonly nodes: NodeInfo[] = [];
  private readonly clusterRoles: J[] = [];
  private readonly clusterRoleBindings: J[] = [];
  private podsMade = 0;

  constructor(seed: number, collectedAt: string) {
    this.rng = new Rng(seed);
    this.baseMs = Date.parse(collectedAt);
    if (Number.isNaN(this.baseMs)) throw new Error(`collectedAt ${collectedAt} is not an ISO time`);
  }

  get pods(): number {
    return this.podsMade;
  }

  // ── identities and times

  uid(): string {
    const h = this.rng.hex(32);
    const variant = '89ab'[this.rng.int(0, 3)]!;
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
  }

  resourceVersion(): string {
    this.rv += this.rng.int(1, 40);
    return String(this.rv);
  }

  /** A time `minDays`..`maxDays` days before the collection. */
  ago(minDays: number, maxDays: number): number {
    const seconds = this.rng.int(Math.round(minDays * 86400), Math.round(maxDays * 86400));
    return this.baseMs - seconds * 1000;
  }

  /** A time after `from` and before the collection. */
  after(from: number, maxSeconds = 3600): number {
    return Math.min(this.baseMs - 1000, from + this.rng.int(1, maxSeconds) * 1000);
  }

  suffix(n = 5): string {
    return this.rng.chars(n, K8S_ALPHABET);
  }

  uniqueName(ns: NamespaceInfo, base: string): string {
    let name = base;
    for (let i = 2; ns.names.has(name); i++) name = `${base}-${i}`;
    ns.names.add(name);
    return name;
  }

  metadata(name: string, namespace: string | undefined, created: number, extra: J = {}): J {
    const m: J = { name };
    if (extra.generateName) m.generateName = extra.generateName;
    if (namespace !== undefined) m.namespace = namespace;
    m.uid = extra.uid ?? this.uid();
    m.resourceVersion = this.resourceVersion();
    if (extra.generation !== undefined) m.generation = extra.generation;
    m.creationTimestamp = iso(created);
    if (extra.labels && Object.keys(extra.labels).length) m.labels = extra.labels;
    if (extra.annotations && Object.keys(extra.annotations).length) m.annotations = extra.annotations;
    if (extra.ownerReferences) m.ownerReferences = extra.ownerReferences;
    if (extra.finalizers) m.finalizers = extra.finalizers;
    return m;
  }

  add(o: J): K8sObject {
    this.objects.push(o as K8sObject);
    return o as K8sObject;
  }

  private readonly serviceAccounts = new Set<string>();

  /** A ServiceAccount, once per namespace and name. */
  serviceAccount(ns: string, name: string, created: number, labels?: J, extra: J = {}): void {
    const key = `${ns}/${name}`;
    if (this.serviceAccounts.has(key)) return;
    this.serviceAccounts.add(key);
    this.add({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: this.metadata(name, ns, created, { labels, annotations: extra.annotations }), ...(extra.automount === false ? { automountServiceAccountToken: false } : {}) });
  }

  // ── images

  /** The image reference as the kubelet reports it, and its repository digest. */
  resolveImage(image: string): { image: string; imageID: string } {
    let ref = image;
    let digest: string | undefined;
    const at = ref.indexOf('@');
    if (at >= 0) {
      digest = ref.slice(at + 1);
      ref = ref.slice(0, at);
    }
    const slash = ref.indexOf('/');
    const first = slash < 0 ? '' : ref.slice(0, slash);
    if (slash < 0) ref = `docker.io/library/${ref}`;
    else if (!first.includes('.') && !first.includes(':') && first !== 'localhost') ref = `docker.io/${ref}`;
    const lastSlash = ref.lastIndexOf('/');
    const colon = ref.indexOf(':', lastSlash);
    const repo = colon < 0 ? ref : ref.slice(0, colon);
    const tagged = colon < 0 ? `${ref}:latest` : ref;
    if (!digest) {
      digest = this.digests.get(tagged);
      if (!digest) this.digests.set(tagged, (digest = `sha256:${this.rng.hex(64)}`));
    }
    return { image: at >= 0 ? `${repo}@${digest}` : tagged, imageID: `${repo}@${digest}` };
  }

  appImage(team: string, app: string): string {
    const repo = this.rng.weighted<string>([
      [`registry.internal.example.com/${team}/${app}`, 60],
      [`ghcr.io/example-org/${team}-${app}`, 12],
      [`123456789012.dkr.ecr.eu-west-1.amazonaws.com/${team}/${app}`, 18],
      [`docker.io/exampleorg/${app}`, 10],
    ]);
    const tag = this.rng.weighted<string>([
      [`:${this.rng.int(0, 4)}.${this.rng.int(0, 30)}.${this.rng.int(0, 12)}`, 68],
      [':latest', 8],
      ['', 3],
      [`:git-${this.rng.hex(7)}`, 8],
      [`:${this.rng.int(0, 4)}.${this.rng.int(0, 30)}.${this.rng.int(0, 12)}@sha256:${this.rng.hex(64)}`, 13],
    ]);
    return repo + tag;
  }

  // ── pod templates

  posture(ns: NamespaceInfo): Posture {
    return this.rng.weighted(ns.scope ? POSTURES_IN_SCOPE : POSTURES);
  }

  env(app: AppInfo, ns: NamespaceInfo): J[] {
    const rng = this.rng;
    const env: J[] = [
      { name: 'LOG_LEVEL', value: rng.pick(['info', 'info', 'debug', 'warn']) },
      { name: 'PORT', value: String(app.port) },
      { name: 'POD_NAME', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.name' } } },
      { name: 'POD_NAMESPACE', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } } },
    ];
    if (rng.chance(0.4)) env.push({ name: 'OTEL_EXPORTER_OTLP_ENDPOINT', value: 'http://otel-collector.monitoring.svc:4317' });
    if (rng.chance(0.3)) env.push({ name: 'JAVA_TOOL_OPTIONS', value: `-Xms${rng.pick([256, 512])}m -Xmx${rng.pick([512, 1024, 2048])}m -XX:+UseG1GC` });
    if (app.dbSecret) {
      env.push({ name: 'DATABASE_URL', value: `postgres://${app.name}@postgres.${ns.name}.svc:5432/${app.name.replace(/-/g, '_')}?sslmode=${rng.pick(['require', 'verify-full', 'disable'])}` });
      env.push({ name: 'DATABASE_PASSWORD', valueFrom: { secretKeyRef: { name: app.dbSecret, key: 'password' } } });
    }
    if (app.configMap && rng.chance(0.5)) env.push({ name: 'FEATURE_FLAGS', valueFrom: { configMapKeyRef: { name: app.configMap, key: 'flags', optional: true } } });
    if (rng.chance(0.04)) {
      // A credential written into the manifest, as collection leaves it: a redacted marker.
      const name = rng.pick(['API_TOKEN', 'STRIPE_SECRET_KEY', 'SMTP_PASSWORD', 'AWS_SECRET_ACCESS_KEY']);
      env.push({ name, value: `${REDACTED_PREFIX}:credential-key-name:len=${rng.int(20, 64)}:fp=${rng.hex(12)}` });
    }
    for (const e of env) {
      if (typeof e.value === 'string' && !isRedacted(e.value) && detectCredential(e.name, e.value)) {
        throw new Error(`synthetic env ${e.name} would have been redacted by collection`);
      }
    }
    return env;
  }

  resources(): J | undefined {
    const rng = this.rng;
    const cpu = rng.pick(['50m', '100m', '250m', '500m', '1', '2']);
    const memory = rng.pick(['64Mi', '128Mi', '256Mi', '512Mi', '1Gi', '2Gi']);
    const limitCpu = rng.pick(['500m', '1', '2', '4']);
    const limitMemory = rng.pick(['256Mi', '512Mi', '1Gi', '2Gi', '4Gi']);
    switch (rng.weighted([['full', 60], ['requests', 20], ['none', 12], ['limits', 8]] as const)) {
      case 'full':
        return { limits: { cpu: limitCpu, memory: limitMemory }, requests: { cpu, memory } };
      case 'requests':
        return { requests: { cpu, memory } };
      case 'limits':
        return { limits: { cpu: limitCpu, memory: limitMemory } };
      default:
        return {};
    }
  }

  probes(c: J, port: number): void {
    const rng = this.rng;
    const kind = rng.weighted([['both', 65], ['readiness', 15], ['none', 20]] as const);
    if (kind === 'none') return;
    const handler = rng.weighted<J>([
      [{ httpGet: { path: '/healthz', port, scheme: 'HTTP' } }, 70],
      [{ tcpSocket: { port } }, 20],
      [{ exec: { command: ['/bin/sh', '-c', 'test -f /tmp/healthy'] } }, 10],
    ]);
    const probe = (delay: number): J => ({ ...handler, initialDelaySeconds: delay, timeoutSeconds: 1, periodSeconds: 10, successThreshold: 1, failureThreshold: 3 });
    if (kind === 'both') c.livenessProbe = probe(rng.pick([10, 15, 30]));
    c.readinessProbe = probe(5);
    if (rng.chance(0.1)) c.startupProbe = { ...handler, timeoutSeconds: 1, periodSeconds: 5, successThreshold: 1, failureThreshold: 30 };
  }

  /** A pod template's spec and labels for an application, with its security posture. */
  appTemplate(ns: NamespaceInfo, app: AppInfo, image: string, posture: Posture, labels: J): Template {
    const rng = this.rng;
    const volumes: J[] = [];
    const mounts: J[] = [];
    const container: J = { name: app.name.length > 40 ? 'app' : app.name, image };
    if (rng.chance(0.15)) container.command = ['/app/server'];
    if (rng.chance(0.3)) container.args = [`--port=${app.port}`, '--log-format=json'];
    container.ports = [{ name: 'http', containerPort: app.port, protocol: 'TCP' }];
    if (rng.chance(0.5)) container.ports.push({ name: 'metrics', containerPort: 9090, protocol: 'TCP' });
    container.env = this.env(app, ns);
    if (app.configMap && rng.chance(0.3)) container.envFrom = [{ configMapRef: { name: app.configMap } }];
    container.resources = this.resources();
    if (app.configMap) {
      volumes.push({ name: 'config', configMap: { name: app.configMap, defaultMode: 420 } });
      mounts.push({ name: 'config', readOnly: true, mountPath: '/etc/app' });
    }
    if (app.tls) {
      volumes.push({ name: 'tls', secret: { secretName: app.tls, defaultMode: 420 } });
      mounts.push({ name: 'tls', readOnly: true, mountPath: '/etc/tls' });
    }
    const pod: J = {};
    let sc: J | undefined;
    switch (posture) {
      case 'hardened':
        Object.assign(pod, { runAsNonRoot: true, runAsUser: 10001, runAsGroup: 10001, fsGroup: 10001, seccompProfile: { type: 'RuntimeDefault' } });
        sc = { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, runAsNonRoot: true, capabilities: { drop: ['ALL'] } };
        volumes.push({ name: 'tmp', emptyDir: {} });
        mounts.push({ name: 'tmp', mountPath: '/tmp' });
        break;
      case 'partial':
        Object.assign(pod, { runAsNonRoot: true, runAsUser: 1000 });
        sc = { allowPrivilegeEscalation: false };
        break;
      case 'root':
        sc = { runAsUser: 0, runAsNonRoot: false };
        break;
      case 'capAdd':
        sc = { capabilities: { add: [rng.pick(['NET_ADMIN', 'SYS_ADMIN', 'NET_RAW', 'SYS_PTRACE'])] }, allowPrivilegeEscalation: true };
        break;
      case 'privileged':
        sc = { privileged: true, runAsUser: 0 };
        break;
      case 'hostPath': {
        const [name, path] = rng.pick([['docker-sock', '/var/run/docker.sock'], ['host-root', '/'], ['host-etc', '/etc'], ['varlog', '/var/log']] as const);
        volumes.push({ name, hostPath: { path, type: '' } });
        mounts.push({ name, mountPath: `/host${path === '/' ? '' : path}` });
        break;
      }
      default:
        break;
    }
    if (sc) container.securityContext = sc;
    if (mounts.length) container.volumeMounts = mounts;
    this.probes(container, app.port);
    Object.assign(container, TERMINATION);
    container.imagePullPolicy = image.endsWith(':latest') || !/[:@][^/]*$/.test(image) ? 'Always' : 'IfNotPresent';

    const containers: J[] = [container];
    if (rng.chance(0.2)) containers.push(this.sidecar());
    const spec: J = {};
    if (volumes.length) spec.volumes = volumes;
    if (rng.chance(0.1)) {
      spec.initContainers = [
        rng.chance(0.5)
          ? { name: 'migrate', image, command: ['/app/migrate', 'up'], env: container.env, resources: container.resources, ...TERMINATION, imagePullPolicy: container.imagePullPolicy, ...(sc ? { securityContext: sc } : {}) }
          : { name: 'wait-for-db', image: 'docker.io/library/busybox:1.36', command: ['sh', '-c', 'until nc -z postgres 5432; do sleep 2; done'], resources: {}, ...TERMINATION, imagePullPolicy: 'IfNotPresent' },
      ];
    }
    spec.containers = containers;
    spec.restartPolicy = 'Always';
    spec.terminationGracePeriodSeconds = rng.pick([30, 30, 30, 60, 10]);
    spec.dnsPolicy = posture === 'hostNetwork' ? 'ClusterFirstWithHostNet' : 'ClusterFirst';
    if (app.serviceAccount !== 'default') {
      spec.serviceAccountName = app.serviceAccount;
      spec.serviceAccount = app.serviceAccount;
    }
    if ((posture === 'hardened' && rng.chance(0.35)) || rng.chance(0.05)) spec.automountServiceAccountToken = false;
    if (posture === 'hostNetwork') spec.hostNetwork = true;
    if (posture === 'hostPID') spec.hostPID = true;
    if (posture === 'hostIPC') spec.hostIPC = true;
    spec.securityContext = pod;
    if (rng.chance(0.3)) spec.imagePullSecrets = [{ name: 'regcred' }];
    if (rng.chance(0.2)) {
      spec.affinity = {
        podAntiAffinity: {
          preferredDuringSchedulingIgnoredDuringExecution: [
            { weight: 100, podAffinityTerm: { labelSelector: { matchLabels: { app: labels.app } }, topologyKey: 'kubernetes.io/hostname' } },
          ],
        },
      };
    }
    if (rng.chance(0.1)) spec.nodeSelector = { 'kubernetes.io/os': 'linux' };
    spec.schedulerName = 'default-scheduler';
    if (rng.chance(0.15)) {
      spec.topologySpreadConstraints = [{ maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { matchLabels: { app: labels.app } } }];
    }
    const annotations: J = {};
    if (container.ports.length > 1) Object.assign(annotations, { 'prometheus.io/scrape': 'true', 'prometheus.io/port': '9090' });
    if (rng.chance(0.1)) annotations['kubectl.kubernetes.io/restartedAt'] = iso(this.ago(1, 60));
    const metadata: J = { labels };
    if (Object.keys(annotations).length) metadata.annotations = annotations;
    return { metadata, spec };
  }

  sidecar(): J {
    const rng = this.rng;
    if (rng.chance(0.6)) {
      return {
        name: 'envoy',
        image: 'docker.io/envoyproxy/envoy:v1.30.2',
        args: ['-c', '/etc/envoy/envoy.yaml', '--log-level', 'warn'],
        ports: [{ name: 'http-envoy', containerPort: 15001, protocol: 'TCP' }, { name: 'admin', containerPort: 15000, protocol: 'TCP' }],
        resources: { limits: { cpu: '500m', memory: '256Mi' }, requests: { cpu: '50m', memory: '64Mi' } },
        ...TERMINATION,
        imagePullPolicy: 'IfNotPresent',
        securityContext: { allowPrivilegeEscalation: false, runAsUser: 101, runAsNonRoot: true, capabilities: { drop: ['ALL'] }, readOnlyRootFilesystem: true },
      };
    }
    return {
      name: 'log-shipper',
      image: 'cr.fluentbit.io/fluent/fluent-bit:3.0.7',
      resources: { requests: { cpu: '10m', memory: '32Mi' } },
      ...TERMINATION,
      imagePullPolicy: 'IfNotPresent',
    };
  }

  // ── pods

  pickNode(workersOnly = true): NodeInfo {
    const pool = workersOnly ? this.workers : this.nodes;
    return this.rng.pick(pool);
  }

  private workersCache?: NodeInfo[];
  get workers(): NodeInfo[] {
    if (!this.workersCache) {
      const w = this.nodes.filter((n) => !n.controlPlane);
      this.workersCache = w.length ? w : this.nodes;
    }
    return this.workersCache;
  }

  podIP(node: NodeInfo): string {
    node.podCounter = (node.podCounter + 1) % 250;
    return `10.${64 + (node.index >> 8)}.${node.index & 255}.${node.podCounter + 2}`;
  }

  /**
   * A pod as the API returns it, made from a template: the template's spec with the defaults
   * the API server and the scheduler add (service account token volume, tolerations, node).
   */
  pod(
    ns: string,
    name: string,
    created: number,
    template: Template,
    opts: {
      labels: J;
      owner?: J;
      generateName?: string;
      node?: NodeInfo;
      state?: 'running' | 'crashloop' | 'succeeded' | 'pending';
      extraSpec?: J;
      tolerations?: J[];
      serviceAccount?: string;
    },
  ): { pod: K8sObject; target: EndpointTarget } {
    const rng = this.rng;
    const t = template.spec;
    const state = opts.state ?? rng.weighted([['running', 97], ['crashloop', 2.2], ['pending', 0.8]] as const);
    const node = state === 'pending' ? undefined : (opts.node ?? this.pickNode());
    const sa = opts.serviceAccount ?? t.serviceAccountName ?? 'default';
    const automount = t.automountServiceAccountToken !== false;
    const apiVolume = `kube-api-access-${this.suffix()}`;
    const apiMount = { name: apiVolume, readOnly: true, mountPath: SA_MOUNT_PATH };
    const withMount = (c: J): J => (automount ? { ...c, volumeMounts: [...(c.volumeMounts ?? []), apiMount] } : c);
    const spec: J = {};
    const volumes = [...(t.volumes ?? [])];
    if (automount) volumes.push({ name: apiVolume, projected: KUBE_API_ACCESS_PROJECTED });
    if (opts.extraSpec?.volumes) volumes.push(...opts.extraSpec.volumes);
    if (volumes.length) spec.volumes = volumes;
    if (t.initContainers) spec.initContainers = t.initContainers.map(withMount);
    spec.containers = t.containers.map(withMount);
    for (const [k, v] of Object.entries(t)) {
      if (k === 'volumes' || k === 'initContainers' || k === 'containers') continue;
      spec[k] = v;
    }
    if (opts.extraSpec) for (const [k, v] of Object.entries(opts.extraSpec)) if (k !== 'volumes') spec[k] = v;
    spec.serviceAccountName = sa;
    spec.serviceAccount = sa;
    if (node) spec.nodeName = node.name;
    spec.tolerations = [...(t.tolerations ?? []), ...(opts.tolerations ?? DEFAULT_TOLERATIONS)];
    spec.priority = t.priorityClassName === 'system-node-critical' ? 2000001000 : t.priorityClassName === 'system-cluster-critical' ? 2000000000 : 0;
    spec.enableServiceLinks = true;
    spec.preemptionPolicy = 'PreemptLowerPriority';

    const hostNetwork = t.hostNetwork === true;
    const ip = node ? (hostNetwork ? node.ip : this.podIP(node)) : '';
    const started = this.after(created, 120);
    const status = this.podStatus(spec, state, node, ip, created, started);
    const metadata = this.metadata(name, ns, created, {
      generateName: opts.generateName,
      labels: opts.labels,
      annotations: template.metadata.annotations,
      ownerReferences: opts.owner ? [opts.owner] : undefined,
    });
    const pod = this.add({ apiVersion: 'v1', kind: 'Pod', metadata, spec, status });
    this.podsMade++;
    return {
      pod,
      target: { name, uid: metadata.uid, ip, nodeName: node?.name ?? '', zone: node?.zone ?? '', ready: state === 'running' },
    };
  }

  podStatus(spec: J, state: 'running' | 'crashloop' | 'succeeded' | 'pending', node: NodeInfo | undefined, ip: string, created: number, started: number): J {
    const rng = this.rng;
    const cond = (type: string, status: string, at: number, reason?: string): J => ({
      type,
      status,
      lastProbeTime: null,
      lastTransitionTime: iso(at),
      ...(reason ? { reason } : {}),
    });
    if (state === 'pending' || !node) {
      return {
        phase: 'Pending',
        conditions: [
          { ...cond('PodScheduled', 'False', created, 'Unschedulable'), message: `0/${this.nodes.length} nodes are available: ${this.nodes.length} Insufficient cpu. preemption: 0/${this.nodes.length} nodes are available: ${this.nodes.length} No preemption victims found for incoming pod.` },
        ],
        qosClass: qosOf(spec.containers),
      };
    }
    const ready = state === 'running';
    const done = state === 'succeeded';
    const readyAt = this.after(started, 60);
    const statuses = (list: J[], init: boolean): J[] =>
      list.map((c) => {
        const { image, imageID } = this.resolveImage(c.image);
        const containerID = `containerd://${rng.hex(64)}`;
        if (init || done) {
          return {
            name: c.name,
            state: { terminated: { exitCode: 0, reason: 'Completed', startedAt: iso(started), finishedAt: iso(readyAt), containerID } },
            lastState: {},
            ready: false,
            restartCount: 0,
            image,
            imageID,
            containerID,
            started: false,
          };
        }
        if (!ready && c === list[0]) {
          const restarts = rng.int(5, 300);
          return {
            name: c.name,
            state: { waiting: { reason: 'CrashLoopBackOff', message: `back-off 5m0s restarting failed container=${c.name}` } },
            lastState: { terminated: { exitCode: 1, reason: 'Error', startedAt: iso(readyAt), finishedAt: iso(readyAt), containerID } },
            ready: false,
            restartCount: restarts,
            image,
            imageID,
            containerID,
            started: false,
          };
        }
        return {
          name: c.name,
          state: { running: { startedAt: iso(started) } },
          lastState: {},
          ready: true,
          restartCount: rng.chance(0.9) ? 0 : rng.int(1, 4),
          image,
          imageID,
          containerID,
          started: true,
        };
      });
    const status: J = {
      phase: done ? 'Succeeded' : 'Running',
      conditions: [
        cond('PodReadyToStartContainers', done ? 'False' : 'True', started),
        cond('Initialized', 'True', started, done ? 'PodCompleted' : undefined),
        cond('Ready', ready ? 'True' : 'False', readyAt, done ? 'PodCompleted' : ready ? undefined : 'ContainersNotReady'),
        cond('ContainersReady', ready ? 'True' : 'False', readyAt, done ? 'PodCompleted' : ready ? undefined : 'ContainersNotReady'),
        cond('PodScheduled', 'True', created),
      ],
      hostIP: node.ip,
      hostIPs: [{ ip: node.ip }],
      podIP: ip,
      podIPs: [{ ip }],
      startTime: iso(started),
    };
    if (spec.initContainers) status.initContainerStatuses = statuses(spec.initContainers, true);
    status.containerStatuses = statuses(spec.containers, false);
    status.qosClass = qosOf(spec.containers);
    return status;
  }

  // ── namespaces

  makeNamespaces(count: number): void {
    const rng = this.rng;
    for (const name of SYSTEM_NAMESPACES) {
      const info: NamespaceInfo = { name, team: 'platform', system: true, apps: [], names: new Set() };
      if (name === 'kube-system') info.podSecurity = 'privileged';
      this.namespaces.push(info);
      this.nsByName.set(name, info);
    }
    const used = new Set<string>(SYSTEM_NAMESPACES);
    for (let i = 0; i < count; i++) {
      const team = TEAMS[i % TEAMS.length]!;
      const env = ENVS[Math.floor(i / TEAMS.length) % ENVS.length]!;
      const round = Math.floor(i / (TEAMS.length * ENVS.length));
      let name = round === 0 ? `${team}-${env}` : `${team}-${round + 1}-${env}`;
      while (used.has(name)) name = `${name}-x`;
      used.add(name);
      const info: NamespaceInfo = { name, team, system: false, apps: [], names: new Set() };
      const scope = rng.weighted([['', 78], ['pci', 12], ['hipaa', 8], ['pci,hipaa', 2]] as const);
      if (scope) info.scope = scope;
      const ps = rng.weighted([['', 50], ['baseline', 30], ['restricted', 20]] as const);
      if (ps) info.podSecurity = ps;
      this.namespaces.push(info);
      this.nsByName.set(name, info);
    }
  }

  get appNamespaces(): NamespaceInfo[] {
    return this.namespaces.filter((n) => !n.system);
  }

  emitNamespaceObjects(): void {
    for (const ns of this.namespaces) {
      const labels: J = { 'kubernetes.io/metadata.name': ns.name };
      if (!ns.system) Object.assign(labels, { team: ns.team, 'app.kubernetes.io/part-of': ns.team });
      if (ns.scope) labels[SCOPE_LABEL] = ns.scope;
      if (ns.podSecurity) {
        labels['pod-security.kubernetes.io/enforce'] = ns.podSecurity;
        labels['pod-security.kubernetes.io/enforce-version'] = 'latest';
      }
      const created = ns.system ? this.ago(700, 720) : this.ago(200, 690);
      this.add({
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: this.metadata(ns.name, undefined, created, { labels }),
        spec: { finalizers: ['kubernetes'] },
        status: { phase: 'Active' },
      });
    }
  }

  // ── nodes

  makeNodes(count: number): void {
    const controlPlanes = count >= 10 ? 3 : 1;
    for (let i = 0; i < count; i++) {
      const ip = `10.0.${16 + (i >> 8)}.${(i & 255) || 254}`;
      const name = `ip-${ip.replace(/\./g, '-')}.eu-west-1.compute.internal`;
      this.nodes.push({ name, ip, index: i, zone: ZONES[i % ZONES.length]!, controlPlane: i < controlPlanes, podCounter: 0 });
    }
  }

  emitNodes(): void {
    const rng = this.rng;
    for (const n of this.nodes) {
      const type = n.controlPlane ? 'm6i.xlarge' : rng.pick(INSTANCE_TYPES);
      const labels: J = {
        'beta.kubernetes.io/arch': 'amd64',
        'beta.kubernetes.io/instance-type': type,
        'beta.kubernetes.io/os': 'linux',
        'failure-domain.beta.kubernetes.io/region': 'eu-west-1',
        'failure-domain.beta.kubernetes.io/zone': n.zone,
        'kubernetes.io/arch': 'amd64',
        'kubernetes.io/hostname': n.name,
        'kubernetes.io/os': 'linux',
        'node.kubernetes.io/instance-type': type,
        'topology.kubernetes.io/region': 'eu-west-1',
        'topology.kubernetes.io/zone': n.zone,
      };
      if (n.controlPlane) labels['node-role.kubernetes.io/control-plane'] = '';
      else labels['node.kubernetes.io/pool'] = rng.pick(['general', 'general', 'compute', 'memory']);
      const created = this.ago(n.controlPlane ? 700 : 1, n.controlPlane ? 710 : 90);
      const cpu = type.includes('4x') ? '16' : type.includes('2x') ? '8' : '4';
      const mem = type.startsWith('r6i') ? '65021656Ki' : type.includes('4x') ? '65021656Ki' : type.includes('2x') ? '32408228Ki' : '15856268Ki';
      const heartbeat = this.baseMs - rng.int(1, 40) * 1000;
      const cond = (type: string, status: string, reason: string, message: string): J => ({
        type,
        status,
        lastHeartbeatTime: iso(heartbeat),
        lastTransitionTime: iso(created + 60_000),
        reason,
        message,
      });
      const spec: J = { podCIDR: `10.${64 + (n.index >> 8)}.${n.index & 255}.0/24`, podCIDRs: [`10.${64 + (n.index >> 8)}.${n.index & 255}.0/24`], providerID: `aws:///${n.zone}/i-0${rng.hex(16)}` };
      if (n.controlPlane) spec.taints = [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }];
      this.add({
        apiVersion: 'v1',
        kind: 'Node',
        metadata: this.metadata(n.name, undefined, created, {
          labels,
          annotations: {
            'node.alpha.kubernetes.io/ttl': '0',
            'volumes.kubernetes.io/controller-managed-attach-detach': 'true',
            'csi.volume.kubernetes.io/nodeid': `{"ebs.csi.aws.com":"i-0${rng.hex(16)}"}`,
          },
        }),
        spec,
        status: {
          capacity: { cpu, 'ephemeral-storage': '104845292Ki', 'hugepages-1Gi': '0', 'hugepages-2Mi': '0', memory: mem, pods: '110' },
          allocatable: { cpu: `${Number(cpu) * 1000 - 90}m`, 'ephemeral-storage': '95551679124', 'hugepages-1Gi': '0', 'hugepages-2Mi': '0', memory: mem, pods: '110' },
          conditions: [
            cond('MemoryPressure', 'False', 'KubeletHasSufficientMemory', 'kubelet has sufficient memory available'),
            cond('DiskPressure', 'False', 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure'),
            cond('PIDPressure', 'False', 'KubeletHasSufficientPID', 'kubelet has sufficient PID available'),
            cond('Ready', 'True', 'KubeletReady', 'kubelet is posting ready status'),
          ],
          addresses: [
            { type: 'InternalIP', address: n.ip },
            { type: 'InternalDNS', address: n.name },
            { type: 'Hostname', address: n.name },
          ],
          daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
          nodeInfo: {
            machineID: rng.hex(32),
            systemUUID: `ec2${rng.hex(5)}-${rng.hex(4)}-${rng.hex(4)}-${rng.hex(4)}-${rng.hex(12)}`,
            bootID: this.uid(),
            kernelVersion: rng.pick(['5.10.217-205.860.amzn2.x86_64', '6.1.92-99.174.amzn2023.x86_64']),
            osImage: rng.pick(['Amazon Linux 2', 'Amazon Linux 2023.4.20240611']),
            containerRuntimeVersion: 'containerd://1.7.11',
            kubeletVersion: K8S_VERSION,
            kubeProxyVersion: K8S_VERSION,
            operatingSystem: 'linux',
            architecture: 'amd64',
          },
        },
      });
    }
  }

  // ── applications: Deployments, StatefulSets, CronJobs

  newApp(ns: NamespaceInfo, base: string, kind: AppInfo['kind'], port: number): AppInfo {
    const rng = this.rng;
    const name = this.uniqueName(ns, base);
    const app: AppInfo = { name, kind, port, serviceAccount: rng.chance(0.6) ? name : 'default' };
    if (rng.chance(0.5)) app.configMap = `${name}-config`;
    if (rng.chance(0.4)) app.dbSecret = `${name}-db`;
    ns.apps.push(app);
    return app;
  }

  deployment(ns: NamespaceInfo, replicas: number, system?: SystemDeployment): void {
    const rng = this.rng;
    const app = system
      ? this.newApp(ns, system.name, 'Deployment', system.port)
      : this.newApp(ns, rng.pick(APP_WORDS), 'Deployment', rng.pick([8080, 8080, 8080, 3000, 8000, 9000, 5000]));
    if (system) {
      delete app.configMap;
      delete app.dbSecret;
      app.serviceAccount = system.name;
    }
    if (!system && rng.chance(0.85)) app.service = app.name;
    if (system?.serviceType || (system && ['coredns', 'metrics-server', 'cert-manager-webhook', 'grafana', 'argocd-server', 'argocd-repo-server', 'kube-state-metrics'].includes(system.name))) app.service = app.name;
    if (app.service && !system && rng.chance(0.25)) app.tls = `${app.name}-tls`;
    const labels: J = {
      app: app.name,
      'app.kubernetes.io/name': app.name,
      'app.kubernetes.io/instance': `${app.name}-${ns.name}`.slice(0, 63),
      'app.kubernetes.io/part-of': ns.team,
    };
    if (rng.chance(0.5)) labels['app.kubernetes.io/version'] = `${rng.int(0, 4)}.${rng.int(0, 30)}.${rng.int(0, 12)}`;
    const image = system ? system.image : this.appImage(ns.team, app.name);
    const posture = system ? system.posture : this.posture(ns);
    const template = this.appTemplate(ns, app, image, posture, { app: app.name, 'app.kubernetes.io/name': app.name });
    if (system && ns.name === 'kube-system') template.spec.priorityClassName = 'system-cluster-critical';
    const created = this.ago(5, 600);
    const deployUid = this.uid();
    const oldCount = rng.weighted([[0, 35], [1, 40], [2, 25]] as const);
    const revision = oldCount + rng.int(1, 12);
    const deployment = this.add({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: this.metadata(app.name, ns.name, created, {
        uid: deployUid,
        generation: revision + rng.int(0, 3),
        labels,
        annotations: { 'deployment.kubernetes.io/revision': String(revision), ...(rng.chance(0.3) ? { 'meta.helm.sh/release-name': app.name, 'meta.helm.sh/release-namespace': ns.name } : {}) },
      }),
      spec: {
        replicas,
        selector: { matchLabels: { app: app.name } },
        template,
        strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '25%', maxSurge: '25%' } },
        revisionHistoryLimit: 10,
        progressDeadlineSeconds: 600,
      },
      status: {},
    });
    const owner = { apiVersion: 'apps/v1', kind: 'Deployment', name: app.name, uid: deployUid, controller: true, blockOwnerDeletion: true };
    // Older ReplicaSets, scaled to zero, with an older image.
    for (let r = 0; r < oldCount; r++) {
      const hash = this.suffix(rng.int(9, 10));
      const oldImage = image.replace(/:(\d+)\.(\d+)\.(\d+)/, (_m, a, b, c) => `:${a}.${b}.${Math.max(0, Number(c) - r - 1)}`);
      const oldSpec = oldImage === image ? template.spec : { ...template.spec, containers: template.spec.containers.map((c: J, i: number) => (i === 0 ? { ...c, image: oldImage } : c)) };
      this.replicaSet(ns.name, app.name, hash, owner, { metadata: { ...template.metadata, labels: { ...template.metadata.labels, 'pod-template-hash': hash } }, spec: oldSpec }, 0, this.ago(5, 200), revision - oldCount + r);
    }
    const hash = this.suffix(rng.int(9, 10));
    const rsName = `${app.name}-${hash}`;
    const podLabels = { ...template.metadata.labels, 'pod-template-hash': hash };
    const rsTemplate = { metadata: { ...template.metadata, labels: podLabels }, spec: template.spec };
    const rsCreated = this.after(created, 86400 * 4);
    const rsUid = this.replicaSet(ns.name, app.name, hash, owner, rsTemplate, replicas, rsCreated, revision);
    const rsOwner = { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: rsName, uid: rsUid, controller: true, blockOwnerDeletion: true };
    const targets: EndpointTarget[] = [];
    for (let i = 0; i < replicas; i++) {
      const podName = `${rsName}-${this.suffix()}`;
      const { target } = this.pod(ns.name, podName, this.after(rsCreated, 3600), rsTemplate, {
        labels: podLabels,
        owner: rsOwner,
        generateName: `${rsName}-`,
      });
      targets.push(target);
    }
    const ready = targets.filter((t) => t.ready).length;
    deployment.status = {
      observedGeneration: (deployment.metadata as J).generation,
      replicas,
      updatedReplicas: replicas,
      readyReplicas: ready,
      availableReplicas: ready,
      ...(ready < replicas ? { unavailableReplicas: replicas - ready } : {}),
      conditions: [
        { type: 'Available', status: ready > 0 ? 'True' : 'False', lastUpdateTime: iso(rsCreated), lastTransitionTime: iso(rsCreated), reason: ready > 0 ? 'MinimumReplicasAvailable' : 'MinimumReplicasUnavailable', message: ready > 0 ? 'Deployment has minimum availability.' : 'Deployment does not have minimum availability.' },
        { type: 'Progressing', status: 'True', lastUpdateTime: iso(rsCreated), lastTransitionTime: iso(created), reason: 'NewReplicaSetAvailable', message: `ReplicaSet "${rsName}" has successfully progressed.` },
      ],
    };
    this.appObjects(ns, app, template, targets, system?.serviceType);
    if (system?.clusterRules) this.addonRbac(ns.name, app.serviceAccount, app.name, system.clusterRules);
    if (replicas >= 3 && rng.chance(0.4)) {
      this.add({
        apiVersion: 'policy/v1',
        kind: 'PodDisruptionBudget',
        metadata: this.metadata(app.name, ns.name, created, { generation: 1, labels: { app: app.name } }),
        spec: rng.chance(0.5) ? { minAvailable: 1, selector: { matchLabels: { app: app.name } } } : { maxUnavailable: '25%', selector: { matchLabels: { app: app.name } } },
        status: { observedGeneration: 1, disruptionsAllowed: 1, currentHealthy: ready, desiredHealthy: Math.max(1, ready - 1), expectedPods: replicas, conditions: [{ type: 'DisruptionAllowed', status: 'True', observedGeneration: 1, lastTransitionTime: iso(rsCreated), reason: 'SufficientPods', message: '' }] },
      });
    }
  }

  replicaSet(ns: string, deployment: string, hash: string, owner: J, template: Template, replicas: number, created: number, revision: number): string {
    const uid = this.uid();
    this.add({
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: this.metadata(`${deployment}-${hash}`, ns, created, {
        uid,
        generation: replicas > 0 ? this.rng.int(1, 4) : this.rng.int(2, 5),
        labels: template.metadata.labels,
        annotations: {
          'deployment.kubernetes.io/desired-replicas': String(replicas || 2),
          'deployment.kubernetes.io/max-replicas': String((replicas || 2) + 1),
          'deployment.kubernetes.io/revision': String(Math.max(1, revision)),
        },
        ownerReferences: [owner],
      }),
      spec: { replicas, selector: { matchLabels: { app: template.metadata.labels.app, 'pod-template-hash': hash } }, template },
      status: replicas > 0 ? { replicas, fullyLabeledReplicas: replicas, readyReplicas: replicas, availableReplicas: replicas, observedGeneration: 1 } : { replicas: 0, observedGeneration: 2 },
    });
    return uid;
  }

  statefulSet(ns: NamespaceInfo, replicas: number): void {
    const rng = this.rng;
    const kind = rng.pick(STATEFUL);
    const app = this.newApp(ns, kind.name, 'StatefulSet', kind.port);
    delete app.configMap;
    delete app.dbSecret;
    app.service = app.name;
    const image = `${kind.image}:${rng.pick(kind.tags)}`;
    const posture: Posture = kind.root ? rng.weighted([['root', 60], ['default', 40]] as const) : rng.weighted([['partial', 50], ['hardened', 30], ['default', 20]] as const);
    const labels = { app: app.name, 'app.kubernetes.io/name': kind.name, 'app.kubernetes.io/instance': app.name, 'app.kubernetes.io/component': 'primary' };
    const template = this.appTemplate(ns, app, image, posture, labels);
    const main = template.spec.containers[0] as J;
    main.ports = [{ name: kind.portName, containerPort: kind.port, protocol: 'TCP' }];
    main.volumeMounts = [...(main.volumeMounts ?? []), { name: 'data', mountPath: '/data' }];
    const created = this.ago(30, 650);
    const uid = this.uid();
    const revisionHash = `${app.name}-${this.suffix(10)}`;
    const storageClass = rng.chance(0.8) ? 'gp3' : 'gp2';
    const sts = this.add({
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: this.metadata(app.name, ns.name, created, { uid, generation: rng.int(1, 8), labels }),
      spec: {
        replicas,
        selector: { matchLabels: { app: app.name, 'app.kubernetes.io/name': kind.name, 'app.kubernetes.io/instance': app.name, 'app.kubernetes.io/component': 'primary' } },
        template,
        volumeClaimTemplates: [
          { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: kind.storage } }, storageClassName: storageClass, volumeMode: 'Filesystem' }, status: { phase: 'Pending' } },
        ],
        serviceName: `${app.name}-headless`,
        podManagementPolicy: 'OrderedReady',
        updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 0 } },
        revisionHistoryLimit: 10,
        persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Retain', whenScaled: 'Retain' },
      },
      status: {},
    });
    const owner = { apiVersion: 'apps/v1', kind: 'StatefulSet', name: app.name, uid, controller: true, blockOwnerDeletion: true };
    const targets: EndpointTarget[] = [];
    for (let i = 0; i < replicas; i++) {
      const podName = `${app.name}-${i}`;
      const claim = `data-${podName}`;
      const podCreated = this.after(created, 86400 * 20);
      const node = this.pickNode();
      const { target } = this.pod(ns.name, podName, podCreated, template, {
        labels: { ...labels, 'apps.kubernetes.io/pod-index': String(i), 'controller-revision-hash': revisionHash, 'statefulset.kubernetes.io/pod-name': podName },
        owner,
        generateName: `${app.name}-`,
        node,
        extraSpec: { hostname: podName, subdomain: `${app.name}-headless`, volumes: [{ name: 'data', persistentVolumeClaim: { claimName: claim } }] },
      });
      target.hostname = podName;
      targets.push(target);
      const pvUid = this.uid();
      const pvName = `pvc-${pvUid}`;
      const pvcUid = this.uid();
      this.add({
        apiVersion: 'v1',
        kind: 'PersistentVolumeClaim',
        metadata: this.metadata(claim, ns.name, podCreated, {
          uid: pvcUid,
          labels,
          annotations: {
            'pv.kubernetes.io/bind-completed': 'yes',
            'pv.kubernetes.io/bound-by-controller': 'yes',
            'volume.beta.kubernetes.io/storage-provisioner': 'ebs.csi.aws.com',
            'volume.kubernetes.io/selected-node': node.name,
            'volume.kubernetes.io/storage-provisioner': 'ebs.csi.aws.com',
          },
          finalizers: ['kubernetes.io/pvc-protection'],
        }),
        spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: kind.storage } }, volumeName: pvName, storageClassName: storageClass, volumeMode: 'Filesystem' },
        status: { phase: 'Bound', accessModes: ['ReadWriteOnce'], capacity: { storage: kind.storage } },
      });
      this.add({
        apiVersion: 'v1',
        kind: 'PersistentVolume',
        metadata: this.metadata(pvName, undefined, podCreated, {
          uid: pvUid,
          annotations: { 'pv.kubernetes.io/provisioned-by': 'ebs.csi.aws.com', 'volume.kubernetes.io/provisioner-deletion-secret-name': '', 'volume.kubernetes.io/provisioner-deletion-secret-namespace': '' },
          finalizers: ['external-provisioner.volume.kubernetes.io/finalizer', 'kubernetes.io/pv-protection'],
        }),
        spec: {
          capacity: { storage: kind.storage },
          csi: { driver: 'ebs.csi.aws.com', volumeHandle: `vol-0${rng.hex(16)}`, fsType: 'ext4', volumeAttributes: { 'storage.kubernetes.io/csiProvisionerIdentity': '1712345678901-8081-ebs.csi.aws.com' } },
          accessModes: ['ReadWriteOnce'],
          claimRef: { kind: 'PersistentVolumeClaim', namespace: ns.name, name: claim, uid: pvcUid, apiVersion: 'v1', resourceVersion: this.resourceVersion() },
          persistentVolumeReclaimPolicy: 'Delete',
          storageClassName: storageClass,
          volumeMode: 'Filesystem',
          nodeAffinity: { required: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'topology.kubernetes.io/zone', operator: 'In', values: [node.zone] }] }] } },
        },
        status: { phase: 'Bound', lastPhaseTransitionTime: iso(podCreated) },
      });
    }
    const ready = targets.filter((t) => t.ready).length;
    sts.status = { observedGeneration: (sts.metadata as J).generation, replicas, readyReplicas: ready, currentReplicas: replicas, updatedReplicas: replicas, currentRevision: revisionHash, updateRevision: revisionHash, collisionCount: 0, availableReplicas: ready };
    this.appObjects(ns, app, template, targets, undefined, true);
  }

  cronJob(ns: NamespaceInfo, history: number): void {
    const rng = this.rng;
    const app = this.newApp(ns, rng.pick(CRON_JOBS), 'CronJob', 8080);
    const labels = { app: app.name, 'app.kubernetes.io/name': app.name };
    const image = this.appImage(ns.team, app.name);
    const template = this.appTemplate(ns, app, image, this.posture(ns), labels);
    template.spec.restartPolicy = 'OnFailure';
    const c0 = template.spec.containers[0] as J;
    delete c0.livenessProbe;
    delete c0.readinessProbe;
    delete c0.startupProbe;
    delete c0.ports;
    const created = this.ago(20, 500);
    const uid = this.uid();
    const schedule = rng.pick(SCHEDULES);
    const every = schedule.startsWith('*/5') ? 300 : schedule.startsWith('*/15') ? 900 : schedule.startsWith('0 *') ? 3600 : schedule.startsWith('15 */6') ? 21600 : schedule.startsWith('30 2') ? 86400 : 604800;
    const jobSpecTemplate = { metadata: { labels }, spec: template.spec };
    const cron = this.add({
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: this.metadata(app.name, ns.name, created, { uid, generation: rng.int(1, 5), labels }),
      spec: {
        schedule,
        ...(rng.chance(0.3) ? { timeZone: 'Etc/UTC' } : {}),
        concurrencyPolicy: rng.pick(['Forbid', 'Allow', 'Replace']),
        suspend: false,
        jobTemplate: { metadata: {}, spec: { backoffLimit: 6, ...(rng.chance(0.5) ? { ttlSecondsAfterFinished: 86400 } : {}), template: jobSpecTemplate } },
        successfulJobsHistoryLimit: 3,
        failedJobsHistoryLimit: 1,
      },
      status: {},
    });
    const owner = { apiVersion: 'batch/v1', kind: 'CronJob', name: app.name, uid, controller: true, blockOwnerDeletion: true };
    let lastScheduled = 0;
    for (let h = history - 1; h >= 0; h--) {
      const scheduledSec = Math.floor((this.baseMs / 1000 - every * (h + 1)) / every) * every;
      const jobName = `${app.name}-${Math.floor(scheduledSec / 60)}`;
      const jobCreated = scheduledSec * 1000;
      lastScheduled = Math.max(lastScheduled, jobCreated);
      const jobUid = this.uid();
      const jobLabels = { ...labels, 'batch.kubernetes.io/controller-uid': jobUid, 'batch.kubernetes.io/job-name': jobName, 'controller-uid': jobUid, 'job-name': jobName };
      const jobTemplate = { metadata: { labels: jobLabels }, spec: template.spec };
      const finished = this.after(jobCreated, 600);
      this.add({
        apiVersion: 'batch/v1',
        kind: 'Job',
        metadata: this.metadata(jobName, ns.name, jobCreated, { uid: jobUid, generation: 1, labels: jobLabels, annotations: { 'batch.kubernetes.io/cronjob-scheduled-timestamp': iso(jobCreated), 'batch.kubernetes.io/job-tracking': '' }, ownerReferences: [owner] }),
        spec: {
          parallelism: 1,
          completions: 1,
          backoffLimit: 6,
          selector: { matchLabels: { 'batch.kubernetes.io/controller-uid': jobUid } },
          manualSelector: false,
          template: jobTemplate,
          completionMode: 'NonIndexed',
          suspend: false,
          podReplacementPolicy: 'TerminatingOrFailed',
        },
        status: {
          conditions: [{ type: 'Complete', status: 'True', lastProbeTime: iso(finished), lastTransitionTime: iso(finished) }],
          startTime: iso(jobCreated),
          completionTime: iso(finished),
          succeeded: 1,
          terminating: 0,
          uncountedTerminatedPods: {},
          ready: 0,
        },
      });
      const jobOwner = { apiVersion: 'batch/v1', kind: 'Job', name: jobName, uid: jobUid, controller: true, blockOwnerDeletion: true };
      this.pod(ns.name, `${jobName}-${this.suffix()}`, jobCreated, jobTemplate, {
        labels: jobLabels,
        owner: jobOwner,
        generateName: `${jobName}-`,
        state: 'succeeded',
      });
    }
    cron.status = { lastScheduleTime: iso(lastScheduled), lastSuccessfulTime: iso(this.after(lastScheduled, 600)) };
    this.appObjects(ns, app, template, []);
  }

  /** ServiceAccount, ConfigMap, Secrets, Service, Endpoints and EndpointSlice of an application. */
  appObjects(ns: NamespaceInfo, app: AppInfo, template: Template, targets: EndpointTarget[], serviceType?: string, headless = false): void {
    const rng = this.rng;
    const created = this.ago(30, 600);
    const labels = { app: app.name, 'app.kubernetes.io/name': app.name };
    if (app.serviceAccount !== 'default') {
      const automount = template.spec.automountServiceAccountToken === false || rng.chance(0.1) ? false : undefined;
      const annotations = rng.chance(0.1) ? { 'eks.amazonaws.com/role-arn': `arn:aws:iam::123456789012:role/${ns.name}-${app.name}`.slice(0, 120) } : undefined;
      this.serviceAccount(ns.name, app.serviceAccount, created, labels, { automount, annotations });
    }
    if (app.configMap && rng.chance(0.97)) {
      this.add({
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: this.metadata(app.configMap, ns.name, created, { labels }),
        data: {
          'application.yaml': `server:\n  port: ${app.port}\nlogging:\n  level: info\nfeatures:\n  cache: ${rng.chance(0.5)}\n  tracing: ${rng.chance(0.5)}\nupstream:\n  url: http://${rng.pick(APP_WORDS)}.${ns.name}.svc:8080\n  timeout: ${rng.pick([1, 2, 5, 10])}s\n`,
          flags: `beta-checkout=${rng.chance(0.5)},new-pricing=${rng.chance(0.5)}`,
          ...(rng.chance(0.03) ? { 'db.password': `${REDACTED_PREFIX}:credential-key-name:len=${rng.int(12, 40)}:fp=${rng.hex(12)}` } : {}),
        },
      });
    }
    if (app.dbSecret && rng.chance(0.97)) this.secret(ns.name, app.dbSecret, 'Opaque', created, labels);
    if (app.tls) this.secret(ns.name, app.tls, 'kubernetes.io/tls', created, { ...labels, 'controller.cert-manager.io/fao': 'true' }, { 'cert-manager.io/certificate-name': app.name, 'cert-manager.io/issuer-name': 'letsencrypt-prod', 'cert-manager.io/issuer-kind': 'ClusterIssuer' });
    if (rng.chance(0.3)) {
      for (let v = 1, n = rng.int(1, 3); v <= n; v++) {
        this.secret(ns.name, `sh.helm.release.v1.${app.name}.v${v}`, 'helm.sh/release.v1', this.after(created, 86400 * 30), { name: app.name, owner: 'helm', status: v === n ? 'deployed' : 'superseded', version: String(v) });
      }
    }
    if (!app.service) return;
    const ports: J[] = (template.spec.containers[0].ports ?? []).map((p: J) => ({ name: p.name, protocol: 'TCP', port: p.containerPort === 8080 ? 80 : p.containerPort, targetPort: p.name }));
    if (!ports.length) return;
    const selector = app.kind === 'StatefulSet' ? { app: app.name, 'app.kubernetes.io/name': template.metadata.labels['app.kubernetes.io/name'], 'app.kubernetes.io/instance': app.name, 'app.kubernetes.io/component': 'primary' } : { app: app.name };
    const services: Array<{ name: string; headless: boolean }> = headless ? [{ name: `${app.name}-headless`, headless: true }] : [];
    if (!headless || rng.chance(0.5)) services.push({ name: app.name, headless: false });
    for (const svc of services) {
      ns.names.add(svc.name);
      const type = svc.headless ? 'ClusterIP' : serviceType ?? rng.weighted([['ClusterIP', 92], ['NodePort', 5], ['LoadBalancer', 3]] as const);
      const clusterIP = svc.headless ? 'None' : `172.20.${rng.int(0, 255)}.${rng.int(1, 254)}`;
      const spec: J = {
        ports: type === 'ClusterIP' ? ports : ports.map((p) => ({ ...p, nodePort: rng.int(30000, 32767) })),
        selector,
        clusterIP,
        clusterIPs: [clusterIP],
        type,
        sessionAffinity: 'None',
        ipFamilies: ['IPv4'],
        ipFamilyPolicy: 'SingleStack',
        internalTrafficPolicy: 'Cluster',
      };
      if (svc.headless) spec.publishNotReadyAddresses = true;
      if (type !== 'ClusterIP') Object.assign(spec, { externalTrafficPolicy: 'Cluster' });
      if (type === 'LoadBalancer') Object.assign(spec, { allocateLoadBalancerNodePorts: true });
      const status = type === 'LoadBalancer' ? { loadBalancer: { ingress: [{ hostname: `a${rng.hex(31)}-${rng.int(100000000, 999999999)}.eu-west-1.elb.amazonaws.com` }] } } : { loadBalancer: {} };
      const annotations = type === 'LoadBalancer' && rng.chance(0.5) ? { 'service.beta.kubernetes.io/aws-load-balancer-scheme': rng.pick(['internet-facing', 'internal']) } : undefined;
      this.add({ apiVersion: 'v1', kind: 'Service', metadata: this.metadata(svc.name, ns.name, created, { labels, annotations }), spec, status });
      this.endpoints(ns.name, svc.name, created, labels, targets, ports, svc.headless);
    }
  }

  endpoints(ns: string, service: string, created: number, labels: J, targets: EndpointTarget[], ports: J[], headless: boolean): void {
    const epPorts = ports.map((p) => ({ name: p.name, port: typeof p.targetPort === 'number' ? p.targetPort : p.port === 80 ? 8080 : p.port, protocol: 'TCP' }));
    const address = (t: EndpointTarget): J => ({ ip: t.ip, ...(headless && t.hostname ? { hostname: t.hostname } : {}), nodeName: t.nodeName, targetRef: { kind: 'Pod', namespace: ns, name: t.name, uid: t.uid } });
    const live = targets.filter((t) => t.ip);
    const ready = live.filter((t) => t.ready || headless);
    const notReady = live.filter((t) => !(t.ready || headless));
    const subset: J = {};
    if (ready.length) subset.addresses = ready.map(address);
    if (notReady.length) subset.notReadyAddresses = notReady.map(address);
    subset.ports = epPorts;
    this.add({
      apiVersion: 'v1',
      kind: 'Endpoints',
      metadata: this.metadata(service, ns, created, { labels: { ...labels, ...(headless ? { 'service.kubernetes.io/headless': '' } : {}) }, annotations: { 'endpoints.kubernetes.io/last-change-trigger-time': iso(this.after(created, 86400)) } }),
      ...(live.length ? { subsets: [subset] } : {}),
    });
    this.add({
      apiVersion: 'discovery.k8s.io/v1',
      kind: 'EndpointSlice',
      metadata: this.metadata(`${service}-${this.suffix()}`, ns, created, {
        generateName: `${service}-`,
        generation: this.rng.int(1, 30),
        labels: { ...labels, 'endpointslice.kubernetes.io/managed-by': 'endpointslice-controller.k8s.io', 'kubernetes.io/service-name': service },
        annotations: { 'endpoints.kubernetes.io/last-change-trigger-time': iso(this.after(created, 86400)) },
        ownerReferences: [{ apiVersion: 'v1', kind: 'Service', name: service, uid: this.uid(), controller: true, blockOwnerDeletion: true }],
      }),
      addressType: 'IPv4',
      endpoints: live.map((t) => ({
        addresses: [t.ip],
        conditions: { ready: t.ready || headless, serving: t.ready || headless, terminating: false },
        ...(headless ? { hostname: t.hostname } : {}),
        targetRef: { kind: 'Pod', namespace: ns, name: t.name, uid: t.uid },
        nodeName: t.nodeName,
        zone: t.zone,
      })),
      ports: epPorts,
    });
  }

  secret(ns: string, name: string, type: string, created: number, labels?: J, annotations?: J): void {
    // As collection stores them: metadata and type, never data.
    this.add({ apiVersion: 'v1', kind: 'Secret', metadata: this.metadata(name, ns, created, { labels, annotations }), type });
  }

  // ── DaemonSets, static pods, bare pods

  daemonSet(profile: DaemonProfile, nameSuffix: string): void {
    const rng = this.rng;
    const ns = this.nsByName.get(profile.namespace)!;
    const name = this.uniqueName(ns, profile.name + nameSuffix);
    const labels = { 'app.kubernetes.io/name': profile.name, 'app.kubernetes.io/instance': name, 'k8s-app': name };
    const volumes: J[] = profile.hostPaths.map(([v, path]) => ({ name: v, hostPath: { path, type: path.endsWith('/') || !path.includes('.') ? 'Directory' : 'FileOrCreate' } }));
    const mounts: J[] = profile.hostPaths.map(([v, path]) => ({ name: v, mountPath: path === '/' ? '/host/root' : path, ...(profile.privileged ? {} : { readOnly: true }) }));
    const sc: J = {};
    if (profile.privileged) sc.privileged = true;
    if (profile.root || profile.privileged) sc.runAsUser = 0;
    if (profile.caps) sc.capabilities = { add: profile.caps, drop: ['ALL'] };
    if (!profile.privileged && !profile.root) Object.assign(sc, { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, runAsNonRoot: true, runAsUser: 65534 });
    const container: J = {
      name: profile.name,
      image: profile.image,
      args: [`--v=${rng.int(0, 2)}`],
      ...(profile.port ? { ports: [{ name: 'metrics', containerPort: profile.port, hostPort: profile.hostNetwork ? profile.port : undefined, protocol: 'TCP' }] } : {}),
      env: [
        { name: 'NODE_NAME', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'spec.nodeName' } } },
        { name: 'POD_NAMESPACE', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } } },
      ],
      resources: rng.chance(0.7) ? { limits: { memory: '256Mi' }, requests: { cpu: '100m', memory: '128Mi' } } : { requests: { cpu: '100m', memory: '128Mi' } },
      volumeMounts: mounts,
      ...(profile.port ? { livenessProbe: { httpGet: { path: '/healthz', port: profile.port, scheme: 'HTTP' }, initialDelaySeconds: 10, timeoutSeconds: 5, periodSeconds: 30, successThreshold: 1, failureThreshold: 5 } } : {}),
      ...TERMINATION,
      imagePullPolicy: 'IfNotPresent',
      securityContext: sc,
    };
    if (container.ports) for (const p of container.ports) if (p.hostPort === undefined) delete p.hostPort;
    const spec: J = {
      volumes,
      containers: [container],
      restartPolicy: 'Always',
      terminationGracePeriodSeconds: 30,
      dnsPolicy: profile.hostNetwork ? 'ClusterFirstWithHostNet' : 'ClusterFirst',
      serviceAccountName: name,
      serviceAccount: name,
      ...(profile.hostNetwork ? { hostNetwork: true } : {}),
      ...(profile.hostPID ? { hostPID: true } : {}),
      securityContext: {},
      schedulerName: 'default-scheduler',
      tolerations: [{ operator: 'Exists' }],
      priorityClassName: 'system-node-critical',
    };
    const template: Template = { metadata: { labels }, spec };
    const created = this.ago(60, 700);
    const uid = this.uid();
    const generation = rng.int(1, 9);
    const revisionHash = this.suffix(rng.int(9, 10));
    const ds = this.add({
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: this.metadata(name, ns.name, created, { uid, generation, labels, annotations: { 'deprecated.daemonset.template.generation': String(generation) } }),
      spec: {
        selector: { matchLabels: { 'k8s-app': name } },
        template,
        updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: 0 } },
        revisionHistoryLimit: 10,
      },
      status: {},
    });
    const owner = { apiVersion: 'apps/v1', kind: 'DaemonSet', name, uid, controller: true, blockOwnerDeletion: true };
    const tolerations = [...DAEMON_TOLERATIONS.slice(1), ...(profile.hostNetwork ? [{ key: 'node.kubernetes.io/network-unavailable', operator: 'Exists', effect: 'NoSchedule' }] : [])];
    let ready = 0;
    for (const node of this.nodes) {
      const podName = `${name}-${this.suffix()}`;
      const { target } = this.pod(ns.name, podName, this.after(Math.max(created, this.baseMs - 86400 * 1000 * 30), 86400 * 29), template, {
        labels: { ...labels, 'controller-revision-hash': revisionHash, 'pod-template-generation': String(generation) },
        owner,
        generateName: `${name}-`,
        node,
        state: rng.chance(0.995) ? 'running' : 'crashloop',
        tolerations,
        extraSpec: {
          affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: [node.name] }] }] } } },
        },
      });
      if (target.ready) ready++;
    }
    const n = this.nodes.length;
    ds.status = { currentNumberScheduled: n, numberMisscheduled: 0, desiredNumberScheduled: n, numberReady: ready, observedGeneration: generation, updatedNumberScheduled: n, numberAvailable: ready, ...(ready < n ? { numberUnavailable: n - ready } : {}) };
    this.serviceAccount(ns.name, name, created, labels);
    this.addonRbac(ns.name, name, name, profile.clusterRules);
  }

  /** kube-apiserver, controller-manager, scheduler and etcd as mirror pods of each control-plane node. */
  staticPods(): number {
    const ns = 'kube-system';
    let made = 0;
    for (const node of this.nodes.filter((n) => n.controlPlane)) {
      const nodeUid = (this.objects.find((o) => o.kind === 'Node' && o.metadata.name === node.name)?.metadata.uid) ?? this.uid();
      const owner = { apiVersion: 'v1', kind: 'Node', name: node.name, uid: nodeUid, controller: true };
      const components: Array<[string, string, string[], Array<[string, string]>]> = [
        ['kube-apiserver', `registry.k8s.io/kube-apiserver:${K8S_VERSION}`, [
          'kube-apiserver', `--advertise-address=${node.ip}`, '--allow-privileged=true', '--anonymous-auth=false', '--authorization-mode=Node,RBAC',
          '--client-ca-file=/etc/kubernetes/pki/ca.crt', '--enable-admission-plugins=NodeRestriction', '--enable-bootstrap-token-auth=true',
          '--etcd-cafile=/etc/kubernetes/pki/etcd/ca.crt', '--etcd-certfile=/etc/kubernetes/pki/apiserver-etcd-client.crt', '--etcd-keyfile=/etc/kubernetes/pki/apiserver-etcd-client.key',
          '--etcd-servers=https://127.0.0.1:2379', '--kubelet-client-certificate=/etc/kubernetes/pki/apiserver-kubelet-client.crt', '--kubelet-client-key=/etc/kubernetes/pki/apiserver-kubelet-client.key',
          '--profiling=false', '--audit-log-path=/var/log/kubernetes/audit/audit.log', '--audit-log-maxage=30', '--audit-log-maxbackup=10', '--audit-log-maxsize=100',
          '--secure-port=6443', '--service-account-issuer=https://kubernetes.default.svc.cluster.local', '--service-account-key-file=/etc/kubernetes/pki/sa.pub',
          '--service-account-signing-key-file=/etc/kubernetes/pki/sa.key', '--service-cluster-ip-range=172.20.0.0/16', '--tls-cert-file=/etc/kubernetes/pki/apiserver.crt',
          '--tls-private-key-file=/etc/kubernetes/pki/apiserver.key',
        ], [['k8s-certs', '/etc/kubernetes/pki'], ['ca-certs', '/etc/ssl/certs'], ['audit-log', '/var/log/kubernetes/audit']]],
        ['kube-controller-manager', `registry.k8s.io/kube-controller-manager:${K8S_VERSION}`, [
          'kube-controller-manager', '--bind-address=127.0.0.1', '--cluster-signing-cert-file=/etc/kubernetes/pki/ca.crt', '--cluster-signing-key-file=/etc/kubernetes/pki/ca.key',
          '--controllers=*,bootstrapsigner,tokencleaner', '--kubeconfig=/etc/kubernetes/controller-manager.conf', '--leader-elect=true', '--profiling=false',
          '--root-ca-file=/etc/kubernetes/pki/ca.crt', '--service-account-private-key-file=/etc/kubernetes/pki/sa.key', '--use-service-account-credentials=true',
          '--terminated-pod-gc-threshold=12500',
        ], [['k8s-certs', '/etc/kubernetes/pki'], ['kubeconfig', '/etc/kubernetes/controller-manager.conf']]],
        ['kube-scheduler', `registry.k8s.io/kube-scheduler:${K8S_VERSION}`, ['kube-scheduler', '--bind-address=127.0.0.1', '--kubeconfig=/etc/kubernetes/scheduler.conf', '--leader-elect=true', '--profiling=false'], [['kubeconfig', '/etc/kubernetes/scheduler.conf']]],
        ['etcd', 'registry.k8s.io/etcd:3.5.12-0', [
          'etcd', `--advertise-client-urls=https://${node.ip}:2379`, '--cert-file=/etc/kubernetes/pki/etcd/server.crt', '--client-cert-auth=true', '--data-dir=/var/lib/etcd',
          '--key-file=/etc/kubernetes/pki/etcd/server.key', '--peer-cert-file=/etc/kubernetes/pki/etcd/peer.crt', '--peer-client-cert-auth=true',
          '--peer-key-file=/etc/kubernetes/pki/etcd/peer.key', '--peer-trusted-ca-file=/etc/kubernetes/pki/etcd/ca.crt', '--trusted-ca-file=/etc/kubernetes/pki/etcd/ca.crt',
        ], [['etcd-certs', '/etc/kubernetes/pki/etcd'], ['etcd-data', '/var/lib/etcd']]],
      ];
      for (const [component, image, command, paths] of components) {
        const spec: J = {
          volumes: paths.map(([name, path]) => ({ name, hostPath: { path, type: path.endsWith('.conf') ? 'FileOrCreate' : 'DirectoryOrCreate' } })),
          containers: [{
            name: component,
            image,
            command,
            resources: { requests: { cpu: component === 'kube-apiserver' ? '250m' : '100m' } },
            volumeMounts: paths.map(([name, path]) => ({ name, readOnly: name !== 'etcd-data' && name !== 'audit-log', mountPath: path })),
            livenessProbe: { httpGet: { host: component === 'kube-apiserver' || component === 'etcd' ? node.ip : '127.0.0.1', path: component === 'etcd' ? '/health?exclude=NOSPACE&serializable=true' : '/livez', port: component === 'kube-apiserver' ? 6443 : component === 'etcd' ? 2381 : component === 'kube-scheduler' ? 10259 : 10257, scheme: component === 'etcd' ? 'HTTP' : 'HTTPS' }, initialDelaySeconds: 10, timeoutSeconds: 15, periodSeconds: 10, successThreshold: 1, failureThreshold: 8 },
            ...TERMINATION,
            imagePullPolicy: 'IfNotPresent',
          }],
          restartPolicy: 'Always',
          terminationGracePeriodSeconds: 30,
          dnsPolicy: 'ClusterFirst',
          hostNetwork: true,
          securityContext: { seccompProfile: { type: 'RuntimeDefault' } },
          schedulerName: 'default-scheduler',
          automountServiceAccountToken: false,
          priorityClassName: 'system-node-critical',
        };
        const hash = this.rng.hex(32);
        this.pod(ns, `${component}-${node.name}`, this.ago(30, 200), { metadata: { annotations: { 'kubernetes.io/config.hash': hash, 'kubernetes.io/config.mirror': hash, 'kubernetes.io/config.seen': iso(this.ago(30, 200)), 'kubernetes.io/config.source': 'file' } }, spec }, {
          labels: { component, tier: 'control-plane' },
          owner,
          node,
          state: 'running',
          tolerations: [{ operator: 'Exists', effect: 'NoExecute' }],
        });
        made++;
      }
    }
    return made;
  }

  barePod(ns: NamespaceInfo): void {
    const rng = this.rng;
    const kind = rng.pick(DEBUG_PODS);
    const name = this.uniqueName(ns, `${kind.name}-${this.suffix(4)}`);
    const spec: J = {
      containers: [{
        name: kind.name,
        image: kind.image,
        command: ['sleep', 'infinity'],
        resources: {},
        ...TERMINATION,
        imagePullPolicy: kind.image.endsWith(':latest') ? 'Always' : 'IfNotPresent',
        ...(kind.privileged ? { securityContext: { privileged: true } } : {}),
        stdin: true,
        tty: true,
      }],
      restartPolicy: 'Never',
      terminationGracePeriodSeconds: 30,
      dnsPolicy: 'ClusterFirst',
      ...(kind.privileged && rng.chance(0.5) ? { hostNetwork: true, hostPID: true } : {}),
      securityContext: {},
      schedulerName: 'default-scheduler',
    };
    this.pod(ns.name, name, this.ago(0.1, 30), { metadata: {}, spec }, { labels: { run: name } });
  }

  // ── per-namespace objects

  namespaceObjects(ns: NamespaceInfo): void {
    const rng = this.rng;
    const created = this.ago(100, 700);
    this.serviceAccount(ns.name, 'default', created);
    if (ns.name === 'kube-system') this.serviceAccount(ns.name, 'argocd-manager', created);
    this.add({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: this.metadata('kube-root-ca.crt', ns.name, created, { annotations: { 'kubernetes.io/description': "Contains a CA bundle that can be used to verify the kube-apiserver when using internal endpoints such as the internal service IP or kubernetes.default.svc. No other usage is guaranteed across distributions of Kubernetes clusters." } }),
      data: { 'ca.crt': CA_PEM },
    });
    if (ns.name === 'default') {
      this.add({
        apiVersion: 'v1',
        kind: 'Service',
        metadata: this.metadata('kubernetes', 'default', created, { labels: { component: 'apiserver', provider: 'kubernetes' } }),
        spec: { ports: [{ name: 'https', protocol: 'TCP', port: 443, targetPort: 6443 }], clusterIP: '172.20.0.1', clusterIPs: ['172.20.0.1'], type: 'ClusterIP', sessionAffinity: 'None', ipFamilies: ['IPv4'], ipFamilyPolicy: 'SingleStack', internalTrafficPolicy: 'Cluster' },
        status: { loadBalancer: {} },
      });
    }
    if (ns.system) return;
    if (rng.chance(0.6)) this.secret(ns.name, 'regcred', 'kubernetes.io/dockerconfigjson', created);

    // NetworkPolicies: in-scope namespaces mostly deny by default; others vary.
    const np = (name: string, spec: J): void => {
      this.add({ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: this.metadata(name, ns.name, this.after(created, 86400 * 30), { generation: 1 }), spec });
    };
    const denyAll = ns.scope ? rng.chance(0.9) : rng.chance(0.35);
    const denyIngress = !denyAll && rng.chance(ns.scope ? 0.5 : 0.3);
    if (denyAll) np('default-deny-all', { podSelector: {}, policyTypes: ['Ingress', 'Egress'] });
    if (denyIngress) np('default-deny-ingress', { podSelector: {}, policyTypes: ['Ingress'] });
    if (denyAll) {
      np('allow-dns-egress', {
        podSelector: {},
        egress: [{ to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } }, podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } }], ports: [{ protocol: 'UDP', port: 53 }, { protocol: 'TCP', port: 53 }] }],
        policyTypes: ['Egress'],
      });
    }
    if (denyAll || denyIngress) {
      np('allow-from-ingress-nginx', {
        podSelector: {},
        ingress: [{ from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' } } }] }],
        policyTypes: ['Ingress'],
      });
      np('allow-same-namespace', { podSelector: {}, ingress: [{ from: [{ podSelector: {} }] }], policyTypes: ['Ingress'] });
    }
    for (const app of ns.apps) {
      if (app.service && rng.chance(0.15)) {
        np(`${app.name}-ingress`, {
          podSelector: { matchLabels: { app: app.name } },
          ingress: [{ from: [{ podSelector: { matchLabels: { 'app.kubernetes.io/part-of': ns.team } } }, { namespaceSelector: { matchLabels: { team: ns.team } } }], ports: [{ protocol: 'TCP', port: app.port }] }],
          policyTypes: ['Ingress'],
        });
      }
    }
    if (!denyAll && rng.chance(0.05)) np('allow-all', { podSelector: {}, ingress: [{}], egress: [{}], policyTypes: ['Ingress', 'Egress'] });

    // Roles and RoleBindings.
    const role = (name: string, rules: J[]): void => {
      this.add({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: this.metadata(name, ns.name, created), rules });
    };
    const binding = (name: string, roleRef: J, subjects: J[]): void => {
      this.add({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: this.metadata(name, ns.name, this.after(created, 86400 * 60)), roleRef: { apiGroup: 'rbac.authorization.k8s.io', ...roleRef }, subjects });
    };
    role('app-reader', [{ apiGroups: [''], resources: ['pods', 'services', 'configmaps', 'endpoints'], verbs: ['get', 'list', 'watch'] }]);
    binding(`${ns.team}-viewers`, { kind: 'ClusterRole', name: 'view' }, [{ kind: 'Group', apiGroup: 'rbac.authorization.k8s.io', name: `${ns.team}-readers` }]);
    binding(`${ns.team}-developers`, { kind: 'ClusterRole', name: ns.scope ? 'view' : 'edit' }, [{ kind: 'Group', apiGroup: 'rbac.authorization.k8s.io', name: `${ns.team}-developers` }]);
    const withSa = ns.apps.filter((a) => a.serviceAccount !== 'default' && a.kind === 'Deployment');
    if (withSa.length) {
      binding('app-reader', { kind: 'Role', name: 'app-reader' }, withSa.slice(0, 5).map((a) => ({ kind: 'ServiceAccount', name: a.serviceAccount, namespace: ns.name })));
    }
    if (rng.chance(0.4)) {
      role('secret-reader', [{ apiGroups: [''], resources: ['secrets'], verbs: ['get', 'list', 'watch'] }]);
      const a = withSa[0];
      binding('secret-reader', { kind: 'Role', name: 'secret-reader' }, [a ? { kind: 'ServiceAccount', name: a.serviceAccount, namespace: ns.name } : { kind: 'ServiceAccount', name: 'default', namespace: ns.name }]);
    }
    if (rng.chance(0.3)) {
      role('deployer', [
        { apiGroups: ['apps'], resources: ['deployments', 'statefulsets', 'replicasets'], verbs: ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'] },
        { apiGroups: [''], resources: ['services', 'configmaps'], verbs: ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'] },
        ...(rng.chance(0.3) ? [{ apiGroups: [''], resources: ['pods/exec', 'pods/portforward'], verbs: ['create'] }] : []),
      ]);
      binding('ci-deployer', { kind: 'Role', name: 'deployer' }, [{ kind: 'ServiceAccount', name: 'gitlab-runner', namespace: 'ci' }]);
    }
    if (rng.chance(ns.scope ? 0.05 : 0.15)) {
      role('namespace-superuser', [{ apiGroups: ['*'], resources: ['*'], verbs: ['*'] }]);
      binding('namespace-superuser', { kind: 'Role', name: 'namespace-superuser' }, [{ kind: 'User', apiGroup: 'rbac.authorization.k8s.io', name: `${ns.team}-lead@example.com` }]);
    }
    if (rng.chance(0.05)) binding('default-sa-admin', { kind: 'ClusterRole', name: 'admin' }, [{ kind: 'ServiceAccount', name: 'default', namespace: ns.name }]);
    if (rng.chance(0.01)) binding('anonymous-view', { kind: 'ClusterRole', name: 'view' }, [{ kind: 'User', apiGroup: 'rbac.authorization.k8s.io', name: 'system:anonymous' }]);

    // Ingresses, quotas and limits in some namespaces.
    const exposed = ns.apps.filter((a) => a.service && a.kind === 'Deployment');
    if (exposed.length && rng.chance(0.35)) {
      const host = `${ns.name}.apps.example.com`;
      const tlsSecret = `${ns.name}-wildcard-tls`;
      const tls = rng.chance(ns.scope ? 0.95 : 0.7);
      if (tls) this.secret(ns.name, tlsSecret, 'kubernetes.io/tls', created, { 'controller.cert-manager.io/fao': 'true' });
      this.add({
        apiVersion: 'networking.k8s.io/v1',
        kind: 'Ingress',
        metadata: this.metadata(`${ns.name}-public`, ns.name, created, { generation: 1, annotations: { 'cert-manager.io/cluster-issuer': 'letsencrypt-prod', 'nginx.ingress.kubernetes.io/proxy-body-size': '8m', ...(tls ? { 'nginx.ingress.kubernetes.io/force-ssl-redirect': 'true' } : {}) } }),
        spec: {
          ingressClassName: 'nginx',
          ...(tls ? { tls: [{ hosts: [host], secretName: tlsSecret }] } : {}),
          rules: [{ host, http: { paths: exposed.slice(0, 6).map((a) => ({ path: `/${a.name}`, pathType: 'Prefix', backend: { service: { name: a.service, port: { name: 'http' } } } })) } }],
        },
        status: { loadBalancer: { ingress: [{ hostname: `a${rng.hex(31)}.elb.eu-west-1.amazonaws.com` }] } },
      });
    }
    if (rng.chance(0.3)) {
      this.add({
        apiVersion: 'v1',
        kind: 'ResourceQuota',
        metadata: this.metadata('compute-quota', ns.name, created),
        spec: { hard: { 'requests.cpu': '64', 'requests.memory': '256Gi', 'limits.cpu': '128', 'limits.memory': '512Gi', pods: '500' } },
        status: { hard: { 'requests.cpu': '64', 'requests.memory': '256Gi', 'limits.cpu': '128', 'limits.memory': '512Gi', pods: '500' }, used: { 'requests.cpu': `${rng.int(5, 60)}`, 'requests.memory': `${rng.int(10, 250)}Gi`, 'limits.cpu': `${rng.int(10, 120)}`, 'limits.memory': `${rng.int(20, 500)}Gi`, pods: String(rng.int(50, 400)) } },
      });
      this.add({
        apiVersion: 'v1',
        kind: 'LimitRange',
        metadata: this.metadata('defaults', ns.name, created),
        spec: { limits: [{ type: 'Container', default: { cpu: '500m', memory: '512Mi' }, defaultRequest: { cpu: '100m', memory: '128Mi' }, max: { cpu: '4', memory: '8Gi' } }] },
      });
    }
  }

  // ── cluster-wide RBAC and other cluster objects

  addonRbac(ns: string, sa: string, name: string, rules: J[]): void {
    if (!rules.length) return;
    const created = this.ago(60, 700);
    this.clusterRoles.push({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: this.metadata(name, undefined, created, { labels: { 'app.kubernetes.io/name': name } }), rules });
    this.clusterRoleBindings.push({
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: this.metadata(name, undefined, created, { labels: { 'app.kubernetes.io/name': name } }),
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name },
      subjects: [{ kind: 'ServiceAccount', name: sa, namespace: ns }],
    });
  }

  clusterRbac(customCount: number): void {
    const rng = this.rng;
    const created = this.ago(700, 720);
    const defaults = { 'kubernetes.io/bootstrapping': 'rbac-defaults' };
    const autoupdate = { 'rbac.authorization.kubernetes.io/autoupdate': 'true' };
    const cr = (name: string, rules: J[], extra: J = {}): void => {
      this.add({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: this.metadata(name, undefined, created, { labels: extra.labels ?? defaults, annotations: extra.annotations ?? autoupdate }), ...(extra.aggregationRule ? { aggregationRule: extra.aggregationRule } : {}), rules });
    };
    const crb = (name: string, role: string, subjects: J[], labels: J = defaults, annotations: J | undefined = autoupdate): void => {
      this.add({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding', metadata: this.metadata(name, undefined, created, { labels, annotations }), roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: role }, subjects });
    };
    const group = (name: string): J => ({ apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name });
    const user = (name: string): J => ({ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name });
    const sa = (name: string, namespace = 'kube-system'): J => ({ kind: 'ServiceAccount', name, namespace });
    const read = ['get', 'list', 'watch'];
    const write = ['create', 'delete', 'deletecollection', 'patch', 'update'];
    cr('cluster-admin', [{ apiGroups: ['*'], resources: ['*'], verbs: ['*'] }, { nonResourceURLs: ['*'], verbs: ['*'] }]);
    const viewRules = [
      { apiGroups: [''], resources: ['configmaps', 'endpoints', 'persistentvolumeclaims', 'pods', 'replicationcontrollers', 'services', 'serviceaccounts'], verbs: read },
      { apiGroups: [''], resources: ['bindings', 'events', 'limitranges', 'namespaces/status', 'pods/log', 'pods/status', 'resourcequotas'], verbs: read },
      { apiGroups: ['apps'], resources: ['controllerrevisions', 'daemonsets', 'deployments', 'replicasets', 'statefulsets'], verbs: read },
      { apiGroups: ['batch'], resources: ['cronjobs', 'jobs'], verbs: read },
      { apiGroups: ['networking.k8s.io'], resources: ['ingresses', 'networkpolicies'], verbs: read },
      { apiGroups: ['policy'], resources: ['poddisruptionbudgets'], verbs: read },
    ];
    const editRules = [
      ...viewRules,
      { apiGroups: [''], resources: ['pods/attach', 'pods/exec', 'pods/portforward', 'pods/proxy', 'secrets', 'services/proxy'], verbs: read },
      { apiGroups: [''], resources: ['serviceaccounts'], verbs: ['impersonate'] },
      { apiGroups: [''], resources: ['pods', 'pods/attach', 'pods/exec', 'pods/portforward', 'pods/proxy'], verbs: write },
      { apiGroups: [''], resources: ['configmaps', 'events', 'persistentvolumeclaims', 'replicationcontrollers', 'secrets', 'serviceaccounts', 'services'], verbs: write },
      { apiGroups: ['apps'], resources: ['daemonsets', 'deployments', 'deployments/rollback', 'deployments/scale', 'replicasets', 'statefulsets'], verbs: write },
      { apiGroups: ['batch'], resources: ['cronjobs', 'jobs'], verbs: write },
    ];
    cr('admin', [...editRules, { apiGroups: ['rbac.authorization.k8s.io'], resources: ['rolebindings', 'roles'], verbs: [...write, ...read] }], { aggregationRule: { clusterRoleSelectors: [{ matchLabels: { 'rbac.authorization.k8s.io/aggregate-to-admin': 'true' } }] } });
    cr('edit', editRules, { labels: { ...defaults, 'rbac.authorization.k8s.io/aggregate-to-admin': 'true' }, aggregationRule: { clusterRoleSelectors: [{ matchLabels: { 'rbac.authorization.k8s.io/aggregate-to-edit': 'true' } }] } });
    cr('view', viewRules, { labels: { ...defaults, 'rbac.authorization.k8s.io/aggregate-to-edit': 'true' }, aggregationRule: { clusterRoleSelectors: [{ matchLabels: { 'rbac.authorization.k8s.io/aggregate-to-view': 'true' } }] } });
    for (const agg of ['admin', 'edit', 'view']) cr(`system:aggregate-to-${agg}`, viewRules.slice(0, 2), { labels: { ...defaults, [`rbac.authorization.k8s.io/aggregate-to-${agg}`]: 'true' } });
    cr('system:basic-user', [{ apiGroups: ['authorization.k8s.io'], resources: ['selfsubjectaccessreviews', 'selfsubjectrulesreviews'], verbs: ['create'] }]);
    cr('system:discovery', [{ nonResourceURLs: ['/api', '/api/*', '/apis', '/apis/*', '/healthz', '/livez', '/openapi', '/openapi/*', '/readyz', '/version', '/version/'], verbs: ['get'] }]);
    cr('system:public-info-viewer', [{ nonResourceURLs: ['/healthz', '/livez', '/readyz', '/version', '/version/'], verbs: ['get'] }]);
    cr('system:node', [{ apiGroups: [''], resources: ['nodes', 'nodes/status', 'pods', 'pods/status'], verbs: ['get', 'list', 'watch', 'create', 'patch', 'update', 'delete'] }, { apiGroups: [''], resources: ['secrets', 'configmaps', 'persistentvolumeclaims', 'persistentvolumes'], verbs: ['get', 'list', 'watch'] }]);
    cr('system:node-proxier', [{ apiGroups: [''], resources: ['endpoints', 'services'], verbs: ['list', 'watch'] }, { apiGroups: ['discovery.k8s.io'], resources: ['endpointslices'], verbs: ['list', 'watch'] }]);
    cr('system:kube-controller-manager', [{ apiGroups: [''], resources: ['secrets', 'serviceaccounts'], verbs: ['get', 'list', 'watch', 'create'] }, { apiGroups: ['*'], resources: ['*'], verbs: ['list', 'watch'] }]);
    cr('system:kube-scheduler', [{ apiGroups: [''], resources: ['pods', 'nodes', 'namespaces'], verbs: ['get', 'list', 'watch'] }, { apiGroups: [''], resources: ['bindings', 'pods/binding'], verbs: ['create'] }]);
    cr('system:kube-dns', [{ apiGroups: [''], resources: ['endpoints', 'services'], verbs: ['list', 'watch'] }]);
    cr('system:monitoring', [{ nonResourceURLs: ['/healthz', '/healthz/*', '/livez', '/livez/*', '/metrics', '/metrics/slis', '/readyz', '/readyz/*'], verbs: ['get'] }]);
    cr('system:auth-delegator', [{ apiGroups: ['authentication.k8s.io'], resources: ['tokenreviews'], verbs: ['create'] }, { apiGroups: ['authorization.k8s.io'], resources: ['subjectaccessreviews'], verbs: ['create'] }]);
    cr('system:certificates.k8s.io:certificatesigningrequests:nodeclient', [{ apiGroups: ['certificates.k8s.io'], resources: ['certificatesigningrequests/nodeclient'], verbs: ['create'] }]);
    cr('system:node-bootstrapper', [{ apiGroups: ['certificates.k8s.io'], resources: ['certificatesigningrequests'], verbs: ['create', 'get', 'list', 'watch'] }]);
    cr('system:persistent-volume-provisioner', [{ apiGroups: [''], resources: ['persistentvolumes'], verbs: ['create', 'delete', 'get', 'list', 'watch'] }, { apiGroups: ['storage.k8s.io'], resources: ['storageclasses'], verbs: read }]);
    cr('system:volume-scheduler', [{ apiGroups: [''], resources: ['persistentvolumes'], verbs: ['get', 'list', 'patch', 'update', 'watch'] }]);
    cr('system:kubelet-api-admin', [{ apiGroups: [''], resources: ['nodes/log', 'nodes/metrics', 'nodes/proxy', 'nodes/stats'], verbs: ['*'] }]);
    const controllers = [
      'attachdetach-controller', 'certificate-controller', 'clusterrole-aggregation-controller', 'cronjob-controller', 'daemon-set-controller', 'deployment-controller',
      'disruption-controller', 'endpoint-controller', 'endpointslice-controller', 'endpointslicemirroring-controller', 'ephemeral-volume-controller', 'expand-controller',
      'generic-garbage-collector', 'horizontal-pod-autoscaler', 'job-controller', 'namespace-controller', 'node-controller', 'persistent-volume-binder',
      'pod-garbage-collector', 'pv-protection-controller', 'pvc-protection-controller', 'replicaset-controller', 'replication-controller', 'resourcequota-controller',
      'root-ca-cert-publisher', 'route-controller', 'service-account-controller', 'service-controller', 'statefulset-controller', 'ttl-after-finished-controller',
      'ttl-controller', 'legacy-service-account-token-cleaner', 'validatingadmissionpolicy-status-controller',
    ];
    for (const c of controllers) {
      const rules = c === 'generic-garbage-collector' || c === 'namespace-controller' || c === 'resourcequota-controller'
        ? [{ apiGroups: ['*'], resources: ['*'], verbs: c === 'resourcequota-controller' ? ['list', 'watch'] : ['delete', 'get', 'list', 'patch', 'update', 'watch'] }]
        : c === 'clusterrole-aggregation-controller'
          ? [{ apiGroups: ['rbac.authorization.k8s.io'], resources: ['clusterroles'], verbs: ['escalate', 'get', 'list', 'patch', 'update', 'watch'] }]
          : [{ apiGroups: ['', 'apps', 'batch'], resources: ['pods', 'events'], verbs: ['create', 'get', 'list', 'patch', 'update', 'watch'] }];
      cr(`system:controller:${c}`, rules);
      crb(`system:controller:${c}`, `system:controller:${c}`, [sa(c)]);
    }
    crb('cluster-admin', 'cluster-admin', [group('system:masters')]);
    crb('system:basic-user', 'system:basic-user', [group('system:authenticated')]);
    crb('system:discovery', 'system:discovery', [group('system:authenticated')]);
    crb('system:public-info-viewer', 'system:public-info-viewer', [group('system:authenticated'), group('system:unauthenticated')]);
    crb('system:kube-controller-manager', 'system:kube-controller-manager', [user('system:kube-controller-manager')]);
    crb('system:kube-scheduler', 'system:kube-scheduler', [user('system:kube-scheduler')]);
    crb('system:kube-dns', 'system:kube-dns', [sa('kube-dns')]);
    crb('system:monitoring', 'system:monitoring', [group('system:monitoring')]);
    crb('system:node', 'system:node', []);
    crb('system:node-proxier', 'system:node-proxier', [user('system:kube-proxy')]);
    crb('system:volume-scheduler', 'system:volume-scheduler', [user('system:kube-scheduler')]);
    crb('kubeadm:kubelet-bootstrap', 'system:node-bootstrapper', [group('system:bootstrappers:kubeadm:default-node-token')], {}, undefined);
    crb('kubeadm:node-autoapprove-bootstrap', 'system:certificates.k8s.io:certificatesigningrequests:nodeclient', [group('system:bootstrappers:kubeadm:default-node-token')], {}, undefined);
    crb('kubeadm:cluster-admins', 'cluster-admin', [group('kubeadm:cluster-admins')], {}, undefined);
    // Bindings an auditor looks for.
    crb('platform-admins', 'cluster-admin', [group('platform-admins'), user('alice@example.com')], {}, undefined);
    crb('ci-cluster-admin', 'cluster-admin', [sa('gitlab-runner', 'ci')], {}, undefined);
    crb('argocd-manager', 'cluster-admin', [sa('argocd-manager', 'kube-system')], {}, undefined);
    crb('developers-view', 'view', [group('developers')], {}, undefined);
    crb('oncall-edit', 'edit', [group('oncall')], {}, undefined);
    // Custom roles of operators and teams, about one per thousand pods.
    for (let i = 0; i < customCount; i++) {
      const name = `${rng.pick(TEAMS)}-operator-${i}`;
      const rules = rng.weighted<J[]>([
        [[{ apiGroups: [''], resources: ['pods', 'services', 'configmaps'], verbs: read }], 50],
        [[{ apiGroups: [''], resources: ['secrets'], verbs: read }], 20],
        [[{ apiGroups: ['*'], resources: ['*'], verbs: ['*'] }], 8],
        [[{ apiGroups: ['rbac.authorization.k8s.io'], resources: ['clusterroles', 'clusterrolebindings'], verbs: ['bind', 'escalate', 'create'] }], 7],
        [[{ apiGroups: [''], resources: ['users', 'groups', 'serviceaccounts'], verbs: ['impersonate'] }], 5],
        [[{ apiGroups: [''], resources: ['pods/exec'], verbs: ['create'] }, { apiGroups: [''], resources: ['pods'], verbs: read }], 10],
      ]);
      cr(name, rules, { labels: { 'app.kubernetes.io/managed-by': 'Helm' }, annotations: {} });
      const ns = rng.pick(this.appNamespaces);
      crb(name, name, [sa(rng.chance(0.5) ? 'default' : `${name}`, ns.name)], { 'app.kubernetes.io/managed-by': 'Helm' }, undefined);
      this.serviceAccount(ns.name, name, created);
    }
    for (const o of this.clusterRoles) this.add(o);
    for (const o of this.clusterRoleBindings) this.add(o);
  }

  clusterObjects(): void {
    const created = this.ago(700, 720);
    this.add({ apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: this.metadata('gp3', undefined, created, { annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } }), provisioner: 'ebs.csi.aws.com', parameters: { type: 'gp3', encrypted: 'true' }, reclaimPolicy: 'Delete', volumeBindingMode: 'WaitForFirstConsumer', allowVolumeExpansion: true });
    this.add({ apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: this.metadata('gp2', undefined, created), provisioner: 'kubernetes.io/aws-ebs', parameters: { type: 'gp2', fsType: 'ext4' }, reclaimPolicy: 'Delete', volumeBindingMode: 'WaitForFirstConsumer' });
    const webhook = (kind: string, name: string, ns: string, service: string, rules: J[], extra: J): void => {
      this.add({
        apiVersion: 'admissionregistration.k8s.io/v1',
        kind,
        metadata: this.metadata(name, undefined, created, { generation: 2, annotations: { 'cert-manager.io/inject-ca-from-secret': `${ns}/${service}-ca` } }),
        webhooks: [{
          name: `${name}.example.com`,
          clientConfig: { service: { namespace: ns, name: service, path: '/validate', port: 443 }, caBundle: 'LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCk1JSUJzeW50aGV0aWMKLS0tLS1FTkQgQ0VSVElGSUNBVEUtLS0tLQo=' },
          rules,
          failurePolicy: 'Fail',
          matchPolicy: 'Equivalent',
          namespaceSelector: { matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'NotIn', values: ['kube-system'] }] },
          objectSelector: {},
          sideEffects: 'None',
          timeoutSeconds: 10,
          admissionReviewVersions: ['v1'],
          ...extra,
        }],
      });
    };
    const rule = (groups: string[], resources: string[]): J => ({ operations: ['CREATE', 'UPDATE'], apiGroups: groups, apiVersions: ['v1'], resources, scope: '*' });
    webhook('ValidatingWebhookConfiguration', 'cert-manager-webhook', 'cert-manager', 'cert-manager-webhook', [rule(['cert-manager.io', 'acme.cert-manager.io'], ['*/*'])], {});
    webhook('ValidatingWebhookConfiguration', 'ingress-nginx-admission', 'ingress-nginx', 'ingress-nginx-controller-admission', [rule(['networking.k8s.io'], ['ingresses'])], {});
    webhook('MutatingWebhookConfiguration', 'cert-manager-webhook', 'cert-manager', 'cert-manager-webhook', [rule(['cert-manager.io', 'acme.cert-manager.io'], ['*/*'])], { reinvocationPolicy: 'Never' });
    webhook('MutatingWebhookConfiguration', 'pod-identity-webhook', 'kube-system', 'pod-identity-webhook', [rule([''], ['pods'])], { reinvocationPolicy: 'Never', failurePolicy: 'Ignore' });
  }
}

// ───────────────────────────────────────────────────────────── helpers

function iso(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

function qosOf(containers: J[]): string {
  let guaranteed = true;
  let any = false;
  for (const c of containers) {
    const r = c.resources ?? {};
    const req = r.requests ?? {};
    const lim = r.limits ?? {};
    if (Object.keys(req).length || Object.keys(lim).length) any = true;
    if (!lim.cpu || !lim.memory || (req.cpu && req.cpu !== lim.cpu) || (req.memory && req.memory !== lim.memory)) guaranteed = false;
  }
  return !any ? 'BestEffort' : guaranteed ? 'Guaranteed' : 'Burstable';
}

// ───────────────────────────────────────────────────────────── entry point

export interface EstatePlan {
  pods: number;
  nodes: number;
  controlPlaneNodes: number;
  daemonSets: number;
  daemonSetPods: number;
  staticPods: number;
  barePods: number;
  statefulSetPods: number;
  jobPods: number;
  deploymentPods: number;
  namespaces: number;
}

/** How N pods split between kinds of controller. */
export function plan(pods: number): EstatePlan {
  if (!Number.isInteger(pods) || pods < 100) throw new Error(`a synthetic estate needs at least 100 pods, not ${pods}`);
  const nodes = Math.max(3, Math.round(pods / 100));
  const controlPlaneNodes = nodes >= 10 ? 3 : 1;
  const daemonSets = Math.max(1, Math.round((pods * 0.1) / nodes));
  const daemonSetPods = daemonSets * nodes;
  const staticPods = controlPlaneNodes * 4;
  const barePods = Math.max(2, Math.round(pods * 0.004));
  const statefulSetPods = Math.round(pods * 0.15);
  const jobPods = Math.round(pods * 0.05);
  const deploymentPods = pods - daemonSetPods - staticPods - barePods - statefulSetPods - jobPods;
  if (deploymentPods < 40) throw new Error(`cannot lay out ${pods} pods`);
  return { pods, nodes, controlPlaneNodes, daemonSets, daemonSetPods, staticPods, barePods, statefulSetPods, jobPods, deploymentPods, namespaces: Math.max(4, Math.round(pods / 200)) };
}

/** The synthetic estate of `options.pods` pods, sealed as a snapshot (normalised order, digest). */
export function syntheticSnapshot(options: SyntheticOptions): Snapshot {
  const seed = options.seed ?? DEFAULT_SEED;
  const collectedAt = options.collectedAt ?? DEFAULT_COLLECTED_AT;
  const p = plan(options.pods);
  const e = new Estate(seed, collectedAt);
  const rng = e.rng;

  e.makeNamespaces(p.namespaces);
  e.makeNodes(p.nodes);
  e.emitNodes();
  e.emitNamespaceObjects();
  const apps = e.appNamespaces;

  // Control-plane mirror pods and the platform's own Deployments come first.
  let deploymentPods = p.deploymentPods;
  for (const d of SYSTEM_DEPLOYMENTS) {
    if (d.replicas > deploymentPods - 2) break;
    e.deployment(e.nsByName.get(d.namespace)!, d.replicas, d);
    deploymentPods -= d.replicas;
  }
  while (deploymentPods > 0) {
    const replicas = Math.min(deploymentPods, rng.int(2, 6));
    e.deployment(rng.pick(apps), replicas);
    deploymentPods -= replicas;
  }
  for (let left = p.statefulSetPods; left > 0; ) {
    const replicas = Math.min(left, rng.int(1, 5));
    e.statefulSet(rng.pick(apps), replicas);
    left -= replicas;
  }
  for (let left = p.jobPods; left > 0; ) {
    const history = Math.min(left, rng.int(1, 3));
    e.cronJob(rng.pick(apps), history);
    left -= history;
  }
  for (let i = 0; i < p.daemonSets; i++) {
    const profile = DAEMONS[i % DAEMONS.length]!;
    e.daemonSet(profile, i < DAEMONS.length ? '' : `-${Math.floor(i / DAEMONS.length) + 1}`);
  }
  e.staticPods();
  for (let i = 0; i < p.barePods; i++) e.barePod(rng.pick(apps));
  for (const ns of e.namespaces) e.namespaceObjects(ns);
  e.clusterRbac(Math.max(2, Math.round(p.pods / 1000)));
  e.clusterObjects();
  if (e.pods !== p.pods) throw new Error(`internal: made ${e.pods} pods, planned ${p.pods}`);

  const counts = new Map<string, number>();
  for (const o of e.objects) {
    const id = kindIdOf(o.apiVersion, o.kind);
    counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  const coverage: CoverageEntry[] = KNOWN_KINDS.map((k) =>
    k.optional ? { kind: k.id, status: 'absent', count: 0 } : { kind: k.id, status: 'collected', count: counts.get(k.id) ?? 0 },
  );
  for (const id of counts.keys()) {
    if (!coverage.some((c) => c.kind === id)) throw new Error(`internal: generated kind ${id} is not a known kind`);
  }

  return sealSnapshot({
    schemaVersion: SNAPSHOT_SCHEMA_VERSION,
    source: { type: 'synthetic', detail: [`pods=${p.pods}`, `seed=${seed}`] },
    cluster: { name: `synthetic-${p.pods}`, server: 'https://synthetic.kubeproof.invalid:6443', version: K8S_VERSION },
    collectedAt,
    coverage,
    objects: e.objects,
    sources: {},
  });
}

/**
 * Collector benchmark: a live collection through the test API server (test/support/apiserver.ts)
 * of a synthetic estate, with a fixed latency injected on every request.
 *
 *   node --expose-gc dist/bench/collect.js                       # 50,000 objects, 20 ms, concurrency 8, pages of 500
 *   node --expose-gc dist/bench/collect.js 100000 --latency 50 --concurrency 16 --page-size 1000
 *   node --expose-gc dist/bench/collect.js --kubectl             # also time kubectl listing the Pods on the same server
 *
 * or from another benchmark: `import { runCollectBench } from './collect.js'`.
 *
 * The server runs in a child process (this file with --serve) so that its JSON encoding does not
 * share a core or a heap with the collector; peak RSS is the collector's own process.
 *
 * Reports (one JSON line on stdout): objects, objects/s, requests made, the ideal time
 * (list pages a perfect client needs ÷ concurrency × latency), the ratio of the listing time to
 * it (target ≤ 1.5), the time to seal the snapshot (canonical JSON + SHA-256), and peak RSS.
 */
import { execFileSync, fork, type ChildProcess } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { collectCluster, type CollectStats } from '../src/collect/cluster.js';
import { collectionPlan } from '../src/collect/plan.js';
import { silentLog } from '../src/collect/progress.js';
import { kindIdOf } from '../src/snapshot/kinds.js';
import type { K8sObject } from '../src/snapshot/types.js';
import { startApiServer } from '../test/support/apiserver.js';

export interface CollectBenchOptions {
  objects: number;
  latencyMs: number;
  concurrency: number;
  pageSize: number;
  /** Also time the reference client on the same server: `kubectl get pods -A --chunk-size=<page size> -o name`. */
  kubectl?: boolean;
}

export interface CollectBenchReport extends Omit<CollectBenchOptions, 'kubectl'> {
  collected: number;
  requests: number;
  idealPages: number;
  idealMs: number;
  listMs: number;
  /** CPU time of the collector's process while listing (all threads): what contention cannot hide. */
  listCpuMs: number;
  /** CPU time of the test API server's process over the whole collection (it shares this machine's cores). */
  serverCpuMs: number;
  ratioToIdeal: number;
  objectsPerSecond: number;
  sealMs: number;
  totalMs: number;
  peakRssMB: number;
  /** MB of JSON the server sent for the lists. */
  listMB: number;
  /** Time for JSON.parse alone of the same list pages, retained: the CPU floor on this machine. */
  parseFloorMs: number;
  /** listMs ÷ max(idealMs, parseFloorMs): how far from whichever bound applies. */
  ratioToBound: number;
  target: { ratioToIdeal: number };
  /** With --kubectl: the reference client listing the Pods alone (one list, page after page), or why it was not run. */
  reference?: { kubectlPodsMs: number; pods: number } | { skipped: string };
}

export const DEFAULTS: CollectBenchOptions = { objects: 50_000, latencyMs: 20, concurrency: 8, pageSize: 500 };

/**
 * A deterministic estate of about `total` objects in the proportions of a real cluster:
 * per 100 objects, 60 Pods, 16 ReplicaSets, 6 Deployments, 6 ConfigMaps, 6 Secrets, 4 Services,
 * 2 ServiceAccounts; one namespace per 1,000 objects; Pods of about 1.5 KB as the API serves them.
 */
export function benchEstate(total: number): K8sObject[] {
  const out: K8sObject[] = [];
  const namespaces = Math.max(1, Math.round(total / 1000));
  const ns = (i: number): string => `team-${String(i % namespaces).padStart(3, '0')}`;
  for (let n = 0; n < namespaces; n++) out.push({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns(n), labels: { 'kubernetes.io/metadata.name': ns(n) } } });
  const share = (p: number): number => Math.floor((total - namespaces) * p);
  const uid = (kind: string, i: number): string => `00000000-0000-4000-8000-${kind.length.toString(16).padStart(4, '0')}${i.toString(16).padStart(8, '0')}`;
  for (let i = 0; i < share(0.06); i++) {
    out.push({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: `app-${i}`, namespace: ns(i), uid: uid('Deployment', i), labels: { app: `app-${i}` } }, spec: { replicas: 3, selector: { matchLabels: { app: `app-${i}` } }, template: { metadata: { labels: { app: `app-${i}` } }, spec: podSpec(i) } } });
  }
  for (let i = 0; i < share(0.16); i++) {
    const d = i % Math.max(1, share(0.06));
    out.push({ apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: `app-${d}-${i.toString(36)}`, namespace: ns(d), uid: uid('ReplicaSet', i), ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: `app-${d}`, uid: uid('Deployment', d), controller: true }] }, spec: { replicas: 3, template: { spec: podSpec(d) } } });
  }
  for (let i = 0; i < share(0.6); i++) {
    const d = i % Math.max(1, share(0.06));
    out.push({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: `app-${d}-pod-${i.toString(36)}`, namespace: ns(d), uid: uid('Pod', i), labels: { app: `app-${d}`, 'pod-template-hash': 'abc123' }, creationTimestamp: '2026-11-01T00:00:00Z', ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: `app-${d}-rs`, uid: uid('ReplicaSet', d), controller: true }] },
      spec: { ...podSpec(d), nodeName: `node-${i % 50}` },
      status: { phase: 'Running', podIP: `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`, hostIP: `192.168.0.${i % 50}`, startTime: '2026-11-01T00:00:05Z', qosClass: 'Burstable', conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: '2026-11-01T00:00:10Z' }], containerStatuses: [{ name: 'app', ready: true, restartCount: 0, image: `registry.example.com/app:${d % 20}`, imageID: `registry.example.com/app@sha256:${'0'.repeat(64)}`, containerID: `containerd://${'1'.repeat(64)}`, started: true, state: { running: { startedAt: '2026-11-01T00:00:09Z' } } }] },
    });
  }
  for (let i = 0; i < share(0.06); i++) out.push({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `cfg-${i}`, namespace: ns(i) }, data: { 'app.properties': `server.port=8080\nfeature.flags=a,b,c\nlog.level=info\n` } });
  for (let i = 0; i < share(0.06); i++) out.push({ apiVersion: 'v1', kind: 'Secret', metadata: { name: `sec-${i}`, namespace: ns(i) }, type: i % 3 === 0 ? 'kubernetes.io/tls' : 'Opaque', data: { value: 'c2VjcmV0' } });
  for (let i = 0; i < share(0.04); i++) out.push({ apiVersion: 'v1', kind: 'Service', metadata: { name: `svc-${i}`, namespace: ns(i) }, spec: { selector: { app: `app-${i}` }, ports: [{ port: 80, targetPort: 8080, protocol: 'TCP' }], type: 'ClusterIP', clusterIP: `10.96.${(i >> 8) & 255}.${i & 255}` } });
  for (let i = 0; i < share(0.02); i++) out.push({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: `sa-${i}`, namespace: ns(i) } });
  return out;
}

function podSpec(d: number): Record<string, unknown> {
  return {
    serviceAccountName: `sa-${d % 50}`,
    securityContext: { runAsNonRoot: true, runAsUser: 10001, seccompProfile: { type: 'RuntimeDefault' } },
    containers: [
      {
        name: 'app',
        image: `registry.example.com/app:${d % 20}`,
        ports: [{ containerPort: 8080, protocol: 'TCP' }],
        env: [{ name: 'LOG_LEVEL', value: 'info' }, { name: 'PORT', value: '8080' }],
        resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '500m', memory: '256Mi' } },
        securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } },
        readinessProbe: { httpGet: { path: '/ready', port: 8080 }, periodSeconds: 10 },
        volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }],
      },
    ],
    volumes: [{ name: 'tmp', emptyDir: {} }],
  };
}

/** The list requests a perfect client needs: one cluster-wide list per planned kind, paged. */
export function idealPages(objects: readonly K8sObject[], pageSize: number): number {
  const counts = new Map<string, number>();
  for (const o of objects) counts.set(kindIdOf(o.apiVersion, o.kind), (counts.get(kindIdOf(o.apiVersion, o.kind)) ?? 0) + 1);
  let pages = 0;
  for (const k of collectionPlan()) pages += Math.max(1, Math.ceil((counts.get(k.id) ?? 0) / pageSize));
  return pages;
}

/**
 * JSON.parse of every list page the server sends, keeping the items as the collector does: no
 * client can list faster than it can read the answers, whatever the latency.
 */
export function parseFloor(objects: readonly K8sObject[], pageSize: number): { ms: number; bytes: number } {
  const byKind = new Map<string, K8sObject[]>();
  for (const o of objects) {
    const id = kindIdOf(o.apiVersion, o.kind);
    if (!byKind.has(id)) byKind.set(id, []);
    byKind.get(id)!.push(o);
  }
  const pages: Buffer[] = [];
  for (const list of byKind.values()) {
    for (let i = 0; i < list.length; i += pageSize) pages.push(Buffer.from(JSON.stringify({ items: list.slice(i, i + pageSize).map(({ apiVersion: _a, kind: _k, ...rest }) => rest) })));
  }
  (globalThis as { gc?: () => void }).gc?.();
  const kept: unknown[] = [];
  const started = performance.now();
  for (const page of pages) for (const item of (JSON.parse(page.toString('utf8')) as { items: unknown[] }).items) kept.push(item);
  const ms = Math.round(performance.now() - started);
  return { ms, bytes: pages.reduce((n, p) => n + p.length, 0) };
}

const SELF = fileURLToPath(import.meta.url);

/** The server's CPU time so far, in ms. */
function serverCpu(child: ChildProcess): Promise<number> {
  return new Promise((resolve) => {
    child.once('message', (m) => resolve((m as { cpuMs: number }).cpuMs));
    child.send('cpu');
  });
}

/** Starts the server in a child process; resolves with its kubeconfig. */
function startServerProcess(o: CollectBenchOptions): Promise<{ child: ChildProcess; kubeconfig: string }> {
  const child = fork(SELF, ['--serve', String(o.objects), String(o.latencyMs)], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  return new Promise((resolve, reject) => {
    child.once('message', (m) => resolve({ child, kubeconfig: (m as { kubeconfig: string }).kubeconfig }));
    child.once('exit', (code) => reject(new Error(`the benchmark API server exited (${code})`)));
  });
}

export async function runCollectBench(options: Partial<CollectBenchOptions> = {}): Promise<CollectBenchReport> {
  const o = { ...DEFAULTS, ...options };
  const estate = benchEstate(o.objects);
  const pages = idealPages(estate, o.pageSize);
  const { child, kubeconfig } = await startServerProcess(o);
  try {
    (globalThis as { gc?: () => void }).gc?.();
    let listMs = 0;
    let listCpuMs = 0;
    let stats: CollectStats | undefined;
    const serverBefore = await serverCpu(child);
    const cpu = process.cpuUsage();
    const started = Date.now();
    const snapshot = await collectCluster(
      { kubeconfig, concurrency: o.concurrency, pageSize: o.pageSize, deadline: '10m' },
      {
        log: {
          ...silentLog,
          finish: () => {
            listMs = Date.now() - started;
            const used = process.cpuUsage(cpu);
            listCpuMs = Math.round((used.user + used.system) / 1000);
          },
        },
        stats: (s) => (stats = s),
      },
    );
    const totalMs = Date.now() - started;
    const serverCpuMs = Math.round((await serverCpu(child)) - serverBefore);
    const peakRssMB = Math.round(process.resourceUsage().maxRSS / 1024);
    const idealMs = (pages / o.concurrency) * o.latencyMs;
    const gaps = snapshot.coverage.filter((c) => c.status !== 'collected' && c.status !== 'absent');
    if (gaps.length) throw new Error(`the benchmark collection has gaps: ${JSON.stringify(gaps)}`);
    const floor = parseFloor(estate, o.pageSize);
    const reference = o.kubectl ? kubectlPods(kubeconfig, o.pageSize) : undefined;
    const { kubectl: _asked, ...options } = o;
    return {
      ...options,
      collected: snapshot.objects.length,
      requests: stats!.requests,
      idealPages: pages,
      idealMs: Math.round(idealMs),
      listMs,
      listCpuMs,
      serverCpuMs,
      ratioToIdeal: Math.round((listMs / idealMs) * 100) / 100,
      objectsPerSecond: Math.round(snapshot.objects.length / (listMs / 1000)),
      sealMs: totalMs - listMs,
      totalMs,
      peakRssMB,
      listMB: Math.round(floor.bytes / 1e5) / 10,
      parseFloorMs: floor.ms,
      ratioToBound: Math.round((listMs / Math.max(idealMs, floor.ms)) * 100) / 100,
      target: { ratioToIdeal: 1.5 },
      ...(reference ? { reference } : {}),
    };
  } finally {
    child.kill();
  }
}

/**
 * The reference client on the same server: kubectl lists the Pods cluster-wide, page after page,
 * as it always does. Its time is for the Pods alone (60% of the objects), against the collector's
 * for every kind.
 */
function kubectlPods(kubeconfig: string, pageSize: number): { kubectlPodsMs: number; pods: number } | { skipped: string } {
  const started = Date.now();
  let out: string;
  try {
    out = execFileSync('kubectl', ['--kubeconfig', kubeconfig, 'get', 'pods', '--all-namespaces', `--chunk-size=${pageSize}`, '-o', 'name'], { encoding: 'utf8', maxBuffer: 1 << 30, stdio: ['ignore', 'pipe', 'pipe'], timeout: 600_000 });
  } catch (err) {
    const e = err as NodeJS.ErrnoException & { stderr?: string };
    return { skipped: e.code === 'ENOENT' ? 'kubectl is not on the PATH' : `kubectl failed: ${String(e.stderr ?? e.message).split('\n')[0]}` };
  }
  return { kubectlPodsMs: Date.now() - started, pods: out.split('\n').filter(Boolean).length };
}

async function serve(objects: number, latencyMs: number): Promise<void> {
  const server = await startApiServer({ objects: benchEstate(objects), latencyMs });
  process.send!({ kubeconfig: server.kubeconfig() });
  // The benchmark asks for the server's CPU time around the listing: on a small machine the
  // server's share of the cores is not the collector's.
  process.on('message', () => {
    const u = process.cpuUsage();
    process.send!({ cpuMs: (u.user + u.system) / 1000 });
  });
  process.on('SIGTERM', () => void server.close().then(() => process.exit(0)));
}

function parseArgs(argv: string[]): Partial<CollectBenchOptions> {
  const o: Partial<CollectBenchOptions> = {};
  const int = (v: string | undefined, what: string): number => {
    const n = Number(v);
    if (!Number.isInteger(n) || n <= 0) throw new Error(`${what} takes a positive whole number, not ${JSON.stringify(v)}`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--latency') o.latencyMs = int(argv[++i], '--latency');
    else if (a === '--concurrency') o.concurrency = int(argv[++i], '--concurrency');
    else if (a === '--page-size') o.pageSize = int(argv[++i], '--page-size');
    else if (a === '--kubectl') o.kubectl = true;
    else if (/^\d[\d_,]*$/.test(a)) o.objects = int(a.replace(/[_,]/g, ''), 'objects');
    else throw new Error(`unknown argument ${a} (objects, --latency MS, --concurrency N, --page-size N, --kubectl)`);
  }
  return o;
}

if (process.argv[1] === SELF) {
  if (process.argv[2] === '--serve') {
    await serve(Number(process.argv[3]), Number(process.argv[4]));
  } else {
    const report = await runCollectBench(parseArgs(process.argv.slice(2)));
    process.stderr.write(
      `[bench] collect ${report.collected} objects through the test API server (${report.latencyMs} ms latency, concurrency ${report.concurrency}, pages of ${report.pageSize}): ` +
        `${report.objectsPerSecond} objects/s, ${report.requests} requests, listing ${report.listMs} ms (${report.listCpuMs} ms CPU) vs ideal ${report.idealMs} ms (${report.idealPages} pages) = ${report.ratioToIdeal}× (target ≤ ${report.target.ratioToIdeal}×), ` +
        `JSON.parse floor for the same ${report.listMB} MB ${report.parseFloorMs} ms (${report.ratioToBound}× the larger bound), seal ${report.sealMs} ms, peak RSS ${report.peakRssMB} MB` +
        (report.reference ? ('skipped' in report.reference ? `; kubectl skipped: ${report.reference.skipped}` : `; kubectl get pods -A (${report.reference.pods} Pods alone) ${report.reference.kubectlPodsMs} ms`) : '') +
        '\n',
    );
    process.stdout.write(`${JSON.stringify(report)}\n`);
  }
}

import { withTrivyReports } from '../../src/collect/vulns.js';
import { test, after } from 'node:test';
import http from 'node:http';
import net from 'node:net';
import type { Duplex } from 'node:stream';
import assert from 'node:assert/strict';
import { loadCatalog } from '../../src/catalog/load.js';
import { collectCluster, type ClusterHooks, type ClusterOptions } from '../../src/collect/cluster.js';
import { createCollectLog } from '../../src/collect/progress.js';
import { collectSnapshot } from '../../src/collect/source.js';
import { evaluate } from '../../src/evaluate/engine.js';
import { ClusterError } from '../../src/errors.js';
import type { Snapshot } from '../../src/snapshot/types.js';
import { objectsFromYaml, startApiServer, type ApiServer, type ApiServerOptions } from '../support/apiserver.js';
import { CANARY_FORMS, ESTATE_FIXTURE, comparable, estates } from '../support/estate.js';

const FAST_RETRY = { attempts: 4, baseDelayMs: 5, maxDelayMs: 50 };
const servers: ApiServer[] = [];
after(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

async function server(options: Partial<ApiServerOptions> = {}, path = ESTATE_FIXTURE): Promise<ApiServer> {
  const s = await startApiServer({ objects: objectsFromYaml([path]), ...options });
  servers.push(s);
  return s;
}

async function collect(s: ApiServer, o: Partial<ClusterOptions> = {}, hooks: ClusterHooks = {}): Promise<{ snapshot: Snapshot; log: string }> {
  let log = '';
  const snapshot = await collectCluster(
    { kubeconfig: s.kubeconfig(), ...o },
    { retry: FAST_RETRY, log: createCollectLog({ write: (t) => (log += t), isTTY: false }, 'text'), ...hooks },
  );
  return { snapshot, log };
}

const coverageOf = (s: Snapshot, kind: string) => s.coverage.find((c) => c.kind === kind);
const count = (s: Snapshot, kind: string) => s.objects.filter((o) => o.kind === kind).length;

for (const estate of estates()) {
  test(`a collection of the ${estate.name} through the API server equals its manifest snapshot`, async () => {
    const s = await server({}, estate.path);
    // Both through the same --vulns step (none given), as `kubeproof collect` does for either source.
    const snapshot = withTrivyReports((await collect(s, { pageSize: 2 })).snapshot, [], true);
    const manifests = await collectSnapshot({ manifests: [estate.path] });
    assert.equal(snapshot.source.type, 'cluster');
    assert.deepEqual(snapshot.cluster, { name: 'test-cluster', server: s.url, version: 'v1.31.4' });
    const c = comparable(snapshot, manifests);
    assert.deepEqual(c.cluster.coverage, c.manifests.coverage);
    assert.deepEqual(c.cluster.objects, c.manifests.objects);
    assert.equal(c.cluster.digest, c.manifests.digest);
    // Paged for real: some list needed a continue token.
    assert.ok(s.requests.some((r) => r.query.continue));
  });
}

test('Secrets are listed as metadata only, their type read through field selectors', async () => {
  const s = await server();
  const { snapshot } = await collect(s);
  const secretLists = s.requests.filter((r) => r.kind === 'Secret');
  assert.ok(secretLists.length >= 2);
  for (const r of secretLists) assert.match(r.accept, /^application\/json;as=PartialObjectMetadataList;g=meta\.k8s\.io;v=v1/);
  const secrets = snapshot.objects.filter((o) => o.kind === 'Secret');
  const types = Object.fromEntries(secrets.map((o) => [o.metadata.name, o.type ?? null]));
  assert.deepEqual(types, {
    'api-tls': 'kubernetes.io/tls',
    'api-token': 'kubernetes.io/service-account-token',
    'db-credentials': 'Opaque',
    registry: 'kubernetes.io/dockerconfigjson',
    'vault-lease': null,
  });
  for (const o of secrets) assert.deepEqual(Object.keys(o).filter((k) => k !== 'type'), ['apiVersion', 'kind', 'metadata']);
});

test('canary values in Secrets, their last-applied annotation, env and ConfigMaps appear nowhere: snapshot, results, log', async () => {
  const s = await server({ faults: { Pod: [{ status: 500, times: 1 }], ConfigMap: [{ resetAfterBytes: 300, times: 1 }] } });
  let log = '';
  const snapshot = await collectCluster(
    { kubeconfig: s.kubeconfig(), pageSize: 3 },
    { retry: FAST_RETRY, log: createCollectLog({ write: (t) => (log += t), isTTY: false }, 'json') },
  );
  const results = evaluate(snapshot, loadCatalog());
  const everything = JSON.stringify(snapshot) + JSON.stringify(results) + log;
  for (const form of CANARY_FORMS) assert.equal(everything.includes(form), false, `found ${form}`);
  assert.match(JSON.stringify(snapshot), /kubeproof:redacted:/, 'credential-looking env and ConfigMap values are fingerprinted');
});

test('an optional CRD that is not installed is absent; a kind this cluster does not serve is absent with the reason', async () => {
  const s = await server({ installed: ['ClusterPolicy.kyverno.io'], unserved: ['ValidatingAdmissionPolicy'] });
  const { snapshot } = await collect(s);
  const vr = coverageOf(snapshot, 'VulnerabilityReport.aquasecurity.github.io');
  assert.equal(vr?.status, 'absent');
  assert.match(vr!.message!, /not installed: the cluster does not serve the API group aquasecurity\.github\.io/);
  assert.equal(coverageOf(snapshot, 'ClusterPolicy.kyverno.io')?.status, 'collected');
  const vap = coverageOf(snapshot, 'ValidatingAdmissionPolicy');
  assert.equal(vap?.status, 'absent');
  assert.match(vap!.message!, /does not serve validatingadmissionpolicies in admissionregistration\.k8s\.io\/v1/);
  assert.equal(s.requests.some((r) => r.path.includes('vulnerabilityreports')), false, 'discovery said so: no list is tried');
});

test('a custom resource served at another version than kubeproof knows is listed at that version', async () => {
  const s = await server({ servedVersions: { 'VulnerabilityReport.aquasecurity.github.io': 'v1' } });
  const { snapshot } = await collect(s);
  assert.equal(coverageOf(snapshot, 'VulnerabilityReport.aquasecurity.github.io')?.status, 'collected');
  const report = snapshot.objects.find((o) => o.kind === 'VulnerabilityReport')!;
  assert.equal(report.apiVersion, 'aquasecurity.github.io/v1');
  assert.ok(s.requests.some((r) => r.path === '/apis/aquasecurity.github.io/v1/vulnerabilityreports'));
});

interface FaultCase {
  name: string;
  options: Partial<ApiServerOptions>;
  flags?: Partial<ClusterOptions>;
  kind: string;
  expect: { status: 'collected' | 'forbidden' | 'absent' | 'error'; message?: RegExp; log?: RegExp; requestsAtLeast?: number };
}

const faultCases: FaultCase[] = [
  { name: '429 with Retry-After is retried after the wait it asks for', options: { faults: { Pod: [{ status: 429, retryAfter: 1, times: 1 }] } }, kind: 'Pod', expect: { status: 'collected', log: /Pod: 429 Too Many Requests: .*retrying in 1\.0s \(attempt 2 of 4\)/, requestsAtLeast: 2 } },
  { name: '500 twice, then an answer: retried with backoff', options: { faults: { Deployment: [{ status: 500, times: 2 }] } }, kind: 'Deployment', expect: { status: 'collected', log: /Deployment: 500 Internal Server Error.*attempt 3 of 4/ } },
  { name: '503 on every try: an error in the coverage table', options: { faults: { Pod: [{ status: 503 }] } }, kind: 'Pod', expect: { status: 'error', message: /^503 Service Unavailable: .* \(gave up after 4 attempts\)$/ } },
  { name: '403: forbidden with the server message', options: { faults: { Pod: [{ status: 403 }] } }, kind: 'Pod', expect: { status: 'forbidden', message: /^403 Forbidden: pods is forbidden: User "token-user" cannot list resource "pods" in API group "" at the cluster scope$/ } },
  { name: '404 on a built-in list: absent with the reason', options: { faults: { Role: [{ status: 404 }] } }, kind: 'Role', expect: { status: 'absent', message: /^the cluster does not serve roles in rbac\.authorization\.k8s\.io\/v1 \(404 Not Found: / } },
  { name: '401 on one list: an error for that kind, the run goes on', options: { faults: { Role: [{ status: 401 }] } }, kind: 'Role', expect: { status: 'error', message: /credentials refused for Role: 401 Unauthorized/ } },
  { name: '410 Gone on a continue token restarts the list', options: { faults: { Pod: [{ status: 410, onContinue: true, times: 1 }] } }, flags: { pageSize: 2 }, kind: 'Pod', expect: { status: 'collected', log: /Pod( in [\w-]+)?: 410 Gone: .*\(the continue token expired\); restarting the list/ } },
  { name: '410 Gone every time: an error after three restarts', options: { faults: { Pod: [{ status: 410, onContinue: true }] } }, flags: { pageSize: 2 }, kind: 'Pod', expect: { status: 'error', message: /^410 Gone/ } },
  { name: 'a connection reset mid-pagination retries the page', options: { faults: { Pod: [{ resetAfterBytes: 200, onContinue: true, times: 1 }] } }, flags: { pageSize: 2 }, kind: 'Pod', expect: { status: 'collected', log: /Pod( in [\w-]+)?: connection to 127\.0\.0\.1:\d+ was reset .*retrying/ } },
  { name: 'a slow answer past --timeout is asked for again', options: { faults: { Secret: [{ delayMs: 1500, times: 1 }] } }, flags: { timeout: '300ms' }, kind: 'Secret', expect: { status: 'collected', log: /no complete answer from 127\.0\.0\.1:\d+ within 0\.3s \(--timeout\); retrying/ } },
  { name: 'a reset on every try: an error naming the cause', options: { faults: { ConfigMap: [{ resetAfterBytes: 10 }] } }, kind: 'ConfigMap', expect: { status: 'error', message: /^connection to 127\.0\.0\.1:\d+ was reset/ } },
];

for (const c of faultCases) {
  test(`fault: ${c.name}`, async () => {
    const s = await server(c.options);
    const { snapshot, log } = await collect(s, c.flags);
    const entry = coverageOf(snapshot, c.kind);
    assert.equal(entry?.status, c.expect.status, `${JSON.stringify(entry)}\n${log}`);
    if (c.expect.message) assert.match(entry!.message ?? '', c.expect.message);
    if (c.expect.log) assert.match(log, c.expect.log);
    if (c.expect.requestsAtLeast) assert.ok(s.requests.filter((r) => r.kind === c.kind).length >= c.expect.requestsAtLeast);
    const manifests = await collectSnapshot({ manifests: [ESTATE_FIXTURE] });
    if (c.expect.status === 'collected') {
      assert.equal(entry!.count, count(manifests, c.kind), 'every object, each once');
      assert.equal(count(snapshot, c.kind), count(manifests, c.kind));
    } else {
      assert.equal(count(snapshot, c.kind), 0, 'a gap is never a partial list');
      // The other kinds are all there.
      assert.equal(snapshot.coverage.filter((e) => e.status === 'collected').length, snapshot.coverage.length - 1);
    }
  });
}

test('a gap makes the controls that need the kind not-assessed, with the reason; the report lists it', async () => {
  const s = await server({ faults: { Pod: [{ status: 403 }] } });
  const { snapshot } = await collect(s);
  const results = evaluate(snapshot, loadCatalog());
  const privileged = results.controls.find((c) => c.id === 'KP-PS-001')!;
  assert.equal(privileged.status, 'not-assessed');
  assert.match(privileged.reason!, /Pod forbidden \(403 Forbidden: /);
  assert.deepEqual(results.coverage.find((c) => c.kind === 'Pod')?.status, 'forbidden');
});

test('the same collection without faults finds the privileged pod', async () => {
  const s = await server();
  const { snapshot } = await collect(s);
  const results = evaluate(snapshot, loadCatalog());
  assert.equal(results.controls.find((c) => c.id === 'KP-PS-001')!.status, 'fail');
});

test('--deadline: what is not finished in time is an error in the coverage table, not a hang', async () => {
  const s = await server({ faults: { Pod: [{ delayMs: 3000 }] } });
  const started = Date.now();
  const { snapshot } = await collect(s, { deadline: '800ms', timeout: '10s' });
  assert.ok(Date.now() - started < 2500, 'stopped at the deadline');
  const pods = coverageOf(snapshot, 'Pod');
  assert.equal(pods?.status, 'error');
  assert.match(pods!.message!, /not finished within the --deadline of 0\.8s/);
  assert.equal(coverageOf(snapshot, 'Namespace')?.status, 'collected');
});

test('large lists are split by namespace and fetched side by side; every object once', async () => {
  const objects: ApiServerOptions['objects'] = [];
  for (let n = 0; n < 6; n++) objects.push({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: `ns-${n}` } });
  for (let i = 0; i < 600; i++) objects.push({ apiVersion: 'v1', kind: 'Pod', metadata: { name: `pod-${String(i).padStart(4, '0')}`, namespace: `ns-${i % 6}` }, spec: { containers: [{ name: 'c', image: 'x' }] } });
  const s = await startApiServer({ objects });
  servers.push(s);
  const { snapshot } = await collect(s, { pageSize: 50 });
  assert.equal(count(snapshot, 'Pod'), 600);
  assert.equal(new Set(snapshot.objects.filter((o) => o.kind === 'Pod').map((o) => `${o.metadata.namespace}/${o.metadata.name}`)).size, 600);
  const perNamespace = s.requests.filter((r) => r.kind === 'Pod' && r.path.startsWith('/api/v1/namespaces/'));
  assert.ok(perNamespace.length >= 6, 'listed per namespace');
  assert.ok(s.requests.filter((r) => r.kind === 'Pod').length <= 600 / 50 + 6 + 1);
});

test('a split list follows the API server order of <namespace>/<name>: team-a comes before team, and no Pod is lost or listed twice', async () => {
  // The storage key orders `team-a/x` before `team/x` ('-' < '/'), while the names alone order
  // `team` first: a split that compared bare names left out all of `team` (480 Pods of 600).
  const names = ['alpha', 'team', 'team-a', 'team-b', 'zeta'];
  const objects: ApiServerOptions['objects'] = names.map((name) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } }));
  for (let i = 0; i < 600; i++) objects.push({ apiVersion: 'v1', kind: 'Pod', metadata: { name: `pod-${String(i).padStart(4, '0')}`, namespace: names[i % names.length] }, spec: { containers: [{ name: 'c', image: 'x' }] } });
  const s = await startApiServer({ objects });
  servers.push(s);
  let split = 0;
  for (const pageSize of [50, 130, 200, 250]) {
    const before = s.requests.length;
    const { snapshot } = await collect(s, { pageSize, concurrency: 2 });
    const pods = snapshot.objects.filter((o) => o.kind === 'Pod').map((o) => `${o.metadata.namespace}/${o.metadata.name}`);
    assert.equal(pods.length, 600, `page size ${pageSize}: every Pod`);
    assert.equal(new Set(pods).size, 600, `page size ${pageSize}: each once`);
    assert.equal(coverageOf(snapshot, 'Pod')?.count, 600);
    if (s.requests.slice(before).some((r) => r.kind === 'Pod' && r.path.startsWith('/api/v1/namespaces/'))) split++;
  }
  assert.ok(split >= 3, `the list was split by namespace for most page sizes (${split} of 4)`);
});

test('a split list is taken from both ends: the cluster-wide list goes on from the first namespace, the last ones are listed on their own, and no namespace is asked for twice', async () => {
  const objects: ApiServerOptions['objects'] = [];
  for (let n = 0; n < 12; n++) objects.push({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: `ns-${String(n).padStart(2, '0')}` } });
  for (let i = 0; i < 1200; i++) objects.push({ apiVersion: 'v1', kind: 'Pod', metadata: { name: `pod-${String(i).padStart(4, '0')}`, namespace: `ns-${String(i % 12).padStart(2, '0')}` }, spec: { containers: [{ name: 'c', image: 'x' }] } });
  const s = await startApiServer({ objects, latencyMs: 5 });
  servers.push(s);
  const { snapshot } = await collect(s, { pageSize: 100, concurrency: 3 });
  assert.equal(new Set(snapshot.objects.filter((o) => o.kind === 'Pod').map((o) => `${o.metadata.namespace}/${o.metadata.name}`)).size, 1200);
  assert.equal(count(snapshot, 'Pod'), 1200);
  const pods = s.requests.filter((r) => r.kind === 'Pod');
  const chain = pods.filter((r) => r.path === '/api/v1/pods');
  const own = pods.filter((r) => r.path.startsWith('/api/v1/namespaces/') && !r.query.continue).map((r) => r.path.split('/')[4]!);
  assert.ok(chain.length >= 2, 'the cluster-wide list went on past its first page');
  assert.ok(own.length >= 1, 'some namespaces were listed on their own');
  assert.equal(new Set(own).size, own.length, 'no namespace listed on its own twice');
  // The namespaces listed on their own are the last ones, taken from the end.
  const all = Array.from({ length: 12 }, (_, n) => `ns-${String(n).padStart(2, '0')}`);
  assert.deepEqual([...own].sort(), all.slice(all.length - own.length));
  assert.ok(!own.includes('ns-00'));
  // No more requests than pages of 100 plus one per namespace listed on its own (a partial page each).
  assert.ok(pods.length <= 1200 / 100 + own.length + 1, `${pods.length} Pod requests`);
});

test('HTTPS_PROXY and NO_PROXY are honoured as kubectl honours them when the kubeconfig names no proxy', async () => {
  const s = await server();
  const { proxy, proxyUrl, tunnels, open } = await connectProxy();
  const saved = { HTTPS_PROXY: process.env.HTTPS_PROXY, NO_PROXY: process.env.NO_PROXY, https_proxy: process.env.https_proxy, no_proxy: process.env.no_proxy };
  const setEnv = (env: Record<string, string | undefined>): void => {
    for (const [k, v] of Object.entries(env)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  };
  try {
    setEnv({ HTTPS_PROXY: proxyUrl, NO_PROXY: undefined, https_proxy: undefined, no_proxy: undefined });
    // A server by a name only the proxy can reach: every request through the proxy.
    const named = s.kubeconfig({ server: `https://kubernetes.test:${s.port}` });
    const before = s.requests.length;
    const snapshot = await collectCluster({ kubeconfig: named }, { retry: FAST_RETRY });
    assert.ok(count(snapshot, 'Pod') > 0);
    assert.ok(tunnels.length > 0 && tunnels.every((t) => t === `kubernetes.test:${s.port}`), tunnels.join(' '));
    assert.ok(s.requests.length > before);
    // Loopback is never proxied (as in Go): the same server at 127.0.0.1 opens no tunnel.
    const n = tunnels.length;
    await collectCluster({ kubeconfig: s.kubeconfig() }, { retry: FAST_RETRY });
    assert.equal(tunnels.length, n);
    // NO_PROXY covers the domain: no tunnel, and the name does not resolve: one clear error.
    setEnv({ NO_PROXY: '.test' });
    await assert.rejects(
      collectCluster({ kubeconfig: named }, { retry: FAST_RETRY }),
      (err: unknown) => err instanceof ClusterError && /cannot reach the cluster .*kubernetes\.test/.test(err.message) && /resolve|DNS|ENOTFOUND|EAI_AGAIN/i.test(err.message),
    );
    assert.equal(tunnels.length, n);
    // A SOCKS proxy in the environment: said so, without the credentials its URL carries.
    for (const socks of ['socks5://user:s3cr3t-canary@127.0.0.1:1080', 'socks5://user:s3cr/et@canary@127.0.0.1:1080']) {
      setEnv({ NO_PROXY: undefined, HTTPS_PROXY: socks });
      await assert.rejects(
        collectCluster({ kubeconfig: named }, { retry: FAST_RETRY }),
        (err: unknown) => err instanceof ClusterError && /HTTPS_PROXY names a SOCKS proxy \(socks5:\/\/(127\.0\.0\.1:1080|…)\)/.test(err.message) && !/canary|s3cr/.test(err.message),
      );
    }
  } finally {
    setEnv(saved);
    for (const c of open) c.destroy();
    proxy.closeAllConnections();
    await new Promise<void>((resolve) => proxy.close(() => resolve()));
  }
});

test('the first pages of the largest core/v1 lists go out beside discovery, not a round trip after it', async () => {
  // The early Pod page is refused once: its retry line must still come after the start line.
  const arrived = new Map<string, number>();
  const s = await server({ latencyMs: 250, faults: { Pod: [{ status: 429, retryAfter: 0, times: 1 }] }, onRequest: (r) => void (arrived.has(r.path) || arrived.set(r.path, Date.now())) });
  const { snapshot, log } = await collect(s, { concurrency: 8 });
  // Sent before /version could answer (250 ms): not a round trip later.
  for (const path of ['/api/v1/namespaces', '/api/v1/pods']) assert.ok(arrived.get(path)! - arrived.get('/version')! < 200, `${path} ${arrived.get(path)! - arrived.get('/version')!} ms after /version`);
  assert.equal(coverageOf(snapshot, 'Pod')?.status, 'collected');
  const firstEight = s.requests.slice(0, 8).map((r) => r.path);
  for (const path of ['/version', '/api', '/apis', '/api/v1/namespaces', '/api/v1/pods']) assert.ok(firstEight.includes(path), `${path} among the first eight requests: ${firstEight.join(' ')}`);
  // Secrets are never among them (metadata only, by type), nor any group that discovery must place.
  assert.ok(firstEight.every((p) => !p.includes('secrets') && !p.startsWith('/apis/')));
  // The early page is the kind's first page: asked for once, and once more after the 429.
  assert.equal(s.requests.filter((r) => r.path === '/api/v1/pods' && !r.query.continue).length, 2);
  assert.match(log, /^kubeproof: collecting \d+ kinds from https:\/\/127\.0\.0\.1:\d+ \(context test\)\n/);
  assert.match(log, /\nkubeproof: Pod: 429 Too Many Requests.*retrying/);
});

test('the cluster cannot be reached or refuses the credentials: ClusterError naming server, context and cause', async () => {
  const s = await server();
  const cases: Array<[Partial<ClusterOptions>, string, RegExp]> = [
    [{}, s.kubeconfig({ token: 'wrong' }), /the cluster test-cluster at https:\/\/127\.0\.0\.1:\d+ \(context test\) refused the credentials: 401 Unauthorized/],
    [{}, s.kubeconfig({ caFile: (await import('../support/tls.js')).tlsMaterial().otherCaFile }), /cannot reach the cluster test-cluster .*\(context test\): TLS verification of 127\.0\.0\.1:\d+ failed: .*\((SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_VERIFY_LEAF_SIGNATURE|UNABLE_TO_GET_ISSUER_CERT_LOCALLY)\)/],
  ];
  for (const [o, kubeconfig, says] of cases) {
    await assert.rejects(collectCluster({ kubeconfig, ...o }, { retry: FAST_RETRY }), (err: unknown) => {
      assert.ok(err instanceof ClusterError, String(err));
      assert.match((err as Error).message, says);
      assert.equal((err as Error).message.includes('\n'), false);
      return true;
    });
  }
});

test('client-certificate auth and exec-plugin auth work as client-node supports them', async () => {
  const s = await server();
  const cert = await collectCluster({ kubeconfig: s.kubeconfig({ clientCert: true }) }, { retry: FAST_RETRY });
  assert.ok(cert.objects.length > 0);
  assert.ok(s.requests.some((r) => r.user === 'kubeproof-client'));
  const { writeFileSync, mkdtempSync, readFileSync } = await import('node:fs');
  const { join } = await import('node:path');
  const { tmpdir } = await import('node:os');
  const dir = mkdtempSync(join(tmpdir(), 'kp-exec-'));
  const plugin = join(dir, 'plugin.cjs');
  // No expirationTimestamp: kubeproof must not run the plugin once per request.
  writeFileSync(plugin, `require('node:fs').appendFileSync(${JSON.stringify(join(dir, 'runs'))}, 'x');process.stdout.write(JSON.stringify({apiVersion:'client.authentication.k8s.io/v1',kind:'ExecCredential',status:{token:${JSON.stringify(s.token)}}}));\n`);
  const exec = await collectCluster({ kubeconfig: s.kubeconfig({ exec: { command: process.execPath, args: [plugin] } }) }, { retry: FAST_RETRY });
  assert.equal(exec.objects.length, cert.objects.length);
  assert.ok(readFileSync(join(dir, 'runs'), 'utf8').length <= 2, 'the exec plugin ran once (or twice), not per request');
  const broken = join(dir, 'broken.cjs');
  writeFileSync(broken, `process.stderr.write('login required');process.exit(1);\n`);
  await assert.rejects(collectCluster({ kubeconfig: s.kubeconfig({ exec: { command: process.execPath, args: [broken] } }) }, { retry: FAST_RETRY }), (err: unknown) => {
    assert.ok(err instanceof ClusterError);
    assert.match((err as Error).message, /^no credentials for the cluster test-cluster at https:\/\/127\.0\.0\.1:\d+ \(context test\): could not obtain credentials from the kubeconfig: /);
    return true;
  });
});

test('--in-cluster reads the ServiceAccount token and CA; the cluster is named in-cluster', async () => {
  const s = await server();
  const { mkdirSync, writeFileSync, copyFileSync, mkdtempSync } = await import('node:fs');
  const { join } = await import('node:path');
  const { tmpdir } = await import('node:os');
  const root = mkdtempSync(join(tmpdir(), 'kp-incluster-'));
  const sa = join(root, 'var/run/secrets/kubernetes.io/serviceaccount');
  mkdirSync(sa, { recursive: true });
  writeFileSync(join(sa, 'token'), s.token);
  writeFileSync(join(sa, 'namespace'), 'kubeproof');
  copyFileSync(s.caFile, join(sa, 'ca.crt'));
  const saved = { host: process.env.KUBERNETES_SERVICE_HOST, port: process.env.KUBERNETES_SERVICE_PORT };
  process.env.KUBERNETES_SERVICE_HOST = '127.0.0.1';
  process.env.KUBERNETES_SERVICE_PORT = String(s.port);
  try {
    const snapshot = await collectCluster({ inCluster: true }, { retry: FAST_RETRY, inClusterRoot: root });
    assert.deepEqual(snapshot.source, { type: 'cluster', detail: ['in-cluster'] });
    assert.equal(snapshot.cluster.name, 'in-cluster');
    assert.ok(snapshot.objects.length > 0);
  } finally {
    if (saved.host === undefined) delete process.env.KUBERNETES_SERVICE_HOST;
    else process.env.KUBERNETES_SERVICE_HOST = saved.host;
    if (saved.port === undefined) delete process.env.KUBERNETES_SERVICE_PORT;
    else process.env.KUBERNETES_SERVICE_PORT = saved.port;
  }
});

test('--node-config reads /configz through nodes/proxy; without the permission it is a coverage gap', async () => {
  const kubelet = { authentication: { anonymous: { enabled: false } }, readOnlyPort: 0, protectKernelDefaults: true };
  const s = await server({ kubeletConfigs: { 'node-a': kubelet, 'node-b': { ...kubelet, readOnlyPort: 10255 } } });
  const { snapshot } = await collect(s, { nodeConfig: true });
  assert.deepEqual(coverageOf(snapshot, 'KubeletConfiguration'), { kind: 'KubeletConfiguration', status: 'collected', count: 2 });
  const b = snapshot.objects.find((o) => o.kind === 'KubeletConfiguration' && o.metadata.name === 'node-b')!;
  assert.equal(b.apiVersion, 'kubelet.config.k8s.io/v1beta1');
  assert.equal(b.readOnlyPort, 10255);

  const denied = await server({ faults: { KubeletConfiguration: [{ status: 403 }] } });
  const gap = (await collect(denied, { nodeConfig: true })).snapshot;
  assert.equal(coverageOf(gap, 'KubeletConfiguration')?.status, 'forbidden');
  assert.match(coverageOf(gap, 'KubeletConfiguration')!.message!, /^nodes\/proxy: 403 Forbidden/);

  const without = (await collect(s)).snapshot;
  assert.equal(coverageOf(without, 'KubeletConfiguration'), undefined, 'not asked for, not listed');
});

test('pages of a list that cannot tell its length (a field selector) go before those of lists known to be short', async () => {
  const objects: ApiServerOptions['objects'] = [{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'a' } }];
  for (let i = 0; i < 6; i++) objects.push({ apiVersion: 'v1', kind: 'Secret', metadata: { name: `s-${i}`, namespace: 'a' }, type: 'Opaque' });
  for (let i = 0; i < 4; i++) objects.push({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `c-${i}`, namespace: 'a' } });
  const s = await startApiServer({ objects });
  servers.push(s);
  await collect(s, { pageSize: 2, concurrency: 1 });
  const order = s.requests.filter((r) => r.query.continue).map((r) => `${r.kind}${r.query.fieldSelector ? ` ${r.query.fieldSelector}` : ''}`);
  // Opaque Secrets: 3 pages, no remainingItemCount with a selector; ConfigMaps: 2 pages, 2 items said to remain.
  assert.deepEqual(order, ['Secret type=Opaque', 'Secret type=Opaque', 'ConfigMap']);
});

test('a namespace created while a kind is listed namespace by namespace is not missed', async () => {
  const objects: ApiServerOptions['objects'] = [];
  for (let n = 0; n < 6; n++) objects.push({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: `ns-${n}` } });
  for (let i = 0; i < 600; i++) objects.push({ apiVersion: 'v1', kind: 'Pod', metadata: { name: `pod-${String(i).padStart(4, '0')}`, namespace: `ns-${i % 6}` }, spec: { containers: [{ name: 'c', image: 'x' }] } });
  let created = false;
  const s: ApiServer = await startApiServer({
    objects,
    onRequest: (r) => {
      // The first list of Pods in one namespace: the split has begun with the namespaces read before.
      if (!created && /^\/api\/v1\/namespaces\/[^/]+\/pods$/.test(r.path)) {
        created = true;
        s.create([
          { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'ns-9-new' } },
          { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'late', namespace: 'ns-9-new' }, spec: { containers: [{ name: 'c', image: 'x' }] } },
        ]);
      }
    },
  });
  servers.push(s);
  const { snapshot } = await collect(s, { pageSize: 50 });
  assert.ok(created, 'the lists were split by namespace');
  assert.equal(count(snapshot, 'Pod'), 601);
  assert.ok(snapshot.objects.some((o) => o.kind === 'Pod' && o.metadata.namespace === 'ns-9-new'));
  assert.ok(s.requests.some((r) => r.path === '/api/v1/namespaces/ns-9-new/pods'));
});

/**
 * An HTTP CONNECT proxy on loopback, as a corporate proxy would be: it records each tunnel asked
 * for and reaches `kubernetes.test` (a name no resolver knows) at 127.0.0.1.
 */
async function connectProxy(): Promise<{ proxy: http.Server; proxyUrl: string; tunnels: string[]; open: Set<Duplex> }> {
  const tunnels: string[] = [];
  const open = new Set<Duplex>();
  const proxy = http.createServer((_req, res) => res.writeHead(405).end());
  proxy.on('connect', (req: http.IncomingMessage, client: Duplex, head: Buffer) => {
    tunnels.push(String(req.url));
    open.add(client);
    client.on('close', () => open.delete(client));
    const [host, port] = String(req.url).split(':');
    const upstream = net.connect(Number(port), host === 'kubernetes.test' ? '127.0.0.1' : host!, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  return { proxy, proxyUrl: `http://127.0.0.1:${(proxy.address() as net.AddressInfo).port}`, tunnels, open };
}

test('a proxy-url in the kubeconfig is used: every request goes through the proxy, as with kubectl', async () => {
  const s = await server();
  const { proxy, proxyUrl, tunnels, open } = await connectProxy();
  try {
    const before = s.requests.length;
    const snapshot = await collectCluster({ kubeconfig: s.kubeconfig({ proxyUrl }) }, { retry: FAST_RETRY });
    assert.ok(count(snapshot, 'Pod') > 0);
    assert.ok(s.requests.length > before);
    assert.ok(tunnels.length > 0, 'the proxy was asked to connect');
    for (const t of tunnels) assert.equal(t, `127.0.0.1:${s.port}`);
    assert.ok(tunnels.length <= 8, `tunnels are kept alive and reused: ${tunnels.length} for ${s.requests.length - before} requests`);
    // The collector closed its tunnels when it finished: nothing keeps the process alive.
    for (let i = 0; i < 100 && open.size > 0; i++) await new Promise((r) => setTimeout(r, 20));
    assert.equal(open.size, 0, `no tunnel left open (${open.size} of ${tunnels.length})`);
  } finally {
    for (const c of open) c.destroy();
    proxy.closeAllConnections();
    await new Promise<void>((resolve) => proxy.close(() => resolve()));
  }
  // A proxy that is not there: the cluster cannot be reached, one clear error.
  await assert.rejects(
    collectCluster({ kubeconfig: s.kubeconfig({ proxyUrl }) }, { retry: FAST_RETRY }),
    (err: unknown) => err instanceof ClusterError && /cannot reach the cluster test-cluster/.test(err.message) && /refused/.test(err.message),
  );
});

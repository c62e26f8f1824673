import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { objectsFromYaml, startApiServer, type ApiServer } from '../support/apiserver.js';
import { ESTATE_FIXTURE } from '../support/estate.js';

/**
 * kubectl against the test API server: if a real client is satisfied with its discovery, paging
 * and errors, the collector's tests are testing the protocol and not a private dialect.
 * Runs where kubectl is on the PATH (it is on CI); skipped, saying so, elsewhere.
 */
const hasKubectl = spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8' }).status === 0;
const run = promisify(execFile);
let s: ApiServer | undefined;
after(async () => {
  await s?.close();
});

async function kubectl(args: string[], kubeconfig: string): Promise<{ code: number; stdout: string; stderr: string }> {
  const cache = mkdtempSync(join(tmpdir(), 'kp-kubectl-'));
  try {
    const r = await run('kubectl', ['--kubeconfig', kubeconfig, '--cache-dir', cache, ...args], { timeout: 30_000, env: { ...process.env, HOME: cache } });
    return { code: 0, ...r };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : 1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

test('kubectl get pods -A --chunk-size=2 pages through the test server', { skip: hasKubectl ? false : 'kubectl is not on the PATH' }, async () => {
  s = await startApiServer({ objects: objectsFromYaml([ESTATE_FIXTURE]) });
  const r = await kubectl(['get', 'pods', '-A', '--chunk-size=2'], s.kubeconfig());
  assert.equal(r.code, 0, r.stderr);
  for (const name of ['kube-apiserver-node-a', 'api-5d9c7-aaaaa', 'api-5d9c7-bbbbb', 'debug-shell', 'frontend-1', 'frontend-2', 'frontend-3']) assert.match(r.stdout, new RegExp(`\\b${name}\\b`));
  const pages = s.requests.filter((q) => q.path === '/api/v1/pods');
  assert.equal(pages.length, 4, 'seven pods, two a page');
  assert.ok(pages.every((q) => q.query.limit === '2'));
  assert.equal(pages.filter((q) => q.query.continue).length, 3);
});

test('kubectl api-resources reads the discovery documents', { skip: hasKubectl ? false : 'kubectl is not on the PATH' }, async () => {
  s ??= await startApiServer({ objects: objectsFromYaml([ESTATE_FIXTURE]) });
  const r = await kubectl(['api-resources'], s.kubeconfig());
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^pods\s+v1\s+true\s+Pod$/m);
  assert.match(r.stdout, /^deployments\s+apps\/v1\s+true\s+Deployment$/m);
  assert.match(r.stdout, /^clusterrolebindings\s+rbac\.authorization\.k8s\.io\/v1\s+false\s+ClusterRoleBinding$/m);
  assert.match(r.stdout, /^vulnerabilityreports\s+aquasecurity\.github\.io\/v1alpha1\s+true\s+VulnerabilityReport$/m);
});

test('kubectl sees a 401 Status for a wrong token and a 403 Status for an injected fault', { skip: hasKubectl ? false : 'kubectl is not on the PATH' }, async () => {
  s ??= await startApiServer({ objects: objectsFromYaml([ESTATE_FIXTURE]) });
  const denied = await kubectl(['get', 'pods', '-A'], s.kubeconfig({ token: 'wrong' }));
  assert.notEqual(denied.code, 0);
  assert.match(denied.stderr, /Unauthorized|must be logged in/);
  s.faults.Role = [{ status: 403, times: 1 }];
  const forbidden = await kubectl(['get', 'roles', '-A'], s.kubeconfig());
  assert.notEqual(forbidden.code, 0);
  assert.match(forbidden.stderr, /Forbidden|forbidden/);
});

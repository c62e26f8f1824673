import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadCatalog } from '../../src/catalog/load.js';
import { parseDuration } from '../../src/collect/cluster.js';
import { displayServer } from '../../src/collect/kube-http.js';
import { collectionPlan, listPath, secretTypeSelectors, uncoveredNeeds } from '../../src/collect/plan.js';
import { backoffDelay, isRetriableStatus, retryAfterMs } from '../../src/collect/retry.js';
import { KNOWN_KINDS } from '../../src/snapshot/kinds.js';

test('the plan lists every known kind once, Namespaces first, and covers every check of the catalogue', () => {
  const plan = collectionPlan();
  assert.equal(plan.length, KNOWN_KINDS.filter((k) => !k.synthetic).length, 'every kind but the synthetic ones (given with --vulns)');
  assert.equal(new Set(plan.map((k) => k.id)).size, plan.length);
  assert.equal(plan[0]!.id, 'Namespace');
  assert.deepEqual(uncoveredNeeds(loadCatalog()), []);
});

test('list paths, cluster-wide and per namespace', () => {
  const pod = KNOWN_KINDS.find((k) => k.id === 'Pod')!;
  const role = KNOWN_KINDS.find((k) => k.id === 'Role')!;
  assert.equal(listPath(pod), '/api/v1/pods');
  assert.equal(listPath(role, 'payments'), '/apis/rbac.authorization.k8s.io/v1/namespaces/payments/roles');
});

test('the Secret field selectors: one per known type, then every other type, each Secret once', () => {
  const s = secretTypeSelectors();
  assert.equal(s[0]!.fieldSelector, 'type=Opaque');
  const rest = s.at(-1)!;
  assert.equal(rest.type, undefined);
  assert.equal(rest.fieldSelector.split(',').length, s.length - 1);
  assert.ok(rest.fieldSelector.split(',').every((t) => t.startsWith('type!=')));
});

test('backoff: exponential, jittered between half and all of the step, capped', () => {
  const policy = { attempts: 6, baseDelayMs: 100, maxDelayMs: 1000 };
  assert.equal(backoffDelay(1, policy, () => 0), 50);
  assert.equal(backoffDelay(1, policy, () => 1), 100);
  assert.equal(backoffDelay(3, policy, () => 1), 400);
  assert.equal(backoffDelay(10, policy, () => 1), 1000);
  assert.equal(backoffDelay(10, policy, () => 0), 500);
});

test('Retry-After: seconds or an HTTP date', () => {
  assert.equal(retryAfterMs('3'), 3000);
  assert.equal(retryAfterMs(undefined), undefined);
  assert.equal(retryAfterMs('soon'), undefined);
  const now = Date.parse('2026-11-24T08:00:00Z');
  assert.equal(retryAfterMs('Tue, 24 Nov 2026 08:00:05 GMT', now), 5000);
  assert.equal(retryAfterMs('Tue, 24 Nov 2026 07:59:00 GMT', now), 0);
});

test('which statuses are retried', () => {
  for (const code of [429, 500, 502, 503, 504]) assert.equal(isRetriableStatus(code), true, String(code));
  for (const code of [200, 400, 401, 403, 404, 409, 410]) assert.equal(isRetriableStatus(code), false, String(code));
});

test('durations as kubectl takes them', () => {
  assert.equal(parseDuration('30s', '--timeout', 1), 30_000);
  assert.equal(parseDuration('1m30s', '--timeout', 1), 90_000);
  assert.equal(parseDuration('250ms', '--timeout', 1), 250);
  assert.equal(parseDuration('2', '--timeout', 1), 2000);
  assert.equal(parseDuration(undefined, '--timeout', 7), 7);
  assert.throws(() => parseDuration('10 minutes', '--deadline', 1), /--deadline takes a duration/);
  assert.throws(() => parseDuration('0s', '--deadline', 1), /--deadline takes a duration/);
});

test('a server URL is shown without credentials', () => {
  assert.equal(displayServer('https://admin:hunter2@k8s.example.com:6443/?token=x'), 'https://k8s.example.com:6443');
  assert.equal(displayServer('https://rancher.example.com/k8s/clusters/c-1'), 'https://rancher.example.com/k8s/clusters/c-1');
});

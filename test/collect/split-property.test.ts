/**
 * The namespace split of a long list, against many random estates: namespaces whose names sort
 * differently as bare names and as the API server's `<namespace>/<name>` keys (`team`, `team-a`,
 * `team0`), empty and crowded namespaces, small pages, one to six requests at once, a little
 * latency, and sometimes a 410 Gone on a continue token. Whatever the interleaving, every Pod is
 * collected exactly once and the coverage table counts them all.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { collectCluster } from '../../src/collect/cluster.js';
import type { K8sObject } from '../../src/snapshot/types.js';
import { startApiServer, type ApiServer, type ApiServerOptions } from '../support/apiserver.js';

const FAST_RETRY = { attempts: 4, baseDelayMs: 1, maxDelayMs: 5 };
const NAMES = ['a', 'a-b', 'a0', 'kube', 'kube-system', 'kube-public', 'ns-1', 'ns-10', 'ns-2', 't', 't-1', 'team', 'team-a', 'team-b', 'team0', 'zeta'];

/** mulberry32: a small seeded generator, so that a failing case can be run again by its seed. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Case {
  seed: number;
  namespaces: string[];
  pods: Map<string, number>;
  pageSize: number;
  concurrency: number;
  latencyMs: number;
  gone: boolean;
}

function randomCase(seed: number): Case {
  const r = rng(seed);
  const pick = (n: number): number => Math.floor(r() * n);
  const namespaces = NAMES.filter(() => r() < 0.6);
  if (namespaces.length < 2) namespaces.push('team', 'team-a');
  const pods = new Map<string, number>();
  // Mostly a handful of Pods, some empty namespaces, a few crowded ones.
  for (const ns of namespaces) pods.set(ns, r() < 0.15 ? 0 : r() < 0.2 ? 20 + pick(60) : 1 + pick(12));
  return { seed, namespaces, pods, pageSize: 3 + pick(12), concurrency: 1 + pick(6), latencyMs: pick(3), gone: r() < 0.3 };
}

function estate(c: Case): K8sObject[] {
  const objects: K8sObject[] = c.namespaces.map((name) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } }));
  for (const [ns, n] of c.pods) {
    for (let i = 0; i < n; i++) objects.push({ apiVersion: 'v1', kind: 'Pod', metadata: { name: `p-${String(i).padStart(3, '0')}`, namespace: ns }, spec: { containers: [{ name: 'c', image: 'x' }] } });
  }
  return objects;
}

const servers: ApiServer[] = [];
after(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

test('a split list, against 40 random estates: every Pod once, whatever the names, pages, concurrency and faults', async () => {
  let split = 0;
  for (let seed = 1; seed <= 40; seed++) {
    const c = randomCase(seed);
    const options: ApiServerOptions = { objects: estate(c), latencyMs: c.latencyMs };
    if (c.gone) options.faults = { Pod: [{ status: 410, onContinue: true, times: 1 }] };
    const s = await startApiServer(options);
    servers.push(s);
    const where = `seed ${seed}: ${JSON.stringify({ ...c, pods: Object.fromEntries(c.pods) })}`;
    const snapshot = await collectCluster({ kubeconfig: s.kubeconfig(), pageSize: c.pageSize, concurrency: c.concurrency }, { retry: FAST_RETRY });
    const expected = [...c.pods].flatMap(([ns, n]) => Array.from({ length: n }, (_, i) => `${ns}/p-${String(i).padStart(3, '0')}`)).sort();
    const got = snapshot.objects.filter((o) => o.kind === 'Pod').map((o) => `${o.metadata.namespace}/${o.metadata.name}`).sort();
    assert.deepEqual(got, expected, where);
    assert.equal(snapshot.coverage.find((e) => e.kind === 'Pod')?.status, 'collected', where);
    assert.equal(snapshot.coverage.find((e) => e.kind === 'Pod')?.count, expected.length, where);
    const own = s.requests.filter((q) => q.kind === 'Pod' && q.path.startsWith('/api/v1/namespaces/') && !q.query.continue).map((q) => q.path.split('/')[4]!);
    if (own.length) split++;
    // Without a 410, no namespace's own list is asked for twice.
    if (!c.gone) assert.equal(new Set(own).size, own.length, `${where}: ${own.join(' ')}`);
    await s.close();
    servers.pop();
  }
  assert.ok(split >= 10, `the split happened in ${split} of 40 estates`);
});

import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadCatalog } from '../../src/catalog/load.js';
import { collectCluster } from '../../src/collect/cluster.js';
import { parseManifestText } from '../../src/collect/manifests.js';
import { collectionPlan } from '../../src/collect/plan.js';
import { PACKAGE_ROOT } from '../../src/paths.js';
import type { K8sObject } from '../../src/snapshot/types.js';
import { objectsFromYaml, startApiServer, type ApiServer } from '../support/apiserver.js';
import { kubeproof } from '../support/cli.js';
import { ESTATE_FIXTURE } from '../support/estate.js';

const DEPLOY = join(PACKAGE_ROOT, 'deploy');

function deployObjects(): K8sObject[] {
  return ['namespace.yaml', 'serviceaccount.yaml', 'clusterrole.yaml', 'clusterrolebinding.yaml', 'pvc.yaml', 'cronjob.yaml', 'networkpolicy.yaml'].flatMap((f) =>
    parseManifestText(readFileSync(join(DEPLOY, f), 'utf8'), f).map((p) => p.object),
  );
}

const byKind = (kind: string): K8sObject => deployObjects().find((o) => o.kind === kind)!;

interface Rule {
  apiGroups?: string[];
  resources?: string[];
  verbs: string[];
  nonResourceURLs?: string[];
}

test('kubeproof audits its own deploy/ manifests: every pod-security and RBAC control that applies passes', () => {
  const out = mkdtempSync(join(tmpdir(), 'kp-deploy-'));
  const r = kubeproof(['audit', '--manifests', DEPLOY, '--waivers', join(PACKAGE_ROOT, 'samples', 'kubeproof-self-waivers.yaml'), '--out', out, '--quiet']);
  assert.equal(r.code, 0, r.stderr);
  const results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as { controls: Array<{ id: string; status: string; reason?: string }> };
  const catalog = loadCatalog();
  const relevant = catalog.controls.filter((c) => /(^|\/)controls\/(pod-security|rbac)\//.test(c.file));
  assert.ok(relevant.length > 0);
  for (const c of relevant) {
    const result = results.controls.find((x) => x.id === c.id);
    assert.ok(result, `${c.id} was evaluated`);
    // One documented exception (samples/kubeproof-self-waivers.yaml): listing Secret metadata needs `list secrets`.
    const allowed = c.id === 'KP-AUTHZ-002' ? ['waived'] : ['pass', 'not-applicable'];
    assert.ok(allowed.includes(result.status), `${c.id} ${c.title}: ${result.status} ${result.reason ?? ''}`);
  }
  // The pod-security controls judged the CronJob's pod, rather than finding nothing to judge.
  assert.equal(results.controls.find((x) => x.id === 'KP-PS-001')?.status, 'pass');
});

test('the CronJob runs audit --in-cluster onto the reports volume with a hardened pod', () => {
  const cron = byKind('CronJob') as any;
  const pod = cron.spec.jobTemplate.spec.template.spec;
  const c = pod.containers[0];
  assert.match(c.args.join(' '), /kubeproof audit --in-cluster .*--out "\/reports\/\$\(date -u \+%Y-%m-%d\)"/);
  assert.equal(pod.serviceAccountName, 'kubeproof');
  assert.equal(pod.securityContext.runAsNonRoot, true);
  assert.ok(pod.securityContext.runAsUser > 0);
  assert.equal(pod.securityContext.seccompProfile.type, 'RuntimeDefault');
  assert.equal(c.securityContext.readOnlyRootFilesystem, true);
  assert.equal(c.securityContext.allowPrivilegeEscalation, false);
  assert.equal(c.securityContext.privileged, false);
  assert.deepEqual(c.securityContext.capabilities.drop, ['ALL']);
  for (const r of ['cpu', 'memory']) assert.ok(c.resources.limits[r] && c.resources.requests[r], r);
  const reports = pod.volumes.find((v: any) => v.name === 'reports');
  assert.equal(reports.persistentVolumeClaim.claimName, byKind('PersistentVolumeClaim').metadata.name);
  assert.ok(c.volumeMounts.some((m: any) => m.mountPath === '/reports' && m.name === 'reports'));
  const binding = byKind('ClusterRoleBinding') as any;
  assert.deepEqual(binding.subjects, [{ kind: 'ServiceAccount', name: 'kubeproof', namespace: 'kubeproof' }]);
  assert.equal(binding.roleRef.name, byKind('ClusterRole').metadata.name);
});

test("the CronJob's script keeps the newest KEEP_PACKS dated packs, then execs the audit (run in BusyBox, the image's shell)", () => {
  const busybox = spawnSync('busybox', ['true']);
  assert.equal(busybox.error, undefined, 'busybox is needed to run the CronJob script as its Alpine image would (apt-get install busybox)');
  const c = (byKind('CronJob') as any).spec.jobTemplate.spec.template.spec.containers[0];
  assert.deepEqual(c.command, ['/bin/sh', '-c']);
  const keep = c.env.find((e: { name: string }) => e.name === 'KEEP_PACKS');
  assert.match(keep.value, /^\d+$/);
  const root = mkdtempSync(join(tmpdir(), 'kp-cron-'));
  const reports = join(root, 'reports');
  const bin = join(root, 'bin');
  mkdirSync(bin);
  // A stand-in for kubeproof: records its parent (exec: the test itself, not a shell) and writes a pack.
  writeFileSync(join(bin, 'kubeproof'), '#!/bin/sh\nout=""; while [ $# -gt 0 ]; do [ "$1" = --out ] && out="$2"; shift; done\nmkdir -p "$out" && echo "$PPID" > "$out/ppid"\n');
  chmodSync(join(bin, 'kubeproof'), 0o755);
  const script = (c.args[0] as string).replaceAll('/reports', reports);
  assert.notEqual(script, c.args[0], 'the script names /reports');
  const run = (env: Record<string, string>) =>
    spawnSync('busybox', ['sh', '-c', script], { encoding: 'utf8', env: { PATH: `${bin}:${process.env.PATH}`, ...env } });

  // A fresh claim: nothing to prune, the audit runs.
  const fresh = run({ KEEP_PACKS: '3' });
  assert.equal(fresh.status, 0, fresh.stderr);
  assert.equal(fresh.stderr, '');
  const today = new Date().toISOString().slice(0, 10);
  assert.deepEqual(readdirSync(reports), [today]);
  assert.equal(readFileSync(join(reports, today, 'ppid'), 'utf8').trim(), String(process.pid), 'exec: kubeproof replaces the shell and gets its signals');

  // Five older packs and other files: the newest three dated folders stay (today's among them), the
  // rest go oldest first, and nothing that is not a dated pack is touched.
  for (const d of ['2000-01-01', '2000-01-02', '2000-01-03', '2000-02-01']) mkdirSync(join(reports, d));
  mkdirSync(join(reports, 'fleet'));
  writeFileSync(join(reports, '1999-12-31.tar.gz'), 'x');
  const pruned = run({ KEEP_PACKS: '3' });
  assert.equal(pruned.status, 0, pruned.stderr);
  const lines = pruned.stderr.trim().split('\n').map((l) => JSON.parse(l) as { event: string; pack: string; level: string; time: string });
  assert.deepEqual(lines.map((l) => [l.event, l.level, l.pack]), [['pruned', 'info', join(reports, '2000-01-02')], ['pruned', 'info', join(reports, '2000-01-01')]]);
  assert.ok(lines.every((l) => !Number.isNaN(Date.parse(l.time))));
  assert.deepEqual(readdirSync(reports).sort(), ['1999-12-31.tar.gz', '2000-01-03', '2000-02-01', 'fleet', today].sort());
  assert.ok(existsSync(join(reports, today, 'ppid')));

  // KEEP_PACKS unset: 30, not zero (an empty number would have removed every pack). Anything but a
  // whole number stops the run before it removes or writes anything.
  for (let d = 1; d <= 5; d++) mkdirSync(join(reports, `2001-01-0${d}`));
  const before = readdirSync(reports).sort();
  const unset = run({});
  assert.equal(unset.status, 0, unset.stderr);
  assert.equal(unset.stderr, '');
  assert.deepEqual(readdirSync(reports).sort(), before);
  for (const bad of ['', '30d', '-1', '1 + 1']) {
    const r = run({ KEEP_PACKS: bad });
    if (bad === '') {
      assert.equal(r.status, 0, 'an empty value is unset: 30');
      continue;
    }
    assert.equal(r.status, 2, `KEEP_PACKS=${JSON.stringify(bad)}: ${r.stderr}`);
    assert.deepEqual(JSON.parse(r.stderr.trim()), { level: 'error', event: 'config', message: 'KEEP_PACKS must be a whole number' });
    assert.deepEqual(readdirSync(reports).sort(), before);
  }
});

test('the ClusterRole grants list on exactly the kinds the collector plans to list: no write verb, no wildcard', () => {
  const rules = (byKind('ClusterRole') as unknown as { rules: Rule[] }).rules;
  const granted = new Set<string>();
  for (const rule of rules) {
    assert.equal(JSON.stringify(rule).includes('*"') && !rule.nonResourceURLs, false, 'no wildcard');
    for (const v of rule.verbs) assert.ok(['get', 'list'].includes(v), `verb ${v}`);
    if (rule.nonResourceURLs) {
      assert.deepEqual(rule.verbs, ['get']);
      continue;
    }
    assert.deepEqual(rule.verbs, ['list']);
    for (const g of rule.apiGroups ?? []) for (const r of rule.resources ?? []) {
      assert.notEqual(r, '*');
      granted.add(`${g}/${r}`);
    }
  }
  const planned = new Set(collectionPlan().map((k) => `${k.group}/${k.resource}`));
  assert.deepEqual([...granted].sort(), [...planned].sort());
});

let s: ApiServer | undefined;
after(async () => {
  await s?.close();
});

test('every request a collection makes is one the ClusterRole allows', async () => {
  s = await startApiServer({ objects: objectsFromYaml([ESTATE_FIXTURE]) });
  await collectCluster({ kubeconfig: s.kubeconfig(), pageSize: 2 });
  const rules = (byKind('ClusterRole') as unknown as { rules: Rule[] }).rules;
  const urls = rules.flatMap((r) => r.nonResourceURLs ?? []);
  for (const req of s.requests) {
    const list = /^\/(?:api\/v1|apis\/([^/]+)\/[^/]+)(?:\/namespaces\/[^/]+)?\/([^/]+)$/.exec(req.path);
    if (list && list[2] !== 'v1') {
      const group = list[1] ?? '';
      const ok = rules.some((r) => r.verbs.includes('list') && r.apiGroups?.includes(group) && r.resources?.includes(list[2]!));
      assert.ok(ok, `list ${group}/${list[2]} (${req.path})`);
    } else {
      const ok = urls.some((u) => (u.endsWith('*') ? req.path.startsWith(u.slice(0, -1)) : req.path === u));
      assert.ok(ok, `get ${req.path}`);
    }
  }
});

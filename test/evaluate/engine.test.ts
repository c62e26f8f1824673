import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { evaluate } from '../../src/evaluate/engine.js';
import { resultsText } from '../../src/evaluate/io.js';
import { loadWaivers } from '../../src/evaluate/waivers.js';
import { InputError } from '../../src/errors.js';
import { sealSnapshot } from '../../src/snapshot/io.js';
import { snapshotOf } from '../support/harness.js';
import { testCatalog } from '../support/catalog.js';

const estate = `
apiVersion: v1
kind: Namespace
metadata: {name: cde, labels: {compliance.kubeproof.io/scope: pci}}
---
apiVersion: v1
kind: Namespace
metadata: {name: web}
---
apiVersion: v1
kind: Pod
metadata: {name: pay, namespace: cde}
spec:
  containers: [{name: app, image: x}]
---
apiVersion: v1
kind: Pod
metadata: {name: shell, namespace: web}
spec:
  containers: [{name: sh, image: busybox, securityContext: {privileged: true}}]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: rb, namespace: cde}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: r}
subjects: [{kind: User, name: alice}]
`;

function statusOf(results: ReturnType<typeof evaluate>, framework: string, req: string): string {
  return results.frameworks.find((f) => f.id === framework)!.requirements.find((r) => r.id === req)!.status;
}

test('statuses: fail, pass, manual; a throwing check is not-assessed and the run goes on', () => {
  const r = evaluate(snapshotOf(estate), testCatalog());
  const byId = Object.fromEntries(r.controls.map((c) => [c.id, c]));
  assert.equal(byId['T-PRIV-1']!.status, 'fail');
  assert.equal(byId['T-THROW-1']!.status, 'not-assessed');
  assert.match(byId['T-THROW-1']!.reason!, /always-throws failed: boom/);
  assert.equal(byId['T-RBAC-1']!.status, 'pass');
  assert.equal(statusOf(r, 'all', 'A1'), 'fail');
  assert.equal(statusOf(r, 'all', 'A2'), 'not-assessed');
  assert.equal(statusOf(r, 'all', 'A4'), 'manual');
  assert.deepEqual(r.frameworks.find((f) => f.id === 'all')!.counts, { pass: 1, fail: 1, 'not-applicable': 0, 'not-assessed': 1, manual: 1, attested: 0, waived: 0 });
  assert.equal(r.frameworks.find((f) => f.id === 'all')!.score, 50);
});

test('scope: a PCI requirement sees only the in-scope namespace; the failing pod in web does not count', () => {
  const r = evaluate(snapshotOf(estate), testCatalog());
  const pci = r.frameworks.find((f) => f.id === 'pci')!;
  assert.deepEqual(pci.scope.namespaces, ['cde']);
  assert.equal(pci.scope.declared, true);
  const p1 = pci.requirements.find((q) => q.id === 'P1')!;
  assert.deepEqual(p1.controls, [
    { id: 'T-PRIV-1', status: 'pass', counts: { pass: 1, fail: 0, waived: 0 } },
    { id: 'T-RBAC-1', status: 'pass', counts: { pass: 1, fail: 0, waived: 0 } },
  ]);
  assert.equal(p1.status, 'pass');
});

test('scope: with no namespace labelled, the whole estate is in scope (never nothing)', () => {
  const r = evaluate(snapshotOf(estate.replace('labels: {compliance.kubeproof.io/scope: pci}', 'labels: {}')), testCatalog());
  const pci = r.frameworks.find((f) => f.id === 'pci')!;
  assert.equal(pci.scope.declared, false);
  assert.match(pci.scope.note, /whole estate/);
  assert.equal(pci.requirements.find((q) => q.id === 'P1')!.status, 'fail');
});

for (const status of ['forbidden', 'error', 'absent'] as const) {
  test(`coverage: RoleBindings ${status} makes the controls that need them not-assessed, never pass`, () => {
    const snap = snapshotOf(estate, { RoleBinding: { status, count: 0, message: status === 'forbidden' ? 'rolebindings.rbac.authorization.k8s.io is forbidden (403)' : 'x' } });
    const r = evaluate(snap, testCatalog());
    const c = r.controls.find((x) => x.id === 'T-RBAC-1')!;
    assert.equal(c.status, 'not-assessed');
    assert.match(c.reason!, new RegExp(`RoleBinding ${status}`));
    assert.equal(c.evidence.length, 0);
    assert.equal(statusOf(r, 'all', 'A3'), 'not-assessed');
    assert.equal(statusOf(r, 'pci', 'P1'), 'not-assessed', 'the other control passes, but the requirement is not fully assessed');
  });
}

test('waivers: an active waiver waives; an expired one does not and says so; an unused one is listed', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kp-waivers-'));
  const file = join(dir, 'waivers.yaml');
  writeFileSync(
    file,
    `waivers:
  - id: W-1
    control: T-PRIV-1
    match: {namespace: web, kind: Pod, name: "sh*"}
    justification: debugging shell approved for incident INC-42
    approver: ciso@example.com
    expires: 2026-12-31
  - id: W-2
    control: T-PRIV-1
    match: {namespace: nowhere}
    justification: left over from an old deployment
    approver: ciso@example.com
    expires: 2027-01-31
`,
  );
  const catalog = testCatalog();
  const waivers = loadWaivers(file, catalog);
  const active = evaluate(snapshotOf(estate), catalog, { waivers });
  const c = active.controls.find((x) => x.id === 'T-PRIV-1')!;
  assert.equal(c.status, 'waived');
  assert.deepEqual(c.evidence[0]!.waiver, { id: 'W-1', expired: false, expires: '2026-12-31' });
  assert.deepEqual(active.waivers.map((w) => [w.id, w.status, w.matched]), [['W-1', 'active', 1], ['W-2', 'unused', 0]]);
  assert.equal(statusOf(active, 'all', 'A1'), 'waived');

  const later = evaluate(snapshotOf(estate), catalog, { waivers, asOf: '2027-01-15T00:00:00.000Z' });
  const expired = later.controls.find((x) => x.id === 'T-PRIV-1')!;
  assert.equal(expired.status, 'fail');
  assert.match(expired.evidence[0]!.message, /waiver W-1 expired on 2026-12-31/);
  assert.equal(later.waivers[0]!.status, 'expired');
});

test('waivers: a waiver for a control that does not exist is an error naming the file and line', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kp-waivers-'));
  const file = join(dir, 'waivers.yaml');
  writeFileSync(file, 'waivers:\n  - control: KP-NOPE-9\n    justification: because we said so\n    approver: me\n    expires: 2027-01-01\n');
  assert.throws(() => loadWaivers(file, testCatalog()), (err: unknown) => err instanceof InputError && /waivers\.yaml:2: .*no control KP-NOPE-9/.test(err.message));
  writeFileSync(file, 'waivers:\n  - control: T-PRIV-1\n    justification: because we said so\n    approver: me\n    expires: next year\n');
  assert.throws(() => loadWaivers(file, testCatalog()), (err: unknown) => err instanceof InputError && /waivers\.yaml:5: .*expires: expected a date YYYY-MM-DD/.test(err.message));
});

test('determinism: the same snapshot gives byte-identical results, whatever order the objects came in', () => {
  const snap = snapshotOf(estate);
  const a = resultsText(evaluate(snap, testCatalog()));
  const b = resultsText(evaluate(snap, testCatalog()));
  assert.equal(a, b);
  const { digest: _d, ...body } = snap;
  const shuffled = sealSnapshot({ ...body, objects: [...body.objects].reverse(), coverage: [...body.coverage].reverse() });
  assert.equal(shuffled.digest, snap.digest);
  assert.equal(resultsText(evaluate(shuffled, testCatalog())), a);
});

test('evidence carries the manifest file and the line of the field', () => {
  const r = evaluate(snapshotOf(estate), testCatalog());
  const fail = r.controls.find((x) => x.id === 'T-PRIV-1')!.evidence.find((e) => e.outcome === 'fail')!;
  assert.deepEqual(fail.source, { file: 'fixture.yaml', line: 20 }, 'the line of the privileged field, not of the object');
  assert.equal(fail.pointer, '/spec/containers/0/securityContext/privileged');
  assert.match(fail.fingerprint ?? '', /^[0-9a-f]{16}$/);
  const pass = r.controls.find((x) => x.id === 'T-PRIV-1')!.evidence.find((e) => e.outcome === 'pass')!;
  assert.equal(pass.fingerprint, undefined, 'passing evidence carries no fingerprint');
});

test('a finding on a re-created object (new uid) keeps its fingerprint', () => {
  const withUid = (uid: string) => estate.replace('metadata: {name: shell, namespace: web}', `metadata: {name: shell, namespace: web, uid: ${uid}}`);
  const fp = (uid: string) => evaluate(snapshotOf(withUid(uid)), testCatalog()).controls.find((x) => x.id === 'T-PRIV-1')!.evidence.find((e) => e.outcome === 'fail')!;
  const a = fp('11111111-1111-1111-1111-111111111111');
  const b = fp('22222222-2222-2222-2222-222222222222');
  assert.notDeepEqual(a.object.uid, b.object.uid);
  assert.equal(a.fingerprint, b.fingerprint);
});

test('results.json text parses back to the same results (framing of controls and evidence)', () => {
  const r = evaluate(snapshotOf(estate), testCatalog());
  assert.deepEqual(JSON.parse(resultsText(r)), JSON.parse(JSON.stringify(r)));
  assert.ok(r.frameworks.some((f) => f.requirements.some((q) => q.controls.length === 0)), 'the tricky case: empty controls lists before the controls key');
});

test('scope: cluster-wide evidence (the control plane in kube-system) counts in a namespace-scoped framework', async () => {
  const { buildCatalog } = await import('../../src/catalog/load.js');
  const { control, framework } = await import('../support/catalog.js');
  const cpFlag = (await import('../../src/checks/control-plane-flag.js')).default;
  const c = { ...control('T-CP-1', cpFlag, { pci: ['P1'] }), options: cpFlag.options.parse({ component: 'kube-apiserver', flag: '--profiling', rule: 'equals', value: 'false', default: 'true' }) };
  const catalog = buildCatalog([c], [framework('pci', 'pci', [{ id: 'P1' }])]);
  const r = evaluate(snapshotOf(`${estate}
---
apiVersion: v1
kind: Pod
metadata: {name: kube-apiserver-cp-1, namespace: kube-system, labels: {component: kube-apiserver, tier: control-plane}}
spec: {containers: [{name: kube-apiserver, image: x, command: [kube-apiserver, --profiling=true]}]}
`), catalog);
  const pci = r.frameworks[0]!;
  assert.deepEqual(pci.scope.namespaces, ['cde']);
  assert.equal(r.controls[0]!.evidence[0]!.clusterWide, true);
  assert.deepEqual(pci.requirements[0]!.controls, [{ id: 'T-CP-1', status: 'fail', counts: { pass: 0, fail: 1, waived: 0 } }]);
});

import assert from 'node:assert/strict';
import test from 'node:test';
import { loadCatalog } from '../../src/catalog/load.js';
import { diffRuns } from '../../src/diff/diff.js';
import { evaluate, fingerprintOf, namedPath } from '../../src/evaluate/engine.js';
import { snapshotOf } from '../support/harness.js';

const pod = {
  spec: {
    containers: [{ name: 'app', env: [{ name: 'LOG', value: 'info' }, { name: 'DB/PASS~WORD', value: 'x' }], args: ['a', 'b'], ports: [{ containerPort: 80 }] }],
    volumes: [{ name: 'tmp', emptyDir: {} }, { name: 'host', hostPath: { path: '/' } }],
  },
};

test('namedPath gives named list elements by name, containers as fingerprints always did', () => {
  assert.equal(namedPath(pod, '/spec/containers/0/env/1/value', 'app'), '/spec/containers/app/env/[DB~1PASS~0WORD]/value');
  assert.equal(namedPath(pod, '/spec/volumes/1/hostPath', undefined), '/spec/volumes/[host]/hostPath');
  // Nothing named on the way but the container: undefined, the fingerprint stays what it was.
  assert.equal(namedPath(pod, '/spec/containers/0/args/1', 'app'), undefined);
  assert.equal(namedPath(pod, '/spec/containers/0/ports/0', 'app'), undefined);
  assert.equal(namedPath(pod, '/spec/containers/0/securityContext/privileged', 'app'), undefined);
  // A pointer past the end of the object, or into nothing, is left alone.
  assert.equal(namedPath(pod, '/spec/volumes/7/hostPath', undefined), undefined);
  assert.equal(namedPath(pod, '/metadata/labels', undefined), undefined);
});

test('a fingerprint without a named list on the way is the one earlier versions computed', () => {
  const e = { object: { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'a', name: 'd' }, container: 'app', pointer: '/spec/template/spec/containers/0/securityContext' };
  assert.equal(fingerprintOf('KP-PS-001', e), fingerprintOf('KP-PS-001', { ...e, pointer: '/spec/template/spec/containers/3/securityContext' }));
});

const deployment = (env: string, volumes: string): string => `
apiVersion: apps/v1
kind: Deployment
metadata: {name: api, namespace: shop}
spec:
  selector: {matchLabels: {app: api}}
  template:
    metadata: {labels: {app: api}}
    spec:
      containers:
        - name: app
          image: registry.example.com/api:1.0
          env: ${env}
          volumeMounts: [{name: host, mountPath: /host}]
      volumes: ${volumes}
`;

test('reordering env and volumes changes no finding fingerprint: a diff sees no new or resolved finding', () => {
  const secretEnv = '{name: DB_PASSWORD, value: "Zr8#kq2LmP0wXv7tNc4"}';
  const logEnv = '{name: LOG_LEVEL, value: info}';
  const hostVol = '{name: host, hostPath: {path: /var/run}}';
  const tmpVol = '{name: tmp, emptyDir: {}}';
  const catalog = loadCatalog();
  const failing = (yaml: string): Map<string, string> => {
    const results = evaluate(snapshotOf(yaml), catalog);
    const out = new Map<string, string>();
    for (const c of results.controls) for (const e of c.evidence) if (e.outcome === 'fail') out.set(e.fingerprint!, `${c.id} ${e.pointer}`);
    return out;
  };
  const before = failing(deployment(`[${secretEnv}, ${logEnv}]`, `[${hostVol}, ${tmpVol}]`));
  const after = failing(deployment(`[${logEnv}, ${secretEnv}]`, `[${tmpVol}, ${hostVol}]`));
  const moved = [...before.values()].filter((v) => /\/(env|volumes)\/\d/.test(v));
  assert.ok(moved.length >= 2, `findings point into env and volumes: ${[...before.values()].join('; ')}`);
  assert.deepEqual([...after.keys()].sort(), [...before.keys()].sort());
  // The pointers themselves moved: they stay exact JSON Pointers into the object.
  assert.notDeepEqual([...after.values()].sort(), [...before.values()].sort());
});

test('distinct findings keep distinct fingerprints: RBAC subjects are a kind, a namespace and a name', () => {
  const subjects = (list: string): string => `
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: cluster-admin}
rules: [{apiGroups: ['*'], resources: ['*'], verbs: ['*']}]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: deployers}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin}
subjects: ${list}
`;
  const a = '{kind: ServiceAccount, name: deployer, namespace: team-a}';
  const b = '{kind: ServiceAccount, name: deployer, namespace: team-b}';
  const u = '{kind: User, name: deployer, apiGroup: rbac.authorization.k8s.io}';
  const catalog = loadCatalog();
  const findings = (yaml: string) => {
    const out: Array<{ control: string; pointer: string; fingerprint: string; namedPath?: string }> = [];
    for (const c of evaluate(snapshotOf(yaml), catalog).controls) {
      for (const e of c.evidence) if (e.outcome === 'fail' && e.object.kind === 'ClusterRoleBinding') out.push({ control: c.id, pointer: e.pointer, fingerprint: e.fingerprint!, ...(e.namedPath ? { namedPath: e.namedPath } : {}) });
    }
    return out;
  };
  const three = findings(subjects(`[${a}, ${b}, ${u}]`));
  const onSubjects = three.filter((f) => /\/subjects\/\d/.test(f.pointer));
  assert.ok(onSubjects.length >= 3, JSON.stringify(three));
  for (const control of new Set(onSubjects.map((f) => f.control))) {
    const mine = onSubjects.filter((f) => f.control === control);
    assert.equal(new Set(mine.map((f) => f.fingerprint)).size, mine.length, `${control}: one fingerprint per subject: ${JSON.stringify(mine)}`);
  }
  assert.ok(onSubjects.some((f) => f.namedPath === '/subjects/[ServiceAccount:team-b~1deployer]'), JSON.stringify(onSubjects));
  // The same subjects in another order: the same fingerprints.
  const reordered = findings(subjects(`[${u}, ${b}, ${a}]`));
  assert.deepEqual(reordered.map((f) => f.fingerprint).sort(), three.map((f) => f.fingerprint).sort());
});

test('a list element whose identity is not unique in its list keeps its position', () => {
  const o = { env: [{ name: 'A', value: '1' }, { name: 'A', value: '2' }, { name: 'B', value: '3' }] };
  assert.equal(namedPath(o, '/env/1/value', undefined), undefined);
  assert.equal(namedPath(o, '/env/2/value', undefined), '/env/[B]/value');
});

test('diff against results of a version without namedPath: findings in named lists persist, not resolved and new', () => {
  const catalog = loadCatalog();
  const yaml = deployment('[{name: DB_PASSWORD, value: "Zr8#kq2LmP0wXv7tNc4"}]', '[{name: host, hostPath: {path: /var/run}}]');
  const now = evaluate(snapshotOf(yaml), catalog);
  assert.ok(now.controls.some((c) => c.evidence.some((e) => e.namedPath)), 'this version writes namedPath');
  // The same run as an earlier version wrote it: position-based fingerprints, no namedPath.
  const old = structuredClone(now);
  for (const c of old.controls) {
    for (const e of c.evidence) {
      if (e.outcome !== 'fail') continue;
      delete e.namedPath;
      e.fingerprint = fingerprintOf(c.id, e);
    }
  }
  const d = diffRuns({ label: 'old', results: old }, { label: 'new', results: now }, catalog);
  assert.deepEqual(d.findings.new, []);
  assert.deepEqual(d.findings.resolved, []);
  assert.ok(d.findings.persisting.length > 0);
  assert.equal(d.regression, false);
});

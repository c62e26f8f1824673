import { test } from 'node:test';
import assert from 'node:assert/strict';
import check from '../../src/checks/rbac-cluster-admin.js';
import { fixture, outcomes, runCheck } from '../support/harness.js';

const estate = fixture('checks', 'rbac', 'estate.yaml');

test('rbac-cluster-admin: user bindings to cluster-admin or to a * on * role fail; the built-in one is recognised', () => {
  const run = runCheck(check, {}, estate);
  assert.deepEqual(outcomes(run, 'fail'), [
    'ClusterRoleBinding/break-glass /subjects/0',
    'ClusterRoleBinding/kubeadm:cluster-admins /subjects/0',
    'ClusterRoleBinding/ops-everything /subjects/0',
    'ClusterRoleBinding/ops-everything /subjects/1',
  ]);
  assert.deepEqual(outcomes(run, 'pass'), [
    'ClusterRoleBinding/cluster-admin /subjects/0',
    'ClusterRoleBinding/sre-debug /roleRef',
    'RoleBinding/payments/api-db-creds /roleRef',
    'RoleBinding/payments/auditors-view /roleRef',
    'RoleBinding/web/ci-deployer /roleRef',
    'RoleBinding/web/dangling /roleRef',
  ]);
  const ops = run.evidence.find((e) => e.object.name === 'ops-everything')!;
  assert.match(String(ops.data!.rule), /whose rules\[0\]: \* on \* \(apiGroups \*\)/);
  assert.equal(ops.data!.subject, 'User bob@example.com');
});

test('rbac-cluster-admin: a RoleBinding to cluster-admin is full control of its namespace', () => {
  const run = runCheck(check, {}, `${estate}
- apiVersion: rbac.authorization.k8s.io/v1
  kind: RoleBinding
  metadata: {name: team-admin, namespace: web}
  roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin}
  subjects: [{apiGroup: rbac.authorization.k8s.io, kind: Group, name: web-team}]
`);
  const e = run.evidence.find((x) => x.object.name === 'team-admin')!;
  assert.equal(e.outcome, 'fail');
  assert.equal(e.data!.where, 'in namespace web');
});

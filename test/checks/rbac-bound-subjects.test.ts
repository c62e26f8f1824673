import { test } from 'node:test';
import assert from 'node:assert/strict';
import check from '../../src/checks/rbac-bound-subjects.js';
import { fixture, outcomes, runCheck } from '../support/harness.js';

const estate = fixture('checks', 'rbac', 'estate.yaml');
const users = ['ClusterRoleBinding/break-glass', 'ClusterRoleBinding/kubeadm:cluster-admins', 'ClusterRoleBinding/ops-everything', 'ClusterRoleBinding/sre-debug', 'RoleBinding/payments/api-db-creds', 'RoleBinding/payments/auditors-view', 'RoleBinding/web/ci-deployer', 'RoleBinding/web/dangling'];
const others = (except: string[]) => users.filter((u) => !except.includes(u)).map((u) => `${u} /subjects`);

const cases = [
  {
    name: 'system:masters in a user binding fails; the built-in cluster-admin binding is recognised',
    options: { what: 'the group system:masters', subjects: [{ kind: 'Group', name: 'system:masters' }] },
    fail: ['ClusterRoleBinding/break-glass /subjects/0'],
    pass: ['ClusterRoleBinding/cluster-admin /subjects/0', ...others(['ClusterRoleBinding/break-glass'])].sort(),
  },
  {
    name: 'anonymous and unauthenticated subjects',
    options: { what: 'anonymous users', subjects: [{ kind: 'User', name: 'system:anonymous' }, { kind: 'Group', name: 'system:unauthenticated' }] },
    fail: ['ClusterRoleBinding/sre-debug /subjects/1'],
    pass: ['ClusterRoleBinding/system:public-info-viewer /subjects/1', ...others(['ClusterRoleBinding/sre-debug'])].sort(),
  },
  {
    name: 'default ServiceAccounts in any namespace (globs)',
    options: { what: 'a default ServiceAccount', subjects: [{ kind: 'ServiceAccount', name: 'default' }, { kind: 'Group', name: 'system:serviceaccounts*' }] },
    fail: ['RoleBinding/web/ci-deployer /subjects/0'],
    pass: others(['RoleBinding/web/ci-deployer']),
  },
];

for (const c of cases) {
  test(`rbac-bound-subjects: ${c.name}`, () => {
    const run = runCheck(check, c.options, estate);
    assert.deepEqual(outcomes(run, 'fail'), c.fail);
    assert.deepEqual(outcomes(run, 'pass'), c.pass);
  });
}

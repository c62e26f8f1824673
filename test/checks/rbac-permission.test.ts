import { test } from 'node:test';
import assert from 'node:assert/strict';
import check from '../../src/checks/rbac-permission.js';
import { fixture, outcomes, runCheck } from '../support/harness.js';

const estate = fixture('checks', 'rbac', 'estate.yaml');
const readSecrets = { what: 'read Secrets', permissions: [{ verbs: ['get', 'list', 'watch'], resource: 'secrets' }] };

const cases: Array<{ name: string; options: Record<string, unknown>; fail: string[]; pass: string[] }> = [
  {
    name: 'who can read Secrets: aggregated ClusterRoles, resourceNames, and built-ins recognised',
    options: readSecrets,
    fail: [
      'ClusterRoleBinding/break-glass /subjects/0',
      'ClusterRoleBinding/kubeadm:cluster-admins /subjects/0',
      'ClusterRoleBinding/ops-everything /subjects/0',
      'ClusterRoleBinding/ops-everything /subjects/1',
      'RoleBinding/payments/api-db-creds /subjects/0',
      'RoleBinding/payments/auditors-view /subjects/0',
    ],
    pass: [
      'ClusterRoleBinding/cluster-admin /subjects/0',
      'ClusterRoleBinding/sre-debug /roleRef',
      'ClusterRoleBinding/system:controller:expand-controller /subjects/0',
      'RoleBinding/web/ci-deployer /roleRef',
      'RoleBinding/web/dangling /roleRef',
    ],
  },
  {
    name: 'who can create pods: a rule limited to resourceNames never grants create',
    options: { what: 'create pods', permissions: [{ verbs: ['create'], resource: 'pods' }] },
    fail: [
      'ClusterRoleBinding/break-glass /subjects/0',
      'ClusterRoleBinding/kubeadm:cluster-admins /subjects/0',
      'ClusterRoleBinding/ops-everything /subjects/0',
      'ClusterRoleBinding/ops-everything /subjects/1',
      'RoleBinding/web/ci-deployer /subjects/0',
    ],
    pass: [
      'ClusterRoleBinding/cluster-admin /subjects/0',
      'ClusterRoleBinding/sre-debug /roleRef',
      'RoleBinding/payments/api-db-creds /roleRef',
      'RoleBinding/payments/auditors-view /roleRef',
      'RoleBinding/web/dangling /roleRef',
    ],
  },
  {
    name: 'pods/exec: */exec matches, pods/* is literal in RBAC and does not',
    options: { what: 'exec into pods', permissions: [{ verbs: ['create', 'get'], resource: 'pods/exec' }] },
    fail: [
      'ClusterRoleBinding/break-glass /subjects/0',
      'ClusterRoleBinding/kubeadm:cluster-admins /subjects/0',
      'ClusterRoleBinding/ops-everything /subjects/0',
      'ClusterRoleBinding/ops-everything /subjects/1',
      'ClusterRoleBinding/sre-debug /subjects/0',
      'ClusterRoleBinding/sre-debug /subjects/1',
    ],
    pass: [
      'ClusterRoleBinding/cluster-admin /subjects/0',
      'RoleBinding/payments/api-db-creds /roleRef',
      'RoleBinding/payments/auditors-view /roleRef',
      'RoleBinding/web/ci-deployer /roleRef',
      'RoleBinding/web/dangling /roleRef',
    ],
  },
];

for (const c of cases) {
  test(`rbac-permission: ${c.name}`, () => {
    const run = runCheck(check, c.options, estate);
    assert.deepEqual(outcomes(run, 'fail'), c.fail);
    assert.deepEqual(outcomes(run, 'pass'), c.pass);
  });
}

test('rbac-permission: evidence names the subject, the binding, the role and the rule (the aggregated component)', () => {
  const run = runCheck(check, readSecrets, estate);
  const e = run.evidence.find((x) => x.object.name === 'auditors-view')!;
  assert.deepEqual(e.data, {
    subject: 'Group auditors',
    binding: 'RoleBinding payments/auditors-view',
    role: 'ClusterRole view',
    rule: 'rules[0] of ClusterRole secret-peek (aggregated into view): get,list on secrets (apiGroups core)',
    where: 'in namespace payments',
    what: 'read Secrets',
    note: '',
  });
  assert.deepEqual(e.observed, {
    subject: 'Group auditors',
    binding: 'RoleBinding payments/auditors-view',
    role: 'ClusterRole view',
    ruleIn: 'ClusterRole secret-peek',
    rule: '/rules/0',
    verbs: ['get', 'list'],
    apiGroups: [''],
    resources: ['secrets'],
  });
  const sa = run.evidence.find((x) => x.object.name === 'api-db-creds')!;
  assert.equal(sa.data!.subject, 'ServiceAccount payments/api', 'a ServiceAccount subject without a namespace takes the binding\'s');
  assert.match(String(sa.data!.rule), /named db-creds/);
  const kubeadm = run.evidence.find((x) => x.object.name === 'kubeadm:cluster-admins')!;
  assert.match(String(kubeadm.data!.note), /created by kubeadm/);
});

test('rbac-permission: a live aggregated role (rules already copied in) is attributed to its components, once', () => {
  const live = estate.replace(/  aggregationRule:\n    clusterRoleSelectors:\n    - matchLabels: \{rbac.authorization.k8s.io\/aggregate-to-view: "true"\}\n  rules: \[\]/, `  aggregationRule:
    clusterRoleSelectors:
    - matchLabels: {rbac.authorization.k8s.io/aggregate-to-view: "true"}
  rules:
  - {apiGroups: [""], resources: [configmaps, pods, services], verbs: [get, list, watch]}
  - {apiGroups: [""], resources: [secrets], verbs: [get, list]}`);
  assert.notEqual(live, estate);
  const run = runCheck(check, readSecrets, live);
  const e = run.evidence.filter((x) => x.object.name === 'auditors-view');
  assert.equal(e.length, 1);
  assert.equal((e[0]!.observed as Record<string, unknown>).ruleIn, 'ClusterRole secret-peek');
  assert.equal((e[0]!.observed as Record<string, unknown>).otherMatchingRules, undefined);
});

test('rbac-permission: options are validated', () => {
  assert.throws(() => runCheck(check, { what: 'x', permissions: [] }, estate));
  assert.throws(() => runCheck(check, { what: 'x', permissions: [{ verbs: ['get'], resource: 'Secrets' }] }, estate));
});

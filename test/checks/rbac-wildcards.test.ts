import { test } from 'node:test';
import assert from 'node:assert/strict';
import check from '../../src/checks/rbac-wildcards.js';
import { fixture, outcomes, runCheck } from '../support/harness.js';

test('rbac-wildcards: * and */sub fail; built-in and aggregated roles are not reported; pods/* is literal', () => {
  const run = runCheck(check, {}, fixture('checks', 'rbac', 'estate.yaml'));
  assert.deepEqual(outcomes(run, 'fail'), ['ClusterRole/debugger /rules/0/resources', 'ClusterRole/ops-everything /rules/0/verbs']);
  assert.deepEqual(outcomes(run, 'pass'), ['ClusterRole/deployer /rules', 'ClusterRole/secret-peek /rules', 'Role/payments/db-creds-reader /rules']);
  const ops = run.evidence.find((e) => e.object.name === 'ops-everything')!;
  assert.equal(ops.data!.fields, 'verbs, apiGroups, resources');
  assert.deepEqual(ops.observed, { verbs: ['*'], apiGroups: ['*'], resources: ['*'] });
});

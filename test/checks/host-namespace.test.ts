import { test } from 'node:test';
import assert from 'node:assert/strict';
import check from '../../src/checks/host-namespace.js';
import { outcomes, runCheck } from '../support/harness.js';

const yaml = `
apiVersion: apps/v1
kind: DaemonSet
metadata: {name: agent, namespace: ops}
spec:
  template:
    spec:
      hostPID: true
      hostNetwork: false
      containers: [{name: a, image: x}]
---
apiVersion: batch/v1
kind: CronJob
metadata: {name: nightly, namespace: ops}
spec:
  schedule: "0 1 * * *"
  jobTemplate:
    spec:
      template:
        spec:
          hostIPC: true
          containers: [{name: j, image: x}]
`;

const table: Array<{ field: string; fail: string[]; pass: string[] }> = [
  { field: 'hostPID', fail: ['DaemonSet/ops/agent /spec/template/spec/hostPID'], pass: ['CronJob/ops/nightly /spec/jobTemplate/spec/template/spec/hostPID'] },
  { field: 'hostIPC', fail: ['CronJob/ops/nightly /spec/jobTemplate/spec/template/spec/hostIPC'], pass: ['DaemonSet/ops/agent /spec/template/spec/hostIPC'] },
  { field: 'hostNetwork', fail: [], pass: ['CronJob/ops/nightly /spec/jobTemplate/spec/template/spec/hostNetwork', 'DaemonSet/ops/agent /spec/template/spec/hostNetwork'] },
];

for (const row of table) {
  test(`host-namespace: ${row.field}`, () => {
    const run = runCheck(check, { field: row.field }, yaml);
    assert.deepEqual(outcomes(run, 'fail'), row.fail);
    assert.deepEqual(outcomes(run, 'pass'), row.pass);
  });
}

test('host-namespace: the field option is validated', () => {
  assert.throws(() => runCheck(check, { field: 'hostUsers' }, yaml));
});

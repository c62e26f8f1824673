import { test } from 'node:test';
import assert from 'node:assert/strict';
import check from '../../src/checks/backup-schedule.js';
import { outcomes, runCheck } from '../support/harness.js';

const estate = (schedules: string) => `
apiVersion: v1
kind: List
items:
- {apiVersion: v1, kind: Namespace, metadata: {name: records, labels: {compliance.kubeproof.io/scope: hipaa, backup: daily}}}
- {apiVersion: v1, kind: Namespace, metadata: {name: imaging, labels: {compliance.kubeproof.io/scope: hipaa}}}
- {apiVersion: v1, kind: Namespace, metadata: {name: web}}
- {apiVersion: v1, kind: Pod, metadata: {name: a, namespace: records}, spec: {containers: [{name: c, image: x}]}}
- {apiVersion: v1, kind: Pod, metadata: {name: b, namespace: imaging}, spec: {containers: [{name: c, image: x}]}}
- {apiVersion: v1, kind: Pod, metadata: {name: c, namespace: web}, spec: {containers: [{name: c, image: x}]}}
${schedules}`;

const schedule = (name: string, template: string, paused = false) => `- apiVersion: velero.io/v1
  kind: Schedule
  metadata: {name: ${name}, namespace: velero}
  spec:
    schedule: "0 1 * * *"
    paused: ${paused}
    template: ${template}
`;

test('backup-schedule: included namespaces, label selectors, exclusions and paused schedules; only the scope is judged', () => {
  const run = runCheck(check, { scope: 'hipaa' }, estate(schedule('records-daily', '{namespaceSelector: {matchLabels: {backup: daily}}, ttl: 2160h0m0s}') + schedule('imaging', '{includedNamespaces: [imaging]}', true)));
  assert.deepEqual(outcomes(run, 'pass'), ['Namespace/records ']);
  assert.deepEqual(outcomes(run, 'fail'), ['Namespace/imaging ']);
  assert.equal(run.evidence.find((e) => e.outcome === 'fail')!.messageId, 'paused');
  const all = runCheck(check, { scope: 'hipaa' }, estate(schedule('everything', '{excludedNamespaces: [imag*]}')));
  assert.deepEqual(outcomes(all, 'fail'), ['Namespace/imaging ']);
});

test('backup-schedule: without Velero the control is not assessed (backups by other means are attested)', () => {
  const run = runCheck(check, { scope: 'hipaa' }, estate(''));
  assert.match(run.notAssessed!, /no Velero backup Schedule is visible/);
});

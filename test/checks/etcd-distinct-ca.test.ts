import { test } from 'node:test';
import assert from 'node:assert/strict';
import check from '../../src/checks/etcd-distinct-ca.js';
import { fixture, outcomes, runCheck } from '../support/harness.js';

const kubeadm = fixture('checks', 'control-plane-flag', 'kubeadm.yaml');
const etcd = 'Pod/kube-system/etcd-cp-1 etcd';

test('etcd-distinct-ca: kubeadm\'s own etcd CA passes; an unset client CA fails', () => {
  const run = runCheck(check, {}, kubeadm);
  assert.deepEqual(outcomes(run, 'pass'), [`${etcd} /spec/containers/0/command/5`]);
  assert.deepEqual(outcomes(run, 'fail'), []);
  const unset = runCheck(check, {}, kubeadm.replace('      - --trusted-ca-file=/etc/kubernetes/pki/etcd/ca.crt\n', ''));
  assert.deepEqual(outcomes(unset, 'fail'), [`${etcd} /spec/containers/0/command`]);
});

test('etcd-distinct-ca: etcd trusting the cluster CA fails', () => {
  const run = runCheck(check, {}, kubeadm.replace('--trusted-ca-file=/etc/kubernetes/pki/etcd/ca.crt', '--trusted-ca-file=/etc/kubernetes/pki/ca.crt'));
  assert.ok(outcomes(run, 'fail').includes(`${etcd} /spec/containers/0/command/5`));
  assert.equal(run.evidence.find((e) => e.pointer.endsWith('/5'))!.messageId, 'shared');
});

test('etcd-distinct-ca: no control plane, or no etcd, is not-assessed', () => {
  assert.match(runCheck(check, {}, 'apiVersion: v1\nkind: List\nitems: []\n').notAssessed!, /no static control-plane pods/);
  const noEtcd = kubeadm.replace(/- apiVersion: v1\n  kind: Pod\n  metadata:\n    name: etcd-cp-1[\s\S]*?(?=- apiVersion)/, '');
  assert.match(runCheck(check, {}, noEtcd).notAssessed!, /external etcd/);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import check from '../../src/checks/network-segmentation.js';
import { fixture, outcomes, runCheck } from '../support/harness.js';

const estate = fixture('checks', 'network', 'estate.yaml');
const labels = (kind: string, ns: string, name: string, cron = false) =>
  `${kind}/${ns}/${name} ${cron ? '/spec/jobTemplate/spec/template/metadata/labels' : '/spec/template/metadata/labels'}`;

test('network-segmentation ingress (pci): default deny; a named port the pod lacks allows nothing; an empty namespaceSelector is open', () => {
  const run = runCheck(check, { scope: 'pci', direction: 'ingress' }, estate);
  assert.deepEqual(outcomes(run, 'fail'), [labels('Deployment', 'payments', 'worker')]);
  assert.deepEqual(outcomes(run, 'pass'), [labels('CronJob', 'payments', 'settlement', true), labels('Deployment', 'payments', 'api')]);
  const api = run.evidence.find((e) => e.object.name === 'api')!;
  assert.equal(api.data!.peers, 'ingress-nginx (out of scope)');
  const settle = run.evidence.find((e) => e.object.name === 'settlement')!;
  assert.equal(settle.data!.peers, 'nothing (deny all)');
  const worker = run.evidence.find((e) => e.object.name === 'worker')!;
  assert.match(worker.data!.why as string, /empty namespaceSelector/);
  assert.equal((worker.observed as Record<string, unknown>).policy, 'allow-metrics-scrape');
});

test('network-segmentation egress (pci): DNS to kube-system only', () => {
  const run = runCheck(check, { scope: 'pci', direction: 'egress' }, estate);
  assert.deepEqual(outcomes(run, 'fail'), []);
  assert.equal(run.evidence.length, 3);
  for (const e of run.evidence) assert.equal(e.data!.peers, 'kube-system (out of scope)');
});

test('network-segmentation: egress-only policy without policyTypes isolates ingress; ipBlock 0.0.0.0/0 is open; hostNetwork cannot be isolated', () => {
  const config = { scope: { ops: ['monitoring'] }, controls: {}, images: {} };
  const ingress = runCheck(check, { scope: 'ops', direction: 'ingress' }, estate, config);
  assert.deepEqual(outcomes(ingress, 'pass'), [labels('StatefulSet', 'monitoring', 'prometheus')]);
  assert.deepEqual(outcomes(ingress, 'fail'), ['DaemonSet/monitoring/node-exporter /spec/template/spec/hostNetwork']);
  const egress = runCheck(check, { scope: 'ops', direction: 'egress' }, estate.replace('hostNetwork: true', 'hostNetwork: false'), config);
  assert.deepEqual(outcomes(egress, 'fail'), [labels('DaemonSet', 'monitoring', 'node-exporter')]);
  assert.match(egress.evidence.find((e) => e.outcome === 'fail')!.data!.why as string, /ipBlock 0\.0\.0\.0\/0/);
  const prom = egress.evidence.find((e) => e.object.name === 'prometheus')!;
  assert.equal(prom.data!.peers, 'payments (out of scope)');
});

test('network-segmentation: a namespace with no policy is not isolated', () => {
  const run = runCheck(check, { scope: 'pci', direction: 'ingress' }, estate.replace(/- apiVersion: networking.k8s.io\/v1\n  kind: NetworkPolicy\n  metadata: \{name: (default-deny-all|allow-from-ingress-nginx|allow-metrics-scrape), namespace: payments\}[\s\S]*?(?=- apiVersion)/g, ''));
  assert.deepEqual(outcomes(run, 'fail').length, 3);
  assert.deepEqual([...new Set(run.evidence.map((e) => e.messageId))], ['notIsolated']);
});

test('network-segmentation: nothing in scope is not applicable', () => {
  const run = runCheck(check, { scope: 'pci', direction: 'ingress' }, `
apiVersion: v1
kind: Namespace
metadata: {name: payments, labels: {compliance.kubeproof.io/scope: pci}}
---
apiVersion: v1
kind: Pod
metadata: {name: p, namespace: web}
spec: {containers: [{name: c, image: x}]}
`);
  assert.equal(run.evidence.length, 0);
  assert.match(run.notApplicable!, /no workload runs/);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import check from '../../src/checks/network-policy-coverage.js';
import { fixture, outcomes, runCheck } from '../support/harness.js';

const estate = fixture('checks', 'network', 'estate.yaml');

test('network-policy-coverage per namespace: namespaces with workloads and no policy fail', () => {
  const run = runCheck(check, { per: 'namespace' }, estate);
  assert.deepEqual(outcomes(run, 'fail'), ['Namespace/default ']);
  assert.deepEqual(outcomes(run, 'pass'), ['Namespace/monitoring ', 'Namespace/payments ', 'Namespace/web ']);
  const mon = run.evidence.find((e) => e.object.name === 'monitoring')!;
  assert.deepEqual(mon.observed, { networkPolicies: ['exporter-egress-anywhere', 'prometheus-egress'], workloads: 2, unselected: [] });
});

test('network-policy-coverage per workload: empty podSelector selects all; hostNetwork pods are out of reach; unselected pods listed', () => {
  const run = runCheck(check, { per: 'workload' }, estate);
  assert.deepEqual(outcomes(run, 'fail'), ['DaemonSet/monitoring/node-exporter /spec/template/spec/hostNetwork', 'Pod/default/debug /metadata/labels']);
  assert.deepEqual(outcomes(run, 'pass'), [
    'CronJob/payments/settlement /spec/jobTemplate/spec/template/metadata/labels',
    'Deployment/payments/api /spec/template/metadata/labels',
    'Deployment/payments/worker /spec/template/metadata/labels',
    'Deployment/web/frontend /spec/template/metadata/labels',
    'StatefulSet/monitoring/prometheus /spec/template/metadata/labels',
  ]);
  const prom = run.evidence.find((e) => e.object.name === 'prometheus')!;
  assert.equal(prom.data!.types, 'Egress and Ingress', 'an egress policy without policyTypes isolates ingress too');
  const web = run.evidence.find((e) => e.object.name === 'frontend')!;
  assert.equal(web.data!.types, 'Ingress', 'no egress rules: the API defaults policyTypes to Ingress only');
});

test('network-policy-coverage: a namespace with no Namespace object is still reported', () => {
  const run = runCheck(check, { per: 'namespace' }, `
apiVersion: v1
kind: Pod
metadata: {name: p, namespace: orphan}
spec: {containers: [{name: c, image: x}]}
`);
  assert.deepEqual(run.evidence.map((e) => [e.outcome, e.object]), [['fail', { apiVersion: 'v1', kind: 'Namespace', name: 'orphan' }]]);
});

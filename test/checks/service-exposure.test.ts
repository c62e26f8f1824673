import { test } from 'node:test';
import assert from 'node:assert/strict';
import check from '../../src/checks/service-exposure.js';
import { outcomes, runCheck } from '../support/harness.js';

const services = `
apiVersion: v1
kind: List
items:
- apiVersion: v1
  kind: Service
  metadata: {name: api, namespace: payments}
  spec: {type: ClusterIP, clusterIP: 10.96.12.4, selector: {app: api}, ports: [{name: http, port: 80, targetPort: http, protocol: TCP}]}
- apiVersion: v1
  kind: Service
  metadata: {name: api-headless, namespace: payments}
  spec: {clusterIP: None, selector: {app: api}, ports: [{port: 8080}]}
- apiVersion: v1
  kind: Service
  metadata: {name: api-public, namespace: payments}
  spec:
    type: LoadBalancer
    selector: {app: api}
    loadBalancerSourceRanges: [203.0.113.0/24]
    ports: [{port: 443, targetPort: 8443, nodePort: 31443, protocol: TCP}]
- apiVersion: v1
  kind: Service
  metadata:
    name: api-internal
    namespace: payments
    annotations: {service.beta.kubernetes.io/aws-load-balancer-scheme: internal}
  spec: {type: LoadBalancer, selector: {app: api}, ports: [{port: 443}]}
- apiVersion: v1
  kind: Service
  metadata: {name: debug, namespace: payments}
  spec: {type: NodePort, selector: {app: api}, ports: [{port: 8080, nodePort: 30080}]}
- apiVersion: v1
  kind: Service
  metadata: {name: legacy, namespace: web}
  spec: {type: ClusterIP, externalIPs: [198.51.100.7], ports: [{port: 80}]}
`;

test('service-exposure: LoadBalancer, NodePort and externalIPs fail; ClusterIP and headless pass', () => {
  const run = runCheck(check, {}, services);
  assert.deepEqual(outcomes(run, 'fail'), [
    'Service/payments/api-internal /spec/type',
    'Service/payments/api-public /spec/type',
    'Service/payments/debug /spec/type',
    'Service/web/legacy /spec/externalIPs',
  ]);
  assert.deepEqual(outcomes(run, 'pass'), ['Service/payments/api /spec/type', 'Service/payments/api-headless /spec/type']);
  const pub = run.evidence.find((e) => e.object.name === 'api-public')!;
  assert.equal(pub.data!.detail, ' limited to 203.0.113.0/24');
  assert.equal(pub.data!.ports, '443:31443/TCP');
  assert.match(String(run.evidence.find((e) => e.object.name === 'api-internal')!.data!.detail), /internal/);
});

test('service-exposure: allowInternalLoadBalancers accepts a load balancer a cloud annotation makes internal', () => {
  const run = runCheck(check, { allowInternalLoadBalancers: true }, services);
  assert.ok(outcomes(run, 'pass').includes('Service/payments/api-internal /spec/type'));
  assert.ok(outcomes(run, 'fail').includes('Service/payments/api-public /spec/type'));
});

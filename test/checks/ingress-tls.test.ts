import { test } from 'node:test';
import assert from 'node:assert/strict';
import check from '../../src/checks/ingress-tls.js';
import { outcomes, runCheck } from '../support/harness.js';

const ingresses = `
apiVersion: v1
kind: List
items:
- apiVersion: networking.k8s.io/v1
  kind: Ingress
  metadata: {name: checkout, namespace: payments, annotations: {cert-manager.io/cluster-issuer: letsencrypt}}
  spec:
    ingressClassName: nginx
    tls: [{hosts: [pay.example.com, "*.api.example.com"], secretName: checkout-tls}]
    rules:
    - host: pay.example.com
      http: {paths: [{path: /, pathType: Prefix, backend: {service: {name: api, port: {name: http}}}}]}
    - host: v2.api.example.com
      http: {paths: [{path: /, pathType: Prefix, backend: {service: {name: api, port: {number: 80}}}}]}
    - host: deep.v2.api.example.com
      http: {paths: [{path: /, pathType: Prefix, backend: {service: {name: api, port: {number: 80}}}}]}
    - host: admin.example.com
      http: {paths: [{path: /, pathType: Prefix, backend: {service: {name: admin, port: {number: 80}}}}]}
- apiVersion: networking.k8s.io/v1
  kind: Ingress
  metadata: {name: blog, namespace: web}
  spec:
    rules:
    - host: blog.example.com
      http: {paths: [{path: /, pathType: Prefix, backend: {service: {name: blog, port: {number: 80}}}}]}
- apiVersion: networking.k8s.io/v1
  kind: Ingress
  metadata: {name: default-cert, namespace: web}
  spec:
    tls: [{hosts: [shop.example.com]}]
    rules: [{host: shop.example.com, http: {paths: [{path: /, pathType: Prefix, backend: {service: {name: shop, port: {number: 80}}}}]}}]
`;

test('ingress-tls: hosts covered exactly or by a one-label wildcard pass; others, and no tls at all, fail', () => {
  const run = runCheck(check, {}, ingresses);
  assert.deepEqual(outcomes(run, 'fail'), [
    'Ingress/payments/checkout /spec/rules/2/host',
    'Ingress/payments/checkout /spec/rules/3/host',
    'Ingress/web/blog /spec/tls',
    'Ingress/web/default-cert /spec/tls/0',
  ]);
  assert.deepEqual(outcomes(run, 'pass'), [
    'Ingress/payments/checkout /spec/rules/0/host',
    'Ingress/payments/checkout /spec/rules/1/host',
    'Ingress/web/default-cert /spec/rules/0/host',
  ]);
});

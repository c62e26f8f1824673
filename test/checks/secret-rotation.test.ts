import { test } from 'node:test';
import assert from 'node:assert/strict';
import check from '../../src/checks/secret-rotation.js';
import { outcomes, runCheck } from '../support/harness.js';

// The harness snapshot is collected at 2026-11-01T00:00:00Z.
const secret = (name: string, type: string, created: string, extra = '') => `---
apiVersion: v1
kind: Secret
metadata: {name: ${name}, namespace: shop, creationTimestamp: "${created}"${extra}}
type: ${type}
`;

const yaml =
  secret('old-db', 'Opaque', '2026-07-01T00:00:00Z') +
  secret('new-db', 'Opaque', '2026-10-01T00:00:00Z') +
  secret('old-registry', 'kubernetes.io/dockerconfigjson', '2025-01-01T00:00:00Z') +
  secret('old-tls', 'kubernetes.io/tls', '2025-01-01T00:00:00Z') +
  secret('eso', 'Opaque', '2024-01-01T00:00:00Z', ', ownerReferences: [{apiVersion: external-secrets.io/v1beta1, kind: ExternalSecret, name: eso, uid: 1, controller: true}]') +
  `---
apiVersion: v1
kind: Secret
metadata: {name: undated, namespace: shop}
type: Opaque
`;

test('secret-rotation: older than 90 days fails; TLS and externally managed are left to their managers', () => {
  const run = runCheck(check, {}, yaml);
  assert.deepEqual(outcomes(run, 'fail'), ['Secret/shop/old-db /metadata/creationTimestamp', 'Secret/shop/old-registry /metadata/creationTimestamp', 'Secret/shop/undated /metadata/creationTimestamp']);
  assert.deepEqual(outcomes(run, 'pass'), ['Secret/shop/new-db /metadata/creationTimestamp']);
  const old = run.evidence.find((e) => e.object.name === 'old-db')!;
  assert.equal(old.data!.age, 123);
});

test('secret-rotation: the period is an option', () => {
  const run = runCheck(check, { maxAgeDays: 200 }, yaml);
  assert.ok(outcomes(run, 'pass').includes('Secret/shop/old-db /metadata/creationTimestamp'));
});

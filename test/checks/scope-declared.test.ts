import { test } from 'node:test';
import assert from 'node:assert/strict';
import check from '../../src/checks/scope-declared.js';
import { outcomes, runCheck } from '../support/harness.js';

const estate = `
apiVersion: v1
kind: List
items:
- {apiVersion: v1, kind: Namespace, metadata: {name: payments, labels: {compliance.kubeproof.io/scope: "pci,hipaa"}}}
- {apiVersion: v1, kind: Namespace, metadata: {name: web}}
`;
const label = '/metadata/labels/compliance.kubeproof.io~1scope';

test('scope-declared: labelled and configured namespaces pass, listed with how they were declared', () => {
  const run = runCheck(check, { scope: 'pci', what: 'the cardholder-data environment' }, estate, { scope: { pci: ['web'] }, controls: {}, images: {} });
  assert.deepEqual(outcomes(run, 'pass'), [`Namespace/payments ${label}`, `Namespace/web ${label}`]);
  assert.deepEqual(run.evidence.map((e) => e.data!.how), ['label compliance.kubeproof.io/scope=pci,hipaa', 'configuration scope.pci']);
});

test('scope-declared: an undeclared scope fails on every namespace the audit had to assume', () => {
  const run = runCheck(check, { scope: 'pci', what: 'the cardholder-data environment' }, estate.replace('"pci,hipaa"', 'hipaa'));
  assert.deepEqual(outcomes(run, 'fail'), [`Namespace/payments ${label}`, `Namespace/web ${label}`]);
});

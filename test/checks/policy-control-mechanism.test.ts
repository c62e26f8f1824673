import { test } from 'node:test';
import assert from 'node:assert/strict';
import check from '../../src/checks/policy-control-mechanism.js';
import { fixture, outcomes, runCheck } from '../support/harness.js';

const estate = fixture('checks', 'admission', 'estate.yaml');
const label = '/metadata/labels/pod-security.kubernetes.io~1enforce';

test('policy-control-mechanism: PSA enforce, Kyverno Enforce (with exclusions), a VAP bound with Deny; privileged and warn-only are not controls', () => {
  const run = runCheck(check, {}, estate);
  assert.deepEqual(outcomes(run, 'fail'), [`Namespace/kube-system ${label}`, `Namespace/monitoring ${label}`]);
  assert.deepEqual(outcomes(run, 'pass'), [`Namespace/batch ${label}`, `Namespace/payments ${label}`, `Namespace/web ${label}`]);
  const by = Object.fromEntries(run.evidence.map((e) => [e.object.name, e]));
  assert.equal(by.payments!.messageId, 'psa');
  assert.equal(by.web!.data!.mechanism, 'Kyverno', 'web only warns, but the Enforce ClusterPolicy covers it');
  assert.equal(by.batch!.data!.mechanism, 'Kyverno');
  assert.match(String(by.monitoring!.data!.psa), /privileged/);
});

test('policy-control-mechanism: a ValidatingAdmissionPolicy bound with Deny to a namespace selector', () => {
  const run = runCheck(check, {}, estate.replace('validationFailureAction: Enforce\n    background: true', 'validationFailureAction: Audit\n    background: true'));
  const by = Object.fromEntries(run.evidence.map((e) => [e.object.name, e]));
  assert.equal(by.batch!.data!.mechanism, 'ValidatingAdmissionPolicy');
  assert.equal(by.web!.outcome, 'fail');
  assert.match(String(by.web!.data!.psa), /only warns/);
});

test('policy-control-mechanism: a Gatekeeper webhook covers namespaces that do not opt out', () => {
  const run = runCheck(check, {}, `${estate}
- apiVersion: admissionregistration.k8s.io/v1
  kind: ValidatingWebhookConfiguration
  metadata: {name: gatekeeper-validating-webhook-configuration}
  webhooks:
  - name: validation.gatekeeper.sh
    namespaceSelector: {matchExpressions: [{key: admission.gatekeeper.sh/ignore, operator: DoesNotExist}]}
    clientConfig: {service: {name: gatekeeper-webhook-service, namespace: gatekeeper-system}}
    sideEffects: None
    admissionReviewVersions: [v1]
`.replace('metadata: {name: kube-system}', 'metadata: {name: kube-system, labels: {admission.gatekeeper.sh/ignore: no-self-managing}}'));
  const by = Object.fromEntries(run.evidence.map((e) => [e.object.name, e]));
  assert.equal(by.monitoring!.data!.mechanism, 'OPA Gatekeeper');
  assert.equal(by['kube-system']!.outcome, 'fail');
});

test('policy-control-mechanism: any validating webhook on pod creation counts, and a fail-open one says so', () => {
  const run = runCheck(check, {}, `${estate}
- apiVersion: admissionregistration.k8s.io/v1
  kind: ValidatingWebhookConfiguration
  metadata: {name: policy-engine}
  webhooks:
  - name: pods.policy.example.com
    admissionReviewVersions: [v1]
    clientConfig: {url: "https://policy.example.com:8443/validate/pods"}
    failurePolicy: Ignore
    sideEffects: None
    namespaceSelector: {matchExpressions: [{key: kubernetes.io/metadata.name, operator: NotIn, values: [kube-system]}]}
    rules: [{apiGroups: [""], apiVersions: [v1], operations: [CREATE, UPDATE], resources: [pods], scope: Namespaced}]
  - name: configmaps.policy.example.com
    admissionReviewVersions: [v1]
    clientConfig: {url: "https://policy.example.com:8443/validate/cm"}
    sideEffects: None
    rules: [{apiGroups: [""], apiVersions: [v1], operations: [CREATE], resources: [configmaps]}]
`);
  const by = Object.fromEntries(run.evidence.map((e) => [e.object.name, e]));
  assert.equal(by.monitoring!.outcome, 'pass');
  assert.equal(by.monitoring!.data!.mechanism, 'the validating webhook pods.policy.example.com');
  assert.match(String(by.monitoring!.data!.detail), /failurePolicy Ignore/);
  assert.equal(by['kube-system']!.outcome, 'fail');
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import check from '../../src/checks/webhook-failure-policy.js';
import { outcomes, runCheck } from '../support/harness.js';

test('webhook-failure-policy: pod webhooks with Ignore fail; Fail and the v1 default pass; webhooks that do not see pods are not judged', () => {
  const run = runCheck(check, {}, `
apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingWebhookConfiguration
metadata: {name: policy-engine}
webhooks:
- name: pods.policy.example.com
  admissionReviewVersions: [v1]
  clientConfig: {url: "https://policy.example.com:8443/validate/pods"}
  failurePolicy: Ignore
  sideEffects: None
  rules: [{apiGroups: [""], apiVersions: [v1], operations: [CREATE, UPDATE], resources: [pods]}]
- name: all.policy.example.com
  admissionReviewVersions: [v1]
  clientConfig: {service: {name: policy, namespace: policy-system}}
  sideEffects: None
  rules: [{apiGroups: ["*"], apiVersions: ["*"], operations: ["*"], resources: ["*"]}]
- name: cm.policy.example.com
  admissionReviewVersions: [v1]
  clientConfig: {service: {name: policy, namespace: policy-system}}
  failurePolicy: Ignore
  sideEffects: None
  rules: [{apiGroups: [""], apiVersions: [v1], operations: [CREATE], resources: [configmaps]}]
`);
  assert.deepEqual(outcomes(run, 'fail'), ['ValidatingWebhookConfiguration/policy-engine /webhooks/0/failurePolicy']);
  assert.deepEqual(outcomes(run, 'pass'), ['ValidatingWebhookConfiguration/policy-engine /webhooks/1/failurePolicy']);
  assert.equal(run.evidence.find((e) => e.outcome === 'pass')!.data!.policy, 'Fail');
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import check from '../../src/checks/image-provenance-enforced.js';
import { globMatch } from '../../src/checks/provenance-helpers.js';
import { fixture, outcomes, runCheck } from '../support/harness.js';

const estate = () => fixture('checks', 'images', 'provenance', 'estate.yaml');
const policy = (name: string) => `\n---\n${fixture('checks', 'images', 'provenance', name)}`;
const run = (...policies: string[]) => runCheck(check, {}, estate() + policies.map(policy).join(''));
const byNs = (r: ReturnType<typeof run>, ns: string) => r.evidence.find((e) => e.object.name === ns)!;

test('image-provenance-enforced: no policy engine at all fails every in-scope namespace, and names the engines looked for', () => {
  const r = run();
  assert.deepEqual(outcomes(r, 'fail'), ['Namespace/pay /metadata/name', 'Namespace/records /metadata/name']);
  assert.equal(byNs(r, 'pay').messageId, 'none');
  assert.match(byNs(r, 'pay').data!.engines as string, /Kyverno.*sigstore.*Connaisseur.*Ratify.*ImagePolicyWebhook/);
  assert.ok(!r.evidence.some((e) => e.object.name === 'web'), 'web is out of scope');
  assert.equal(byNs(r, 'pay').object.uid, 'ns-pay');
});

test('image-provenance-enforced: Kyverno ClusterPolicy: an enforced rule covers, an audited one does not and is named', () => {
  const r = run('kyverno-clusterpolicy.yaml');
  assert.deepEqual(outcomes(r, 'pass'), ['Namespace/records /metadata/name']);
  assert.deepEqual(outcomes(r, 'fail'), ['Namespace/pay /metadata/name']);
  const pay = byNs(r, 'pay');
  assert.equal(pay.data!.uncovered, 'docker.io/library/nginx:1.27');
  assert.match(pay.data!.auditOnly as string, /rule verify-docker-hub, Audit/);
  const records = byNs(r, 'records');
  assert.deepEqual(records.observed, [
    {
      engine: 'Kyverno',
      policy: 'ClusterPolicy verify-image-signatures, rule verify-internal',
      pointer: '/spec/rules/0/verifyImages/0',
      mode: 'Enforce',
      matches: 'Pod in namespaces pay, records, except any kind in namespaces kube-system; images registry.example.com/*',
    },
  ]);
});

test('image-provenance-enforced: Kyverno policy-wide Enforce covers both rules', () => {
  const enforced = fixture('checks', 'images', 'provenance', 'kyverno-clusterpolicy.yaml').replace('validationFailureAction: Audit', 'validationFailureAction: Enforce');
  const r = runCheck(check, {}, `${estate()}\n---\n${enforced}`);
  assert.deepEqual(outcomes(r, 'fail'), []);
  assert.equal(outcomes(r, 'pass').length, 2);
});

test('image-provenance-enforced: Kyverno ImageValidatingPolicy with Deny covers; with Audit it does not', () => {
  assert.deepEqual(outcomes(run('kyverno-image-validating-policy.yaml'), 'fail'), []);
  const audit = fixture('checks', 'images', 'provenance', 'kyverno-image-validating-policy.yaml').replace('validationActions: [Deny]', 'validationActions: [Audit]');
  const r = runCheck(check, {}, `${estate()}\n---\n${audit}`);
  assert.equal(outcomes(r, 'fail').length, 2);
  assert.match(byNs(r, 'pay').data!.auditOnly as string, /ImageValidatingPolicy verify-cosign, Audit/);
});

test('image-provenance-enforced: sigstore ClusterImagePolicy covers only namespaces labelled policy.sigstore.dev/include', () => {
  const r = run('sigstore-clusterimagepolicy.yaml');
  assert.deepEqual(outcomes(r, 'pass'), ['Namespace/pay /metadata/name']);
  assert.deepEqual(outcomes(r, 'fail'), ['Namespace/records /metadata/name']);
  assert.deepEqual((byNs(r, 'records').observed as { elsewhere: unknown[] }).elsewhere.length, 1);
});

test('image-provenance-enforced: a ClusterImagePolicy whose authorities only pass, or in warn mode, verifies nothing', () => {
  const staticPass = fixture('checks', 'images', 'provenance', 'sigstore-clusterimagepolicy.yaml').replace(/authorities:[\s\S]*?mode:/, 'authorities:\n  - static: {action: pass}\n  mode:');
  assert.deepEqual(outcomes(runCheck(check, {}, `${estate()}\n---\n${staticPass}`), 'pass'), []);
  const warn = fixture('checks', 'images', 'provenance', 'sigstore-clusterimagepolicy.yaml').replace('mode: enforce', 'mode: warn');
  assert.deepEqual(outcomes(runCheck(check, {}, `${estate()}\n---\n${warn}`), 'pass'), []);
});

test('image-provenance-enforced: Connaisseur covers the namespaces its webhook selects', () => {
  const r = run('connaisseur.yaml');
  assert.deepEqual(outcomes(r, 'pass'), ['Namespace/pay /metadata/name']);
  assert.deepEqual(outcomes(r, 'fail'), ['Namespace/records /metadata/name']);
  assert.match(byNs(r, 'pay').data!.policies as string, /Connaisseur MutatingWebhookConfiguration connaisseur-webhook, webhook connaisseur-svc.connaisseur.svc/);
});

test('image-provenance-enforced: Ratify through Gatekeeper covers the constraint namespaces, and only with deny', () => {
  const r = run('ratify-gatekeeper.yaml');
  assert.deepEqual(outcomes(r, 'pass'), ['Namespace/pay /metadata/name']);
  const dryrun = fixture('checks', 'images', 'provenance', 'ratify-gatekeeper.yaml').replace('enforcementAction: deny', 'enforcementAction: dryrun');
  assert.deepEqual(outcomes(runCheck(check, {}, `${estate()}\n---\n${dryrun}`), 'pass'), []);
});

test('image-provenance-enforced: the ImagePolicyWebhook admission plugin covers every namespace, pointing at the flag', () => {
  const r = run('imagepolicywebhook.yaml');
  assert.deepEqual(outcomes(r, 'fail'), []);
  const [first] = byNs(r, 'pay').observed as Array<{ pointer: string; mode: string }>;
  assert.equal(first!.pointer, '/spec/containers/0/command/3');
  assert.match(first!.mode, /admission-config\.yaml/);
});

test('image-provenance-enforced: engines combine, namespace by namespace and image by image', () => {
  const r = run('sigstore-clusterimagepolicy.yaml', 'ratify-gatekeeper.yaml', 'kyverno-clusterpolicy.yaml');
  assert.deepEqual(outcomes(r, 'fail'), []);
});

const globs: Array<[string, string, boolean, boolean]> = [
  ['registry.example.com/*', 'registry.example.com/a/b:1', true, true],
  ['registry.example.com/*', 'registry.example.com/a/b:1', false, false],
  ['registry.example.com/**', 'registry.example.com/a/b:1', false, true],
  ['ghcr.io/org/app:v?', 'ghcr.io/org/app:v1', false, true],
  ['prod-*', 'prod-eu', true, true],
  ['a.b', 'axb', true, false],
];
for (const [glob, text, cross, expected] of globs) {
  test(`glob ${glob} ${expected ? 'matches' : 'does not match'} ${text}${cross ? '' : ' (* stops at /)'}`, () => {
    assert.equal(globMatch(glob, text, cross), expected);
  });
}

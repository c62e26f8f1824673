import { test } from 'node:test';
import assert from 'node:assert/strict';
import check from '../../src/checks/mesh-mtls.js';
import { outcomes, runCheck } from '../support/harness.js';

const deploy = (ns: string, name: string, extra = '') => `
- apiVersion: apps/v1
  kind: Deployment
  metadata: {name: ${name}, namespace: ${ns}}
  spec:
    selector: {matchLabels: {app: ${name}}}
    template:
      metadata: {labels: {app: ${name}}${extra}}
      spec: {containers: [{name: app, image: registry.example.com/${name}:1.0}]}`;

const estate = `
apiVersion: v1
kind: List
items:
- {apiVersion: v1, kind: Namespace, metadata: {name: istio-system}}
- {apiVersion: v1, kind: Namespace, metadata: {name: records, labels: {istio-injection: enabled}}}
- {apiVersion: v1, kind: Namespace, metadata: {name: billing, labels: {istio.io/rev: 1-22}}}
- {apiVersion: v1, kind: Namespace, metadata: {name: plain}}
- {apiVersion: v1, kind: Namespace, metadata: {name: linked, annotations: {linkerd.io/inject: enabled}}}
- {apiVersion: v1, kind: Namespace, metadata: {name: locked, annotations: {linkerd.io/inject: enabled, config.linkerd.io/default-inbound-policy: all-authenticated}}}
- apiVersion: security.istio.io/v1
  kind: PeerAuthentication
  metadata: {name: default, namespace: istio-system}
  spec: {mtls: {mode: STRICT}}
- apiVersion: security.istio.io/v1
  kind: PeerAuthentication
  metadata: {name: legacy-port, namespace: records}
  spec:
    selector: {matchLabels: {app: legacy}}
    mtls: {mode: STRICT}
    portLevelMtls: {"8081": {mode: PERMISSIVE}}
- apiVersion: security.istio.io/v1
  kind: PeerAuthentication
  metadata: {name: default, namespace: billing}
  spec: {mtls: {mode: PERMISSIVE}}
- apiVersion: security.istio.io/v1
  kind: PeerAuthentication
  metadata: {name: invoices-strict, namespace: billing}
  spec: {selector: {matchLabels: {app: invoices}}, mtls: {mode: STRICT}}
${deploy('records', 'charts')}
${deploy('records', 'legacy')}
${deploy('records', 'opted-out', ', annotations: {sidecar.istio.io/inject: "false"}')}
${deploy('billing', 'ledger')}
${deploy('billing', 'invoices')}
${deploy('plain', 'web')}
${deploy('linked', 'reports')}
${deploy('locked', 'vault-client')}
`;

test('mesh-mtls: mesh-wide STRICT, namespace PERMISSIVE overridden by a workload STRICT, port-level exceptions, opt-outs, Linkerd policies', () => {
  const run = runCheck(check, {}, estate);
  const l = (ns: string, n: string) => `Deployment/${ns}/${n} /spec/template/metadata/labels`;
  assert.deepEqual(outcomes(run, 'pass'), [l('billing', 'invoices'), l('locked', 'vault-client'), l('records', 'charts')]);
  assert.deepEqual(outcomes(run, 'fail'), [l('billing', 'ledger'), l('linked', 'reports'), l('plain', 'web'), l('records', 'legacy'), l('records', 'opted-out')]);
  const legacy = run.evidence.find((e) => e.object.name === 'legacy')!;
  assert.match(String(legacy.data!.mode), /STRICT except port\(s\) 8081 PERMISSIVE/);
  const ledger = run.evidence.find((e) => e.object.name === 'ledger')!;
  assert.equal(ledger.data!.from, 'namespace PeerAuthentication billing/default');
});

test('mesh-mtls: without any PeerAuthentication Istio defaults to PERMISSIVE', () => {
  const run = runCheck(check, {}, `apiVersion: v1
kind: List
items:
- {apiVersion: v1, kind: Namespace, metadata: {name: records, labels: {istio-injection: enabled}}}
${deploy('records', 'charts')}
`);
  assert.equal(run.evidence[0]!.outcome, 'fail');
  assert.equal(run.evidence[0]!.data!.mode, 'PERMISSIVE');
});

test('mesh-mtls: with a scope option only the workloads of that scope are judged', () => {
  const run = runCheck(check, { scope: 'hipaa' }, estate, { scope: { hipaa: ['records'] }, controls: {}, images: {} });
  assert.deepEqual([...new Set(run.evidence.map((e) => e.object.namespace))], ['records']);
});

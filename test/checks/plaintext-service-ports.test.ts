import { test } from 'node:test';
import assert from 'node:assert/strict';
import check from '../../src/checks/plaintext-service-ports.js';
import { outcomes, runCheck } from '../support/harness.js';

const estate = `
apiVersion: v1
kind: List
items:
- {apiVersion: v1, kind: Namespace, metadata: {name: records}}
- {apiVersion: v1, kind: Namespace, metadata: {name: meshed, labels: {istio-injection: enabled}}}
- apiVersion: v1
  kind: Service
  metadata: {name: records-api, namespace: records}
  spec:
    selector: {app: records-api}
    ports:
    - {name: http, port: 80, targetPort: http, protocol: TCP}
    - {name: https, port: 443, targetPort: 8443, protocol: TCP}
    - {port: 8080, targetPort: 8080}
    - {name: grpc-api, port: 9000, appProtocol: grpc}
    - {name: tcp-db, port: 5432, appProtocol: postgresql}
    - {name: metrics, port: 9090}
- apiVersion: v1
  kind: Service
  metadata: {name: billing, namespace: meshed}
  spec: {selector: {app: billing}, ports: [{name: http, port: 80}]}
- apiVersion: v1
  kind: Service
  metadata: {name: legacy-ftp, namespace: meshed}
  spec: {selector: {app: ftp}, ports: [{port: 21}]}
- apiVersion: security.istio.io/v1
  kind: PeerAuthentication
  metadata: {name: default, namespace: istio-system}
  spec: {mtls: {mode: STRICT}}
- apiVersion: v1
  kind: Service
  metadata: {name: upstream, namespace: records}
  spec: {type: ExternalName, externalName: api.example.com}
`;

test('plaintext-service-ports: by name, appProtocol and well-known port; https and unknown protocols pass; a STRICT mesh namespace passes', () => {
  const run = runCheck(check, {}, estate);
  assert.deepEqual(outcomes(run, 'fail'), ['Service/records/records-api /spec/ports/0', 'Service/records/records-api /spec/ports/2', 'Service/records/records-api /spec/ports/3']);
  assert.deepEqual(outcomes(run, 'pass'), [
    'Service/meshed/billing /spec/ports/0',
    'Service/meshed/legacy-ftp /spec/ports/0',
    'Service/records/records-api /spec/ports/1',
    'Service/records/records-api /spec/ports/4',
    'Service/records/records-api /spec/ports/5',
  ]);
  assert.equal(run.evidence.find((e) => e.pointer === '/spec/ports/2' && e.object.name === 'records-api')!.data!.why, 'well-known port 8080');
  assert.equal(run.evidence.find((e) => e.object.name === 'legacy-ftp')!.data!.mesh, 'Istio PeerAuthentication STRICT (mesh-wide)');
});

test('plaintext-service-ports: a namespace PERMISSIVE overrides the mesh-wide STRICT', () => {
  const run = runCheck(check, {}, `${estate}
- apiVersion: security.istio.io/v1
  kind: PeerAuthentication
  metadata: {name: default, namespace: meshed}
  spec: {mtls: {mode: PERMISSIVE}}
`);
  assert.ok(outcomes(run, 'fail').includes('Service/meshed/billing /spec/ports/0'));
});

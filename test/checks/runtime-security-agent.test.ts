import { test } from 'node:test';
import assert from 'node:assert/strict';
import check from '../../src/checks/runtime-security-agent.js';
import { outcomes, runCheck } from '../support/harness.js';

const nodes = ['cp-1', 'worker-1', 'worker-2'].map((n) => `- {apiVersion: v1, kind: Node, metadata: {name: ${n}}}`).join('\n');
const ds = (image: string, status = '') => `
- apiVersion: apps/v1
  kind: DaemonSet
  metadata: {name: falco, namespace: falco}
  spec:
    selector: {matchLabels: {app: falco}}
    template:
      metadata: {labels: {app: falco}}
      spec:
        initContainers: [{name: driver-loader, image: docker.io/falcosecurity/falco-driver-loader:0.39.1}]
        containers: [{name: falco, image: ${image}}]
${status}`;
const list = (...items: string[]) => `apiVersion: v1\nkind: List\nitems:\n${nodes}${items.join('')}\n`;

test('runtime-security-agent: an agent ready on every node passes; one missing nodes fails', () => {
  const every = runCheck(check, {}, list(ds('docker.io/falcosecurity/falco:0.39.1', '  status: {desiredNumberScheduled: 3, numberReady: 3}')));
  assert.deepEqual(outcomes(every, 'pass'), ['DaemonSet/falco/falco falco /spec/template/spec/containers/0/image']);
  const some = runCheck(check, {}, list(ds('docker.io/falcosecurity/falco:0.39.1', '  status: {desiredNumberScheduled: 2, numberReady: 2}')));
  assert.deepEqual(outcomes(some, 'fail'), ['DaemonSet/falco/falco falco /status/numberReady']);
  assert.equal(some.evidence[0]!.clusterWide, true);
});

test('runtime-security-agent: none visible is not-assessed (a host-installed agent is attested)', () => {
  const run = runCheck(check, {}, list(ds('registry.k8s.io/pause:3.10')));
  assert.equal(run.evidence.length, 0);
  assert.match(run.notAssessed!, /must be attested/);
});

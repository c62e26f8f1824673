import { test } from 'node:test';
import assert from 'node:assert/strict';
import check from '../../src/checks/component-config.js';
import { outcomes, runCheck } from '../support/harness.js';

// kube-system/kubelet-config and kube-proxy as kubeadm 1.31 writes them (zero durations mean "default").
const kubeadm = (kubelet: string, proxyArgs = '[--config=/var/lib/kube-proxy/config.conf, "--hostname-override=$(NODE_NAME)"]') => `
apiVersion: v1
kind: List
items:
- apiVersion: v1
  kind: ConfigMap
  metadata: {name: kubelet-config, namespace: kube-system}
  data:
    kubelet: |
      apiVersion: kubelet.config.k8s.io/v1beta1
      kind: KubeletConfiguration
${kubelet.replace(/^/gm, '      ')}
- apiVersion: v1
  kind: ConfigMap
  metadata: {name: kube-proxy, namespace: kube-system}
  data:
    config.conf: |
      apiVersion: kubeproxy.config.k8s.io/v1alpha1
      kind: KubeProxyConfiguration
      metricsBindAddress: ""
      bindAddress: 0.0.0.0
- apiVersion: apps/v1
  kind: DaemonSet
  metadata: {name: kube-proxy, namespace: kube-system}
  spec:
    selector: {matchLabels: {k8s-app: kube-proxy}}
    template:
      metadata: {labels: {k8s-app: kube-proxy}}
      spec:
        containers:
        - name: kube-proxy
          image: registry.k8s.io/kube-proxy:v1.31.4
          command: [/usr/local/bin/kube-proxy]
          args: ${proxyArgs}
`;

const base = `authentication:
  anonymous: {enabled: false}
  webhook: {cacheTTL: 0s, enabled: true}
  x509: {clientCAFile: /etc/kubernetes/pki/ca.crt}
authorization: {mode: Webhook}
rotateCertificates: true
streamingConnectionIdleTimeout: 0s
featureGates: {RotateKubeletServerCertificate: false}
tlsCipherSuites: [TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256, TLS_RSA_WITH_AES_128_CBC_SHA]`;
const cm = 'ConfigMap/kube-system/kubelet-config /data/kubelet';

const cases: Array<{ name: string; options: Record<string, unknown>; text?: string; pass?: string[]; fail?: string[] }> = [
  { name: 'anonymous auth off', options: { component: 'kubelet', field: 'authentication.anonymous.enabled', rule: 'equals', value: 'false', default: false }, pass: [cm] },
  { name: 'anonymous auth absent: the v1beta1 default (false) applies', options: { component: 'kubelet', field: 'authentication.anonymous.enabled', rule: 'equals', value: 'false', default: false }, text: 'authorization: {mode: Webhook}', pass: [cm] },
  { name: 'authorization AlwaysAllow fails', options: { component: 'kubelet', field: 'authorization.mode', rule: 'notEquals', value: 'AlwaysAllow', default: 'Webhook' }, text: 'authorization: {mode: AlwaysAllow}', fail: [cm] },
  { name: 'a zero duration is the default (4h), not zero', options: { component: 'kubelet', field: 'streamingConnectionIdleTimeout', rule: 'notEquals', value: '0s', default: '4h0m0s' }, pass: [cm] },
  { name: 'read-only port absent is 0', options: { component: 'kubelet', field: 'readOnlyPort', rule: 'equals', value: 0, default: 0 }, pass: [cm] },
  { name: 'read-only port 10255 fails', options: { component: 'kubelet', field: 'readOnlyPort', rule: 'equals', value: 0, default: 0 }, text: 'readOnlyPort: 10255', fail: [cm] },
  { name: 'a feature gate set to false', options: { component: 'kubelet', field: 'featureGates.RotateKubeletServerCertificate', rule: 'notEquals', value: 'false', default: true }, fail: [cm] },
  { name: 'cipher suites with a CBC suite', options: { component: 'kubelet', field: 'tlsCipherSuites', rule: 'only', value: ['TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256'] }, fail: [cm] },
  { name: 'pod PIDs limit absent is -1', options: { component: 'kubelet', field: 'podPidsLimit', rule: 'min', value: 1, default: -1 }, fail: [cm] },
  { name: 'kube-proxy metrics: "" is the default 127.0.0.1:10249', options: { component: 'kube-proxy', field: 'metricsBindAddress', flag: '--metrics-bind-address', rule: 'loopback', default: '127.0.0.1:10249' }, pass: ['ConfigMap/kube-system/kube-proxy /data/config.conf'] },
];

for (const c of cases) {
  test(`component-config: ${c.name}`, () => {
    const run = runCheck(check, c.options, kubeadm(c.text ?? base));
    assert.equal(run.notAssessed, undefined);
    assert.deepEqual(outcomes(run, 'fail'), c.fail ?? []);
    assert.deepEqual(outcomes(run, 'pass'), c.pass ?? []);
    assert.equal(run.evidence[0]!.clusterWide, true);
  });
}

test('component-config: a flag on the kube-proxy DaemonSet overrides the file', () => {
  const run = runCheck(check, { component: 'kube-proxy', field: 'metricsBindAddress', flag: '--metrics-bind-address', rule: 'loopback', default: '127.0.0.1:10249' }, kubeadm(base, '[--config=/var/lib/kube-proxy/config.conf, --metrics-bind-address=0.0.0.0:10249]'));
  assert.deepEqual(outcomes(run, 'fail'), ['DaemonSet/kube-system/kube-proxy kube-proxy /spec/template/spec/containers/0/args/1']);
});

test('component-config: the evidence says where the value comes from and what it does not show', () => {
  const run = runCheck(check, { component: 'kubelet', field: 'streamingConnectionIdleTimeout', rule: 'notEquals', value: '0s', default: '4h0m0s' }, kubeadm(base));
  assert.equal(run.evidence[0]!.data!.state, 'is "0s", which the kubelet replaces with its default "4h0m0s"');
  assert.match(String(run.evidence[0]!.data!.caveat), /a node started with other flags or a local file overrides it/);
});

test('component-config: no kubeadm ConfigMap (managed node pools) is not-assessed', () => {
  const run = runCheck(check, { component: 'kubelet', field: 'readOnlyPort', rule: 'equals', value: 0, default: 0 }, 'apiVersion: v1\nkind: List\nitems: []\n');
  assert.equal(run.evidence.length, 0);
  assert.match(run.notAssessed!, /no KubeletConfiguration is visible/);
});

test("component-config: each node's collected /configz is the evidence when there is one, node by node", () => {
  const nodes = `
apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
metadata: {name: worker-1}
readOnlyPort: 0
authentication: {anonymous: {enabled: false}}
---
apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
metadata: {name: worker-2}
readOnlyPort: 10255
authentication: {anonymous: {enabled: true}}
`;
  const run = runCheck(check, { component: 'kubelet', field: 'authentication.anonymous.enabled', rule: 'equals', value: 'false' }, `${kubeadm(base)}\n---\n${nodes}`);
  assert.deepEqual(outcomes(run, 'fail'), ['KubeletConfiguration/worker-2 /authentication/anonymous/enabled']);
  assert.deepEqual(outcomes(run, 'pass'), ['KubeletConfiguration/worker-1 /authentication/anonymous/enabled']);
  assert.match(String(run.evidence[0]!.data!.source), /^node worker-\d \(its kubelet's \/configz\)$/);
});

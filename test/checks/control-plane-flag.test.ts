import { test } from 'node:test';
import assert from 'node:assert/strict';
import check from '../../src/checks/control-plane-flag.js';
import { fixture, outcomes, runCheck } from '../support/harness.js';

const kubeadm = fixture('checks', 'control-plane-flag', 'kubeadm.yaml');
const api = 'Pod/kube-system/kube-apiserver-cp-1 kube-apiserver';
const kcm = 'Pod/kube-system/kube-controller-manager-cp-1 kube-controller-manager';
const sched = 'Pod/kube-system/kube-scheduler-cp-1 kube-scheduler';
const etcd = 'Pod/kube-system/etcd-cp-1 etcd';

const cases: Array<{ name: string; options: Record<string, unknown>; fail?: string[]; pass?: string[] }> = [
  { name: 'unset flag with a default of true fails equals false', options: { component: 'kube-apiserver', flag: '--anonymous-auth', rule: 'equals', value: 'false', default: 'true' }, fail: [`${api} /spec/containers/0/command`] },
  { name: 'Go booleans: False equals false', options: { component: 'kube-apiserver', flag: '--profiling', rule: 'equals', value: 'false', default: 'true' }, pass: [`${api} /spec/containers/0/command/20`] },
  { name: 'unset passes unset', options: { component: 'kube-apiserver', flag: '--token-auth-file', rule: 'unset' }, pass: [`${api} /spec/containers/0/command`] },
  { name: '`--flag value` form is read', options: { component: 'kube-apiserver', flag: '--audit-log-path', rule: 'set' }, pass: [`${api} /spec/containers/0/command/16`] },
  { name: 'min: 7 is below 30', options: { component: 'kube-apiserver', flag: '--audit-log-maxage', rule: 'min', value: 30 }, fail: [`${api} /spec/containers/0/command/18`] },
  { name: 'min: unset is a failure', options: { component: 'kube-apiserver', flag: '--audit-log-maxsize', rule: 'min', value: 100 }, fail: [`${api} /spec/containers/0/command`] },
  { name: 'repeated list flags add up (NodeRestriction in the first)', options: { component: 'kube-apiserver', flag: '--enable-admission-plugins', rule: 'includes', value: 'NodeRestriction' }, pass: [`${api} /spec/containers/0/command/6`] },
  { name: 'repeated list flags add up (EventRateLimit in the second)', options: { component: 'kube-apiserver', flag: '--enable-admission-plugins', rule: 'includes', value: 'EventRateLimit' }, pass: [`${api} /spec/containers/0/command/6`] },
  { name: 'excludes on a comma list', options: { component: 'kube-apiserver', flag: '--authorization-mode', rule: 'excludes', value: 'AlwaysAllow', default: 'AlwaysAllow' }, pass: [`${api} /spec/containers/0/command/3`] },
  { name: 'excludes with an absent flag and no default passes', options: { component: 'kube-apiserver', flag: '--disable-admission-plugins', rule: 'excludes', value: ['ServiceAccount', 'NamespaceLifecycle'] }, pass: [`${api} /spec/containers/0/command`] },
  { name: 'several flags: each is judged', options: { component: 'kube-apiserver', flag: ['--etcd-certfile', '--etcd-keyfile'], rule: 'set' }, pass: [`${api} /spec/containers/0/command/10`, `${api} /spec/containers/0/command/11`] },
  { name: 'only: a CBC suite fails the strong-cipher list', options: { component: 'kube-apiserver', flag: '--tls-cipher-suites', rule: 'only', value: ['TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256', 'TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384'] }, fail: [`${api} /spec/containers/0/command/28`] },
  { name: 'feature gate key set to false fails', options: { component: 'kube-controller-manager', flag: '--feature-gates', key: 'RotateKubeletServerCertificate', rule: 'notEquals', value: 'false' }, fail: [`${kcm} /spec/containers/0/command/3`] },
  { name: 'bind address on the controller manager', options: { component: 'kube-controller-manager', flag: '--bind-address', rule: 'equals', value: '127.0.0.1', default: '0.0.0.0' }, pass: [`${kcm} /spec/containers/0/command/2`] },
  { name: 'flags in args are read; label-less scheduler still found by label', options: { component: 'kube-scheduler', flag: '--bind-address', rule: 'equals', value: '127.0.0.1', default: '0.0.0.0' }, fail: [`${sched} /spec/containers/0/args/0`] },
  { name: 'etcd found by the mirror annotation and command; a bare boolean flag is true', options: { component: 'etcd', flag: '--peer-auto-tls', rule: 'notEquals', value: 'true', default: 'false' }, fail: [`${etcd} /spec/containers/0/command/4`] },
  { name: 'etcd --client-cert-auth=true', options: { component: 'etcd', flag: '--client-cert-auth', rule: 'equals', value: 'true', default: 'false' }, pass: [`${etcd} /spec/containers/0/command/2`] },
];

for (const c of cases) {
  test(`control-plane-flag: ${c.name}`, () => {
    const run = runCheck(check, c.options, kubeadm);
    assert.equal(run.notAssessed, undefined);
    assert.deepEqual(outcomes(run, 'fail'), c.fail ?? []);
    assert.deepEqual(outcomes(run, 'pass'), c.pass ?? []);
    for (const e of run.evidence) assert.equal(e.clusterWide, true, 'control-plane evidence counts in every scope');
  });
}

test('control-plane-flag: a pod outside kube-system that calls itself kube-apiserver is ignored', () => {
  const run = runCheck(check, { component: 'kube-apiserver', flag: '--anonymous-auth', rule: 'equals', value: 'false', default: 'true' }, kubeadm);
  assert.ok(!run.evidence.some((e) => e.object.namespace === 'web'));
});

test('control-plane-flag: no control-plane pods (managed control plane) is not-assessed, never pass', () => {
  const run = runCheck(check, { component: 'kube-apiserver', flag: '--profiling', rule: 'equals', value: 'false', default: 'true' }, `
apiVersion: v1
kind: Pod
metadata: {name: coredns-5d78c9869d-abcde, namespace: kube-system, labels: {k8s-app: kube-dns}}
spec: {containers: [{name: coredns, image: registry.k8s.io/coredns/coredns:v1.11.1, args: [-conf, /etc/coredns/Corefile]}]}
`);
  assert.equal(run.evidence.length, 0);
  assert.equal(run.notAssessed, 'no static control-plane pods are visible (a managed control plane such as EKS, GKE or AKS, or the pods were not collected)');
});

test('control-plane-flag: an external etcd is not-assessed with its own reason', () => {
  const withoutEtcd = kubeadm.replace(/- apiVersion: v1\n  kind: Pod\n  metadata:\n    name: etcd-cp-1[\s\S]*?(?=- apiVersion)/, '');
  const run = runCheck(check, { component: 'etcd', flag: '--client-cert-auth', rule: 'equals', value: 'true', default: 'false' }, withoutEtcd);
  assert.equal(run.evidence.length, 0);
  assert.match(run.notAssessed!, /no static etcd pod is visible .*external etcd/);
});

test('control-plane-flag: --authorization-config defers the judgement to a file the API does not show', () => {
  const text = kubeadm.replace('- --authorization-mode=Node,RBAC', '- --authorization-config=/etc/kubernetes/authz.yaml');
  const run = runCheck(check, { component: 'kube-apiserver', flag: '--authorization-mode', rule: 'includes', value: 'Node', default: 'AlwaysAllow', deferTo: ['--authorization-config'] }, text);
  assert.equal(run.evidence.length, 0);
  assert.match(run.notAssessed!, /--authorization-config=\/etc\/kubernetes\/authz.yaml/);
});

test('control-plane-flag: sh -c command lines are split', () => {
  const run = runCheck(check, { component: 'kube-scheduler', flag: '--profiling', rule: 'equals', value: 'false', default: 'true' }, `
apiVersion: v1
kind: Pod
metadata: {name: kube-scheduler-m1, namespace: kube-system, labels: {tier: control-plane}}
spec:
  containers:
  - name: scheduler
    image: x
    command: [/bin/sh, -c, "exec /usr/local/bin/kube-scheduler --profiling=false --v=2"]
`);
  assert.deepEqual(outcomes(run, 'pass'), ['Pod/kube-system/kube-scheduler-m1 scheduler /spec/containers/0/command/2']);
});

test('control-plane-flag: evidence says what was found and what was expected', () => {
  const run = runCheck(check, { component: 'kube-apiserver', flag: '--anonymous-auth', rule: 'equals', value: 'false', default: 'true' }, kubeadm);
  const e = run.evidence[0]!;
  assert.equal(e.observed, null);
  assert.equal(e.expected, '--anonymous-auth set to false');
  assert.deepEqual(e.data, { component: 'kube-apiserver', pod: 'kube-apiserver-cp-1', flag: '--anonymous-auth', state: 'is not set, so the default true applies', expected: 'set to false' });
  const gate = runCheck(check, { component: 'kube-controller-manager', flag: '--feature-gates', key: 'RotateKubeletServerCertificate', rule: 'notEquals', value: 'false' }, kubeadm).evidence[0]!;
  assert.equal(gate.observed, 'RotateKubeletServerCertificate=false');
});

test('control-plane-flag: options are validated', () => {
  assert.throws(() => runCheck(check, { component: 'kube-apiserver', flag: '--profiling', rule: 'min' }, kubeadm));
  assert.throws(() => runCheck(check, { component: 'kube-proxy', flag: '--profiling', rule: 'set' }, kubeadm));
  assert.throws(() => runCheck(check, { component: 'etcd', flag: 'profiling', rule: 'set' }, kubeadm));
  assert.throws(() => runCheck(check, { component: 'etcd', flag: '--x', rule: 'set', value: 'y' }, kubeadm));
});

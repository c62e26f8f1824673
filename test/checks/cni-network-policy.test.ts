import { test } from 'node:test';
import assert from 'node:assert/strict';
import check from '../../src/checks/cni-network-policy.js';
import { outcomes, runCheck } from '../support/harness.js';

const ds = (ns: string, name: string, containers: string) => `
- apiVersion: apps/v1
  kind: DaemonSet
  metadata: {name: ${name}, namespace: ${ns}}
  spec:
    selector: {matchLabels: {k8s-app: ${name}}}
    template:
      metadata: {labels: {k8s-app: ${name}}}
      spec:
        hostNetwork: true
        initContainers: [{name: install-cni, image: docker.io/calico/cni:v3.28.1}]
        containers: ${containers}`;
const list = (...items: string[]) => `apiVersion: v1\nkind: List\nitems:${items.join('')}\n`;

const cases = [
  { name: 'Calico enforces', yaml: list(ds('calico-system', 'calico-node', '[{name: calico-node, image: docker.io/calico/node:v3.28.1}]')), pass: ['DaemonSet/calico-system/calico-node calico-node /spec/template/spec/containers/0/image'], fail: [] },
  { name: 'Flannel alone does not', yaml: list(ds('kube-flannel', 'kube-flannel-ds', '[{name: kube-flannel, image: docker.io/flannel/flannel:v0.25.5}]')), pass: [], fail: ['DaemonSet/kube-flannel/kube-flannel-ds kube-flannel /spec/template/spec/containers/0/image'] },
  {
    name: 'Flannel with Calico for policy (canal) passes',
    yaml: list(ds('kube-system', 'canal', '[{name: calico-node, image: docker.io/calico/node:v3.28.1}, {name: kube-flannel, image: quay.io/coreos/flannel:v0.15.1}]')),
    pass: ['DaemonSet/kube-system/canal calico-node /spec/template/spec/containers/0/image', 'DaemonSet/kube-system/canal kube-flannel /spec/template/spec/containers/1/image'],
    fail: [],
  },
  { name: 'Cilium from a private registry mirror', yaml: list(ds('kube-system', 'cilium', '[{name: cilium-agent, image: "mirror.example.com:5000/cilium/cilium:v1.16.1@sha256:0b4a"}]')), pass: ['DaemonSet/kube-system/cilium cilium-agent /spec/template/spec/containers/0/image'], fail: [] },
  {
    name: 'AWS VPC CNI: the policy agent counts only when enabled',
    yaml: list(ds('kube-system', 'aws-node', '[{name: aws-node, image: 602401143452.dkr.ecr.us-west-2.amazonaws.com/amazon-k8s-cni:v1.18.3}, {name: aws-network-policy-agent, image: 602401143452.dkr.ecr.us-west-2.amazonaws.com/amazon/aws-network-policies:v1.1.2, args: [--enable-network-policy=false]}]')),
    pass: [],
    fail: ['DaemonSet/kube-system/aws-node aws-node /spec/template/spec/containers/0/image'],
  },
  {
    name: 'AWS VPC CNI with network policy enabled',
    yaml: list(ds('kube-system', 'aws-node', '[{name: aws-node, image: 602401143452.dkr.ecr.us-west-2.amazonaws.com/amazon-k8s-cni:v1.18.3}, {name: aws-network-policy-agent, image: 602401143452.dkr.ecr.us-west-2.amazonaws.com/amazon/aws-network-policies:v1.1.2, args: [--enable-network-policy=true]}]')),
    pass: ['DaemonSet/kube-system/aws-node aws-network-policy-agent /spec/template/spec/containers/1/image', 'DaemonSet/kube-system/aws-node aws-node /spec/template/spec/containers/0/image'],
    fail: [],
  },
];

for (const c of cases) {
  test(`cni-network-policy: ${c.name}`, () => {
    const run = runCheck(check, {}, c.yaml);
    assert.deepEqual(outcomes(run, 'fail'), c.fail);
    assert.deepEqual(outcomes(run, 'pass'), c.pass);
    for (const e of run.evidence) assert.equal(e.clusterWide, true);
  });
}

test('cni-network-policy: no recognisable CNI is not-assessed, never pass', () => {
  const run = runCheck(check, {}, list(ds('kube-system', 'kube-proxy', '[{name: kube-proxy, image: registry.k8s.io/kube-proxy:v1.31.2}]')));
  assert.equal(run.evidence.length, 0);
  assert.match(run.notAssessed!, /no known CNI node agent/);
});

test('cni-network-policy: the main container names the agent, not an init container with the same image', () => {
  const yaml = list(ds('kube-system', 'calico-node', '[{name: calico-node, image: docker.io/calico/node:v3.28.2}]').replace('initContainers: [{name: install-cni, image: docker.io/calico/cni:v3.28.1}]', 'initContainers: [{name: mount-bpffs, image: docker.io/calico/node:v3.28.2}]'));
  const run = runCheck(check, {}, yaml);
  assert.deepEqual(outcomes(run, 'pass'), ['DaemonSet/kube-system/calico-node calico-node /spec/template/spec/containers/0/image']);
});

import { z } from 'zod';
import { namespaceRef, namespacesWithWorkloads } from '../network/policy.js';
import { refOf } from '../snapshot/types.js';
import { KYVERNO_CLUSTER_POLICY, KYVERNO_POLICY, SIGSTORE_CLUSTER_IMAGE_POLICY, kyvernoCoverage, namespaceLabels, type Coverage } from './admission-helpers.js';
import { controlPlanePods, listValues, occurrences } from './control-plane-helpers.js';
import { WORKLOAD_KINDS } from './network-helpers.js';
import { defineCheck } from './types.js';

const SIGSTORE_INCLUDE = 'policy.sigstore.dev/include';

export default defineCheck({
  id: 'image-provenance-admission',
  description:
    'Every namespace that runs workloads admits only images whose provenance is verified at admission: the ImagePolicyWebhook admission plugin, Kyverno verifyImages rules in Enforce mode, the Sigstore policy-controller (ClusterImagePolicy, namespace opted in), Connaisseur, or Ratify.',
  needs: ['Namespace', ...WORKLOAD_KINDS],
  optionalNeeds: [KYVERNO_CLUSTER_POLICY, KYVERNO_POLICY, SIGSTORE_CLUSTER_IMAGE_POLICY, 'ValidatingWebhookConfiguration', 'MutatingWebhookConfiguration'],
  options: z.strictObject({}),
  messages: {
    verified: 'Namespace {{namespace}}: image provenance is verified at admission by {{mechanism}} ({{detail}}).',
    sigstoreNotOptedIn: 'Namespace {{namespace}} is not labelled {{label}}=true, so the Sigstore policy-controller does not verify its images, and nothing else does.',
    unverified: 'Namespace {{namespace}}: no admission control verifies image signatures or provenance; any image that can be pulled is admitted.',
  },
  evaluate(ctx) {
    const index = ctx.index;
    const clusterWide: Coverage[] = [];
    for (const p of controlPlanePods(index).filter((x) => x.component === 'kube-apiserver')) {
      const occ = occurrences(p, '--enable-admission-plugins');
      if (listValues(occ).includes('ImagePolicyWebhook')) {
        clusterWide.push({ mechanism: 'the ImagePolicyWebhook admission plugin', object: p.ref, pointer: occ.at(-1)!.pointer, detail: `${p.pod.metadata.name} --enable-admission-plugins` });
      }
    }
    for (const kind of ['ValidatingWebhookConfiguration', 'MutatingWebhookConfiguration']) {
      for (const w of index.of(kind)) {
        if (/connaisseur/.test(w.metadata.name)) clusterWide.push({ mechanism: 'Connaisseur', object: refOf(w), pointer: '/webhooks', detail: `${kind} ${w.metadata.name}` });
      }
    }
    for (const d of index.of('Deployment')) {
      if (d.metadata.name === 'ratify') clusterWide.push({ mechanism: 'Ratify (with Gatekeeper)', object: refOf(d), pointer: '/spec', detail: `Deployment ${d.metadata.namespace}/ratify; its constraints are not among the collected objects` });
    }
    const sigstore = index.of(SIGSTORE_CLUSTER_IMAGE_POLICY);
    const expected = 'image signatures or attestations verified at admission for every pod of the namespace';
    for (const ns of namespacesWithWorkloads(index)) {
      const object = namespaceRef(index, ns);
      const labels = namespaceLabels(index, ns);
      const found: Coverage | undefined =
        clusterWide[0] ??
        kyvernoCoverage(index, ns, 'verifyImages')[0] ??
        (sigstore.length && labels[SIGSTORE_INCLUDE] === 'true'
          ? { mechanism: 'the Sigstore policy-controller', object, pointer: '/metadata/labels', detail: `${sigstore.length} ClusterImagePolicy object(s): ${sigstore.map((p) => p.metadata.name).join(', ')}` }
          : undefined);
      if (found) {
        ctx.report({ outcome: 'pass', messageId: 'verified', data: { namespace: ns, mechanism: found.mechanism, detail: found.detail }, object, pointer: '', observed: found.detail, expected });
      } else if (sigstore.length) {
        ctx.report({ outcome: 'fail', messageId: 'sigstoreNotOptedIn', data: { namespace: ns, label: SIGSTORE_INCLUDE }, object, pointer: '/metadata/labels', observed: labels[SIGSTORE_INCLUDE] ?? null, expected });
      } else {
        ctx.report({ outcome: 'fail', messageId: 'unverified', data: { namespace: ns }, object, pointer: '', observed: null, expected });
      }
    }
  },
});

import { z } from 'zod';
import { NO_CONTROL_PLANE_REASON, controlPlanePods, occurrences, type ControlPlanePod } from './control-plane-helpers.js';
import { defineCheck } from './types.js';

function last(p: ControlPlanePod, flag: string) {
  return occurrences(p, flag).at(-1);
}

export default defineCheck({
  id: 'etcd-distinct-ca',
  description:
    "etcd trusts its own CA: the etcd --trusted-ca-file (and --peer-trusted-ca-file) is not the file the API server uses as --client-ca-file for the rest of the cluster.",
  needs: ['Pod'],
  options: z.strictObject({}),
  messages: {
    distinct: 'etcd {{pod}} trusts {{flag}}={{etcdCa}}, a different file from the API server\'s --client-ca-file={{clusterCa}}; the API does not show the files, so an assessor should confirm they hold different certificates.',
    shared: 'etcd {{pod}} trusts {{flag}}={{etcdCa}}, the same file as the API server\'s --client-ca-file: every client certificate of the cluster is accepted by etcd.',
    unset: 'etcd {{pod}} does not set {{flag}}: it trusts no CA for client certificates of its own.',
  },
  evaluate(ctx) {
    const pods = controlPlanePods(ctx.index);
    if (pods.length === 0) return ctx.notAssessed(NO_CONTROL_PLANE_REASON);
    const etcd = pods.filter((p) => p.component === 'etcd');
    const apiservers = pods.filter((p) => p.component === 'kube-apiserver');
    if (etcd.length === 0) return ctx.notAssessed('no static etcd pod is visible in kube-system (an external etcd, or its pod was not collected): an assessor must compare the CAs on the etcd hosts');
    const clusterCas = [...new Set(apiservers.map((a) => last(a, '--client-ca-file')?.value).filter((v): v is string => !!v))];
    if (clusterCas.length === 0) return ctx.notAssessed('the API server\'s --client-ca-file is not visible, so there is nothing to compare the etcd CA with');
    const expected = 'an etcd CA file different from the cluster CA (--client-ca-file of the API server)';
    for (const p of etcd) {
      for (const flag of ['--trusted-ca-file', '--peer-trusted-ca-file']) {
        const occ = last(p, flag);
        const data = { pod: p.pod.metadata.name, flag, etcdCa: occ?.value ?? '', clusterCa: clusterCas.join(', ') };
        const base = { object: p.ref, container: p.container, expected, clusterWide: true };
        if (!occ && flag === '--peer-trusted-ca-file') continue; // peers are judged by the peer TLS controls
        if (!occ) {
          ctx.report({ ...base, outcome: 'fail', messageId: 'unset', data, pointer: `${p.containerPointer}/command`, observed: null });
        } else {
          const shared = clusterCas.includes(occ.value);
          ctx.report({ ...base, outcome: shared ? 'fail' : 'pass', messageId: shared ? 'shared' : 'distinct', data, pointer: occ.pointer, observed: occ.raw });
        }
      }
    }
  },
});

import { UsageError } from '../errors.js';
import type { Snapshot } from '../snapshot/types.js';
import type { SourceOptions } from './source.js';

/** Live collection lands with the cluster collector; until then a cluster source is refused plainly. */
export async function collectCluster(_o: SourceOptions): Promise<Snapshot> {
  throw new UsageError(
    'collecting from a live cluster is not available in this build yet: export what you want audited\n' +
      '(Secrets are not needed) with kubectl and audit the file:\n' +
      '  kubectl get -A -o yaml namespaces,pods,deployments,statefulsets,daemonsets,jobs,cronjobs,replicasets,\\\n' +
      '    services,ingresses,networkpolicies,serviceaccounts,roles,rolebindings,clusterroles,clusterrolebindings > estate.yaml\n' +
      '  npx kubeproof audit --manifests estate.yaml --out out',
  );
}

/**
 * The kinds kubeproof knows how to collect. A kind id is the plain Kind for the built-in API
 * groups and `Kind.group` for custom resources, so that two CRDs with the same Kind never clash.
 */
export interface KindInfo {
  id: string;
  group: string;
  version: string;
  kind: string;
  resource: string;
  namespaced: boolean;
  /** Custom resources: not installed on a cluster means `absent`, an empty set rather than a gap. */
  optional?: boolean;
  /** Made by kubeproof from other inputs (--vulns), never listed from a cluster. */
  synthetic?: boolean;
}

const k = (
  kind: string,
  resource: string,
  group: string,
  version: string,
  namespaced: boolean,
  optional = false,
): KindInfo => ({
  id: isBuiltInGroup(group) ? kind : `${kind}.${group}`,
  group,
  version,
  kind,
  resource,
  namespaced,
  ...(optional ? { optional } : {}),
});

export function isBuiltInGroup(group: string): boolean {
  return (
    group === '' ||
    group === 'apps' ||
    group === 'batch' ||
    group === 'policy' ||
    group === 'autoscaling' ||
    group.endsWith('.k8s.io')
  );
}

export const KNOWN_KINDS: readonly KindInfo[] = [
  k('Namespace', 'namespaces', '', 'v1', false),
  k('Node', 'nodes', '', 'v1', false),
  k('Pod', 'pods', '', 'v1', true),
  k('Service', 'services', '', 'v1', true),
  k('Endpoints', 'endpoints', '', 'v1', true),
  k('ServiceAccount', 'serviceaccounts', '', 'v1', true),
  k('ConfigMap', 'configmaps', '', 'v1', true),
  k('Secret', 'secrets', '', 'v1', true),
  k('PersistentVolume', 'persistentvolumes', '', 'v1', false),
  k('PersistentVolumeClaim', 'persistentvolumeclaims', '', 'v1', true),
  k('LimitRange', 'limitranges', '', 'v1', true),
  k('ResourceQuota', 'resourcequotas', '', 'v1', true),
  k('Deployment', 'deployments', 'apps', 'v1', true),
  k('ReplicaSet', 'replicasets', 'apps', 'v1', true),
  k('StatefulSet', 'statefulsets', 'apps', 'v1', true),
  k('DaemonSet', 'daemonsets', 'apps', 'v1', true),
  k('ReplicationController', 'replicationcontrollers', '', 'v1', true),
  k('Job', 'jobs', 'batch', 'v1', true),
  k('CronJob', 'cronjobs', 'batch', 'v1', true),
  k('Ingress', 'ingresses', 'networking.k8s.io', 'v1', true),
  k('NetworkPolicy', 'networkpolicies', 'networking.k8s.io', 'v1', true),
  k('EndpointSlice', 'endpointslices', 'discovery.k8s.io', 'v1', true),
  k('Role', 'roles', 'rbac.authorization.k8s.io', 'v1', true),
  k('ClusterRole', 'clusterroles', 'rbac.authorization.k8s.io', 'v1', false),
  k('RoleBinding', 'rolebindings', 'rbac.authorization.k8s.io', 'v1', true),
  k('ClusterRoleBinding', 'clusterrolebindings', 'rbac.authorization.k8s.io', 'v1', false),
  k('StorageClass', 'storageclasses', 'storage.k8s.io', 'v1', false),
  k('ValidatingWebhookConfiguration', 'validatingwebhookconfigurations', 'admissionregistration.k8s.io', 'v1', false),
  k('MutatingWebhookConfiguration', 'mutatingwebhookconfigurations', 'admissionregistration.k8s.io', 'v1', false),
  k('ValidatingAdmissionPolicy', 'validatingadmissionpolicies', 'admissionregistration.k8s.io', 'v1', false),
  k('ValidatingAdmissionPolicyBinding', 'validatingadmissionpolicybindings', 'admissionregistration.k8s.io', 'v1', false),
  k('CustomResourceDefinition', 'customresourcedefinitions', 'apiextensions.k8s.io', 'v1', false),
  k('PodDisruptionBudget', 'poddisruptionbudgets', 'policy', 'v1', true),
  k('VulnerabilityReport', 'vulnerabilityreports', 'aquasecurity.github.io', 'v1alpha1', true, true),
  k('ClusterPolicy', 'clusterpolicies', 'kyverno.io', 'v1', false, true),
  k('Policy', 'policies', 'kyverno.io', 'v1', true, true),
  k('ClusterImagePolicy', 'clusterimagepolicies', 'policy.sigstore.dev', 'v1beta1', false, true),
  k('PeerAuthentication', 'peerauthentications', 'security.istio.io', 'v1', true, true),
  k('ExternalSecret', 'externalsecrets', 'external-secrets.io', 'v1beta1', true, true),
  k('ImageValidatingPolicy', 'imagevalidatingpolicies', 'policies.kyverno.io', 'v1alpha1', false, true),
  k('RatifyVerification', 'ratifyverification', 'constraints.gatekeeper.sh', 'v1beta1', false, true),
  { ...k('TrivyReport', 'trivyreports', 'kubeproof.io', 'v1', false, true), synthetic: true },
  k('Schedule', 'schedules', 'velero.io', 'v1', true, true),
];

const byId = new Map(KNOWN_KINDS.map((info) => [info.id, info]));

export function kindInfo(id: string): KindInfo | undefined {
  return byId.get(id);
}

/** The kind id of an object from its apiVersion and kind, known or not. */
export function kindIdOf(apiVersion: string, kind: string): string {
  const slash = apiVersion.indexOf('/');
  const group = slash < 0 ? '' : apiVersion.slice(0, slash);
  return isBuiltInGroup(group) ? kind : `${kind}.${group}`;
}

/** Namespaced unless we know the kind to be cluster-scoped; unknown kinds follow their metadata. */
export function isNamespaced(id: string): boolean | undefined {
  return byId.get(id)?.namespaced;
}

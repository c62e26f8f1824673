import type { Check } from './types.js';
import backupSchedule from './backup-schedule.js';
import cniNetworkPolicy from './cni-network-policy.js';
import componentConfig from './component-config.js';
import controlPlaneFlag from './control-plane-flag.js';
import etcdDistinctCa from './etcd-distinct-ca.js';
import externalSecretStore from './external-secret-store.js';
import hostNamespace from './host-namespace.js';
import imageProvenanceAdmission from './image-provenance-admission.js';
import ingressTls from './ingress-tls.js';
import meshMtls from './mesh-mtls.js';
import networkPolicyCoverage from './network-policy-coverage.js';
import networkSegmentation from './network-segmentation.js';
import plaintextServicePorts from './plaintext-service-ports.js';
import policyControlMechanism from './policy-control-mechanism.js';
import privilegedContainers from './privileged-containers.js';
import rbacBoundSubjects from './rbac-bound-subjects.js';
import rbacClusterAdmin from './rbac-cluster-admin.js';
import rbacPermission from './rbac-permission.js';
import rbacWildcards from './rbac-wildcards.js';
import runtimeSecurityAgent from './runtime-security-agent.js';
import scopeDeclared from './scope-declared.js';
import serviceExposure from './service-exposure.js';
import sharedServiceAccount from './shared-service-account.js';
import webhookFailurePolicy from './webhook-failure-policy.js';

/**
 * Every built-in check, by id, in id order. A test fails when a file in src/checks/ is missing
 * here, when an id differs from its file name, or when a check has no table test.
 */
const checks: readonly Check[] = [
  backupSchedule,
  cniNetworkPolicy,
  componentConfig,
  controlPlaneFlag,
  etcdDistinctCa,
  externalSecretStore,
  hostNamespace,
  imageProvenanceAdmission,
  ingressTls,
  meshMtls,
  networkPolicyCoverage,
  networkSegmentation,
  plaintextServicePorts,
  policyControlMechanism,
  privilegedContainers,
  rbacBoundSubjects,
  rbacClusterAdmin,
  rbacPermission,
  rbacWildcards,
  runtimeSecurityAgent,
  scopeDeclared,
  serviceExposure,
  sharedServiceAccount,
  webhookFailurePolicy,
];

export const checkRegistry: ReadonlyMap<string, Check> = new Map(checks.map((c) => [c.id, c]));

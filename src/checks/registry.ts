import type { Check } from './types.js';
import addedCapabilities from './added-capabilities.js';
import allowPrivilegeEscalation from './allow-privilege-escalation.js';
import allowedRegistries from './allowed-registries.js';
import backupSchedule from './backup-schedule.js';
import capabilityNotDropped from './capability-not-dropped.js';
import cniNetworkPolicy from './cni-network-policy.js';
import componentConfig from './component-config.js';
import controlPlaneFlag from './control-plane-flag.js';
import defaultNamespace from './default-namespace.js';
import defaultServiceAccount from './default-service-account.js';
import etcdDistinctCa from './etcd-distinct-ca.js';
import externalSecretStore from './external-secret-store.js';
import hardcodedCredentials from './hardcoded-credentials.js';
import hostNamespace from './host-namespace.js';
import hostPathVolumes from './host-path-volumes.js';
import hostPorts from './host-ports.js';
import imageAge from './image-age.js';
import imageDigestDrift from './image-digest-drift.js';
import imageDigestPinned from './image-digest-pinned.js';
import imageFixableVulnerabilities from './image-fixable-vulnerabilities.js';
import imageProvenanceAdmission from './image-provenance-admission.js';
import imageProvenanceEnforced from './image-provenance-enforced.js';
import imagePullPolicy from './image-pull-policy.js';
import imageTagNotLatest from './image-tag-not-latest.js';
import imageVulnerabilityReport from './image-vulnerability-report.js';
import ingressTls from './ingress-tls.js';
import legacyTokenSecrets from './legacy-token-secrets.js';
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
import readOnlyRootFilesystem from './read-only-root-filesystem.js';
import runAsNonRoot from './run-as-non-root.js';
import runtimeSecurityAgent from './runtime-security-agent.js';
import scopeDeclared from './scope-declared.js';
import seccompProfile from './seccomp-profile.js';
import secretRotation from './secret-rotation.js';
import secretsInEnv from './secrets-in-env.js';
import securityContextApplied from './security-context-applied.js';
import serviceAccountTokenAutomount from './service-account-token-automount.js';
import serviceExposure from './service-exposure.js';
import sharedServiceAccount from './shared-service-account.js';
import unusedSecrets from './unused-secrets.js';
import webhookFailurePolicy from './webhook-failure-policy.js';
import windowsHostProcess from './windows-host-process.js';

/**
 * Every built-in check, by id, in id order. A test fails when a file in src/checks/ is missing
 * here, when an id differs from its file name, or when a check has no table test.
 */
const checks: readonly Check[] = [
  addedCapabilities,
  allowPrivilegeEscalation,
  allowedRegistries,
  backupSchedule,
  capabilityNotDropped,
  cniNetworkPolicy,
  componentConfig,
  controlPlaneFlag,
  defaultNamespace,
  defaultServiceAccount,
  etcdDistinctCa,
  externalSecretStore,
  hardcodedCredentials,
  hostNamespace,
  hostPathVolumes,
  hostPorts,
  imageAge,
  imageDigestDrift,
  imageDigestPinned,
  imageFixableVulnerabilities,
  imageProvenanceAdmission,
  imageProvenanceEnforced,
  imagePullPolicy,
  imageTagNotLatest,
  imageVulnerabilityReport,
  ingressTls,
  legacyTokenSecrets,
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
  readOnlyRootFilesystem,
  runAsNonRoot,
  runtimeSecurityAgent,
  scopeDeclared,
  seccompProfile,
  secretRotation,
  secretsInEnv,
  securityContextApplied,
  serviceAccountTokenAutomount,
  serviceExposure,
  sharedServiceAccount,
  unusedSecrets,
  webhookFailurePolicy,
  windowsHostProcess,
];

export const checkRegistry: ReadonlyMap<string, Check> = new Map(checks.map((c) => [c.id, c]));

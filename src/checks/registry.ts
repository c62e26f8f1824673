import type { Check } from './types.js';
import addedCapabilities from './added-capabilities.js';
import allowPrivilegeEscalation from './allow-privilege-escalation.js';
import capabilityNotDropped from './capability-not-dropped.js';
import defaultNamespace from './default-namespace.js';
import defaultServiceAccount from './default-service-account.js';
import hardcodedCredentials from './hardcoded-credentials.js';
import hostNamespace from './host-namespace.js';
import hostPathVolumes from './host-path-volumes.js';
import hostPorts from './host-ports.js';
import legacyTokenSecrets from './legacy-token-secrets.js';
import privilegedContainers from './privileged-containers.js';
import readOnlyRootFilesystem from './read-only-root-filesystem.js';
import runAsNonRoot from './run-as-non-root.js';
import seccompProfile from './seccomp-profile.js';
import secretRotation from './secret-rotation.js';
import secretsInEnv from './secrets-in-env.js';
import securityContextApplied from './security-context-applied.js';
import serviceAccountTokenAutomount from './service-account-token-automount.js';
import unusedSecrets from './unused-secrets.js';
import windowsHostProcess from './windows-host-process.js';

/**
 * Every built-in check, by id, in id order. A test fails when a file in src/checks/ is missing
 * here, when an id differs from its file name, or when a check has no table test.
 */
const checks: readonly Check[] = [
  addedCapabilities,
  allowPrivilegeEscalation,
  capabilityNotDropped,
  defaultNamespace,
  defaultServiceAccount,
  hardcodedCredentials,
  hostNamespace,
  hostPathVolumes,
  hostPorts,
  legacyTokenSecrets,
  privilegedContainers,
  readOnlyRootFilesystem,
  runAsNonRoot,
  seccompProfile,
  secretRotation,
  secretsInEnv,
  securityContextApplied,
  serviceAccountTokenAutomount,
  unusedSecrets,
  windowsHostProcess,
];

export const checkRegistry: ReadonlyMap<string, Check> = new Map(checks.map((c) => [c.id, c]));

import type { Check } from './types.js';
import controlPlaneFlag from './control-plane-flag.js';
import hostNamespace from './host-namespace.js';
import privilegedContainers from './privileged-containers.js';
import rbacBoundSubjects from './rbac-bound-subjects.js';
import rbacClusterAdmin from './rbac-cluster-admin.js';
import rbacPermission from './rbac-permission.js';
import rbacWildcards from './rbac-wildcards.js';

/**
 * Every built-in check, by id, in id order. A test fails when a file in src/checks/ is missing
 * here, when an id differs from its file name, or when a check has no table test.
 */
const checks: readonly Check[] = [
  controlPlaneFlag,
  hostNamespace,
  privilegedContainers,
  rbacBoundSubjects,
  rbacClusterAdmin,
  rbacPermission,
  rbacWildcards,
];

export const checkRegistry: ReadonlyMap<string, Check> = new Map(checks.map((c) => [c.id, c]));

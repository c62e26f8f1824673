import type { SnapshotIndex } from '../snapshot/index.js';
import { secretsInventory, type SecretsInventory } from '../inventory/secrets.js';

/** The secrets inventory of an index, built once and shared by the checks that read it. */
export function secretsOf(index: SnapshotIndex, asOf: string): SecretsInventory {
  return index.memo(`secrets@${asOf}`, () => secretsInventory(index, asOf));
}

export const SA_TOKEN_TYPE = 'kubernetes.io/service-account-token';

/** Types whose value is a credential a person or system chose and should rotate. */
export const ROTATABLE_TYPES = new Set(['Opaque', 'kubernetes.io/basic-auth', 'kubernetes.io/ssh-auth', 'kubernetes.io/dockerconfigjson', 'kubernetes.io/dockercfg']);

export const SECRET_NEEDS = ['Secret', 'ServiceAccount', 'Ingress', 'Pod', 'Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob'] as const;

/** The kinds whose pod templates make up the workloads (SnapshotIndex.workloads()). */
export const WORKLOAD_KINDS = ['Pod', 'Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob'] as const;

/** Shapes of the snapshot: what collection writes and evaluation reads. */

export const SNAPSHOT_SCHEMA_VERSION = 'kubeproof.io/snapshot/v1';

export interface ObjectMeta {
  name: string;
  namespace?: string;
  uid?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: OwnerReference[];
  creationTimestamp?: string;
  [key: string]: unknown;
}

export interface OwnerReference {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller?: boolean;
}

export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
  [key: string]: unknown;
}

export type CoverageStatus = 'collected' | 'forbidden' | 'absent' | 'error';

export interface CoverageEntry {
  kind: string;
  status: CoverageStatus;
  count: number;
  message?: string;
}

/** Where an object was read from, for manifests: file, document line, and lines of its fields. */
export interface SourceLocation {
  file: string;
  line: number;
  /** Helm's `# Source:` template path when the manifest was rendered by Helm. */
  template?: string;
  /** JSON Pointer → line, for the fields of the object. */
  fields?: Record<string, number>;
}

export interface SnapshotSource {
  type: 'manifests' | 'cluster' | 'synthetic';
  /** Manifest paths as given, or the kubeconfig context, never credentials. */
  detail: string[];
}

export interface ClusterIdentity {
  name: string;
  server: string | null;
  version: string | null;
}

export interface Snapshot {
  schemaVersion: typeof SNAPSHOT_SCHEMA_VERSION;
  source: SnapshotSource;
  cluster: ClusterIdentity;
  collectedAt: string;
  coverage: CoverageEntry[];
  objects: K8sObject[];
  /** Keyed by objectKey(). */
  sources: Record<string, SourceLocation>;
  /** `sha256:<hex>` of the canonical JSON of every other field. */
  digest: string;
}

export interface ObjectRef {
  apiVersion: string;
  kind: string;
  namespace?: string;
  name: string;
  uid?: string;
}

export function objectKey(o: { apiVersion: string; kind: string; metadata: { namespace?: string; name: string } }): string {
  return `${o.apiVersion}/${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`;
}

export function refOf(o: K8sObject): ObjectRef {
  const ref: ObjectRef = { apiVersion: o.apiVersion, kind: o.kind, name: o.metadata.name };
  if (o.metadata.namespace !== undefined) ref.namespace = o.metadata.namespace;
  if (o.metadata.uid !== undefined) ref.uid = o.metadata.uid;
  return ref;
}

import type { Json } from '../checks/types.js';
import type { Severity } from '../catalog/schema.js';
import type { ImagesInventory } from '../inventory/images.js';
import type { SecretsInventory } from '../inventory/secrets.js';
import type { RbacInventory } from '../inventory/rbac.js';
import type { ClusterIdentity, CoverageEntry, ObjectRef, SnapshotSource } from '../snapshot/types.js';

export const RESULTS_SCHEMA_VERSION = 'kubeproof.io/results/v1';

/** `attested`: a requirement no cluster data showed, attested by an assessor whose attestation has not expired. */
export type Status = 'pass' | 'fail' | 'not-applicable' | 'not-assessed' | 'manual' | 'attested' | 'waived';
export const STATUSES: readonly Status[] = ['fail', 'not-assessed', 'waived', 'pass', 'attested', 'manual', 'not-applicable'];

export interface EvidenceRecord {
  outcome: 'pass' | 'fail' | 'waived';
  object: ObjectRef;
  container?: string;
  pointer: string;
  observed: Json;
  expected: string;
  message: string;
  /** File and line in the manifests, where the snapshot came from manifests. */
  source?: { file: string; line: number; template?: string };
  /** On failures: stable across runs and object re-creation (control, kind, namespace, name, container, field). */
  fingerprint?: string;
  /**
   * On failures whose pointer crosses a named list element other than a container (env, volumes,
   * ports...): the pointer with those positions given as `[name]`, which the fingerprint follows,
   * so reordering a list is not a new finding.
   */
  namedPath?: string;
  /** The waiver that applies (or had applied, when expired). */
  waiver?: { id: string; expired: boolean; expires: string };
  /** About the whole cluster (control plane, CNI, admission), so in every scope whatever its namespace. */
  clusterWide?: true;
}

export interface ControlResult {
  id: string;
  name: string;
  title: string;
  severity: Severity;
  status: Status;
  /** Why the status is what it is, when evidence alone does not say (not-assessed, not-applicable). */
  reason?: string;
  check: string;
  frameworks: Record<string, string[]>;
  counts: { pass: number; fail: number; waived: number };
  evidence: EvidenceRecord[];
}

export interface RequirementControl {
  id: string;
  status: Status;
  counts: { pass: number; fail: number; waived: number };
}

export interface RequirementResult {
  id: string;
  title: string;
  /** The groups above it: "5 Policies › 5.2 Pod Security Standards". */
  section: string;
  status: Status;
  reason?: string;
  severity?: Severity;
  controls: RequirementControl[];
  manual?: string;
  /** The assessor's attestation of this requirement, from the attestations file. */
  attestation?: AttestationRecord;
}

export interface AttestationRecord {
  id: string;
  statement: string;
  attestedBy: string;
  date: string;
  evidence: string;
  expires: string;
  /**
   * applied: it stands for the requirement (status attested); expired: it no longer does, and the
   * requirement falls back to what the cluster data says; superseded: cluster data already
   * passes or fails the requirement, and that takes precedence.
   */
  state: 'applied' | 'expired' | 'superseded';
}

export type StatusCounts = Record<Status, number>;

export interface FrameworkResult {
  id: string;
  title: string;
  version: string;
  scope: { tag: string; namespaces: string[]; declared: boolean; note: string };
  counts: StatusCounts;
  /** (pass + waived) / (pass + fail + waived), in percent with one decimal; null when nothing was assessed. */
  score: number | null;
  assessed: number;
  total: number;
  requirements: RequirementResult[];
}

export interface WaiverResult {
  id: string;
  control: string;
  match: Record<string, string>;
  justification: string;
  approver: string;
  expires: string;
  status: 'active' | 'expired' | 'unused';
  matched: number;
}

export interface Results {
  schemaVersion: typeof RESULTS_SCHEMA_VERSION;
  run: {
    tool: { name: 'kubeproof'; version: string };
    catalog: { digest: string; controls: number };
    snapshot: { digest: string; source: SnapshotSource; collectedAt: string };
    cluster: ClusterIdentity;
    /** The time waiver expiry and ages are judged at: the collection time unless --as-of says otherwise. */
    asOf: string;
    frameworks: string[];
  };
  coverage: CoverageEntry[];
  summary: { controls: StatusCounts; findings: Record<Severity, number> };
  frameworks: FrameworkResult[];
  controls: ControlResult[];
  waivers: WaiverResult[];
  /** Present when the kinds they are built from were collected. */
  inventories: { secrets?: SecretsInventory; images?: ImagesInventory; rbac?: RbacInventory };
}

export function emptyCounts(): StatusCounts {
  return { pass: 0, fail: 0, 'not-applicable': 0, 'not-assessed': 0, manual: 0, attested: 0, waived: 0 };
}

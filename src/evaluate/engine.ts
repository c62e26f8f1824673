import { createHash } from 'node:crypto';
import type { Catalog, Control, Framework } from '../catalog/load.js';
import { severityRank, type Severity } from '../catalog/schema.js';
import { formatMessage, type EvidenceInput } from '../checks/types.js';
import { DEFAULT_CONFIG, type Config } from '../config.js';
import { InputError } from '../errors.js';
import { TOOL_VERSION } from '../paths.js';
import { secretsOf } from '../checks/secrets-helpers.js';
import { rbacInventory } from '../inventory/rbac.js';
import { imagesOf } from '../checks/images-helpers.js';
import { SnapshotIndex } from '../snapshot/index.js';
import { escapePointerToken } from '../util/pointer.js';
import { objectKey, type ObjectRef, type Snapshot, type SourceLocation } from '../snapshot/types.js';
import { inScope, resolveScope, type Scope } from './scope.js';
import {
  RESULTS_SCHEMA_VERSION,
  emptyCounts,
  type ControlResult,
  type EvidenceRecord,
  type FrameworkResult,
  type RequirementControl,
  type RequirementResult,
  type Results,
  type Status,
  type WaiverResult,
} from './types.js';
import { waiverMatches, type Waiver } from './waivers.js';
import type { Attestation } from './attestations.js';

export interface EvaluateOptions {
  /** Framework ids to report; all loaded frameworks when absent or empty. */
  frameworks?: readonly string[];
  waivers?: readonly Waiver[];
  /** Assessors' attestations of requirements that cluster data cannot show. */
  attestations?: readonly Attestation[];
  config?: Config;
  /** ISO time that waiver expiry is judged at; the snapshot's collection time by default. */
  asOf?: string;
}

/** Pure: the same snapshot, catalogue and options give the same results, byte for byte once serialised. */
export function evaluate(snapshot: Snapshot, catalog: Catalog, options: EvaluateOptions = {}): Results {
  const config = options.config ?? DEFAULT_CONFIG;
  const frameworks = selectFrameworks(catalog, options.frameworks);
  const asOf = options.asOf ?? snapshot.collectedAt;
  const asOfMs = Date.parse(asOf);
  const index = new SnapshotIndex(snapshot);
  const waivers = options.waivers ?? [];
  const waiverUse = new Map<string, number>();

  const selectedIds = new Set(frameworks.map((f) => f.id));
  const wanted = catalog.controls.filter((c) => {
    if (config.controls[c.id]?.enabled === false) return false;
    const mapped = Object.keys(c.frameworks);
    return !options.frameworks?.length || mapped.some((f) => selectedIds.has(f));
  });

  const controls = wanted.map((c) => runControl(c, index, config, waivers, asOfMs, waiverUse));
  const byId = new Map(controls.map((r) => [r.id, r]));
  const attestations = options.attestations ?? [];
  const frameworkResults = frameworks.map((f) =>
    frameworkResult(f, byId, resolveScope(f.scope, index, config), attestations.filter((a) => a.framework === f.id), asOfMs),
  );

  const summary = { controls: emptyCounts(), findings: { critical: 0, high: 0, medium: 0, low: 0, info: 0 } as Record<Severity, number> };
  for (const c of controls) {
    summary.controls[c.status]++;
    summary.findings[c.severity] += c.counts.fail;
  }

  return {
    schemaVersion: RESULTS_SCHEMA_VERSION,
    run: {
      tool: { name: 'kubeproof', version: TOOL_VERSION },
      catalog: { digest: catalog.digest, controls: catalog.controls.length },
      snapshot: { digest: snapshot.digest, source: snapshot.source, collectedAt: snapshot.collectedAt },
      cluster: snapshot.cluster,
      asOf,
      frameworks: frameworks.map((f) => f.id),
    },
    coverage: snapshot.coverage,
    summary,
    frameworks: frameworkResults,
    controls,
    waivers: waivers.map((w): WaiverResult => ({
      id: w.id,
      control: w.control,
      match: { ...w.match } as Record<string, string>,
      justification: w.justification,
      approver: w.approver,
      expires: w.expires,
      status: w.expiresAt < asOfMs ? 'expired' : (waiverUse.get(w.id) ?? 0) > 0 ? 'active' : 'unused',
      matched: waiverUse.get(w.id) ?? 0,
    })),
    inventories: {
      ...(index.coverage('Secret')?.status === 'collected' ? { secrets: secretsOf(index, new Date(asOfMs).toISOString()) } : {}),
      ...(index.coverage('Pod')?.status === 'collected'
        ? { images: imagesOf({ index, config, asOf: new Date(asOfMs).toISOString(), scope: (tag) => resolveScope(tag, index, config) }).inventory }
        : {}),
      ...(['Role', 'ClusterRole', 'RoleBinding', 'ClusterRoleBinding'].every((k) => index.coverage(k)?.status === 'collected') ? { rbac: rbacInventory(index) } : {}),
    },
  };
}

function selectFrameworks(catalog: Catalog, ids: readonly string[] | undefined): Framework[] {
  if (!ids || ids.length === 0) return catalog.frameworks;
  return ids.map((id) => {
    const f = catalog.framework(id);
    if (!f) throw new InputError(`unknown framework ${id} (known: ${catalog.frameworks.map((x) => x.id).join(', ')})`);
    return f;
  });
}

/** Why the kinds a check reads are not all there, or undefined when they are. */
function coverageGap(c: Control, index: SnapshotIndex): string | undefined {
  const gaps: string[] = [];
  const describe = (kind: string, status: string, message?: string): string =>
    `${kind} ${status}${message ? ` (${message})` : ''}`;
  for (const kind of c.impl.needs) {
    const cov = index.coverage(kind);
    if (!cov) gaps.push(describe(kind, 'not collected'));
    else if (cov.status !== 'collected') gaps.push(describe(kind, cov.status, cov.message));
  }
  for (const kind of c.impl.optionalNeeds ?? []) {
    const cov = index.coverage(kind);
    if (!cov) gaps.push(describe(kind, 'not collected'));
    else if (cov.status === 'forbidden' || cov.status === 'error') gaps.push(describe(kind, cov.status, cov.message));
  }
  return gaps.length ? `the data this control needs is missing: ${gaps.join('; ')}` : undefined;
}

function runControl(
  control: Control,
  index: SnapshotIndex,
  config: Config,
  waivers: readonly Waiver[],
  asOfMs: number,
  waiverUse: Map<string, number>,
): ControlResult {
  const result: ControlResult = {
    id: control.id,
    name: control.name,
    title: control.title,
    severity: control.severity,
    status: 'not-applicable',
    check: control.impl.id,
    frameworks: control.frameworks,
    counts: { pass: 0, fail: 0, waived: 0 },
    evidence: [],
  };
  const gap = coverageGap(control, index);
  if (gap) {
    result.status = 'not-assessed';
    result.reason = gap;
    return result;
  }

  const reported: EvidenceInput<string>[] = [];
  let notAssessed: string | undefined;
  let notApplicable: string | undefined;
  const options = config.controls[control.id]?.options
    ? control.impl.options.parse({ ...(control.options as object), ...config.controls[control.id]!.options })
    : control.options;
  try {
    control.impl.evaluate({
      index,
      options,
      scope: (tag) => resolveScope(tag, index, config),
      config,
      asOf: new Date(asOfMs).toISOString(),
      report: (e) => reported.push(e),
      notAssessed: (reason) => {
        notAssessed ??= reason;
      },
      notApplicable: (reason) => {
        notApplicable ??= reason;
      },
    });
  } catch (err) {
    result.status = 'not-assessed';
    result.reason = `the check ${control.impl.id} failed: ${err instanceof Error ? err.message : String(err)}`;
    return result;
  }

  const mine = waivers.filter((w) => w.control === control.id);
  const hasSources = index.hasSources();
  const records = reported.map((e) => toRecord(hasSources, control, e, index, mine, asOfMs, waiverUse));
  records.sort(compareEvidence);
  for (const r of records) result.counts[r.outcome]++;
  result.evidence = records;

  if (notAssessed !== undefined) {
    result.status = 'not-assessed';
    result.reason = notAssessed;
  } else if (result.counts.fail > 0) result.status = 'fail';
  else if (result.counts.waived > 0) result.status = 'waived';
  else if (result.counts.pass > 0) result.status = 'pass';
  else {
    result.status = 'not-applicable';
    result.reason = notApplicable ?? 'nothing in the estate is subject to this control';
  }
  return result;
}

function toRecord(
  hasSources: boolean,
  control: Control,
  e: EvidenceInput<string>,
  index: SnapshotIndex,
  waivers: readonly Waiver[],
  asOfMs: number,
  waiverUse: Map<string, number>,
): EvidenceRecord {
  const template = control.impl.messages[e.messageId];
  if (template === undefined) throw new Error(`check ${control.impl.id} reported an unknown message id ${e.messageId}`);
  const record: EvidenceRecord = {
    outcome: e.outcome,
    object: e.object,
    ...(e.container !== undefined ? { container: e.container } : {}),
    pointer: e.pointer,
    observed: e.observed,
    expected: e.expected,
    message: formatMessage(template, e.data),
    ...(e.clusterWide ? { clusterWide: true as const } : {}),
  };
  // Findings are what diffs follow from run to run; passing evidence needs no fingerprint.
  if (e.outcome === 'fail') {
    const target = index.get(e.object.kind, e.object.namespace, e.object.name);
    const named = target && target.apiVersion === e.object.apiVersion ? namedPath(target, e.pointer, e.container) : undefined;
    if (named !== undefined) record.namedPath = named;
    record.fingerprint = fingerprintOf(control.id, record);
  }
  const source = hasSources ? locate(index, e.object, e.pointer) : undefined;
  if (source) record.source = source;
  if (e.outcome === 'fail') {
    const matching = waivers.filter((w) => waiverMatches(w, e.object, e.container));
    const active = matching.find((w) => w.expiresAt >= asOfMs);
    if (active) {
      record.outcome = 'waived';
      record.waiver = { id: active.id, expired: false, expires: active.expires };
      waiverUse.set(active.id, (waiverUse.get(active.id) ?? 0) + 1);
    } else if (matching[0]) {
      const expired = matching[0];
      record.waiver = { id: expired.id, expired: true, expires: expired.expires };
      record.message += ` (waiver ${expired.id} expired on ${expired.expires})`;
      waiverUse.set(expired.id, (waiverUse.get(expired.id) ?? 0) + 1);
    }
  }
  return record;
}

/**
 * Leaves out the uid (a re-created object is the same finding) and list positions (order may
 * change): the container by its name, other named list elements through `namedPath`.
 */
export function fingerprintOf(controlId: string, e: Pick<EvidenceRecord, 'object' | 'container' | 'pointer' | 'namedPath'>): string {
  const field = e.namedPath ?? containerNamed(e.pointer, e.container);
  const group = e.object.apiVersion.includes('/') ? e.object.apiVersion.split('/')[0] : '';
  const key = [controlId, group, e.object.kind, e.object.namespace ?? '', e.object.name, field].join('\u0000');
  return createHash('sha256').update(key).digest('hex').slice(0, 16);
}

function containerNamed(pointer: string, container: string | undefined): string {
  return container !== undefined ? pointer.replace(/\/(initContainers|containers|ephemeralContainers)\/\d+/, `/$1/${container}`) : pointer;
}

/**
 * The pointer with the position of each named list element (env, volumes, volumeMounts, ports,
 * RBAC subjects...) replaced by `[its identity]` (identityOf), the container as fingerprints always named it;
 * undefined when no such list is on the way (the fingerprint is then what it always was, so runs
 * of earlier versions still match).
 */
export function namedPath(object: unknown, pointer: string, container: string | undefined): string | undefined {
  const base = containerNamed(pointer, container);
  const tokens = pointer.split('/').slice(1);
  const out = base.split('/').slice(1);
  if (out.length !== tokens.length) return undefined;
  let changed = false;
  let current: unknown = object;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(current)) {
      const element: unknown = /^\d+$/.test(token) ? current[Number(token)] : undefined;
      const id = identityOf(element);
      if (out[i] === tokens[i] && id !== undefined && !CONTAINER_LISTS.has(tokens[i - 1] ?? '') && current.filter((e) => identityOf(e) === id).length === 1) {
        out[i] = `[${escapePointerToken(id)}]`;
        changed = true;
      }
      current = element;
    } else if (current !== null && typeof current === 'object') {
      current = (current as Record<string, unknown>)[token];
    } else {
      break;
    }
  }
  return changed ? `/${out.join('/')}` : undefined;
}

const CONTAINER_LISTS = new Set(['initContainers', 'containers', 'ephemeralContainers']);

/**
 * What names a list element: its name, with its kind and namespace where it has them (an RBAC
 * subject is a kind, a namespace and a name: ServiceAccount team-a/deployer and User deployer are
 * two subjects). An element whose identity is not unique in its list keeps its position.
 */
function identityOf(element: unknown): string | undefined {
  if (element === null || typeof element !== 'object') return undefined;
  const { name, kind, namespace } = element as { name?: unknown; kind?: unknown; namespace?: unknown };
  if (typeof name !== 'string') return undefined;
  return `${typeof kind === 'string' ? `${kind}:` : ''}${typeof namespace === 'string' ? `${namespace}/` : ''}${name}`;
}

function locate(index: SnapshotIndex, ref: ObjectRef, pointer: string): EvidenceRecord['source'] {
  const src: SourceLocation | undefined = index.snapshot.sources[
    objectKey({ apiVersion: ref.apiVersion, kind: ref.kind, metadata: { name: ref.name, ...(ref.namespace ? { namespace: ref.namespace } : {}) } })
  ];
  if (!src) return undefined;
  let line = src.line;
  if (src.fields) {
    for (let p = pointer; p.length > 0; p = p.slice(0, p.lastIndexOf('/'))) {
      const l = src.fields[p];
      if (l !== undefined) {
        line = l;
        break;
      }
    }
  }
  return src.template ? { file: src.file, line, template: src.template } : { file: src.file, line };
}

const OUTCOME_ORDER = { fail: 0, waived: 1, pass: 2 } as const;

function compareEvidence(a: EvidenceRecord, b: EvidenceRecord): number {
  const ka = [OUTCOME_ORDER[a.outcome], a.object.namespace ?? '', a.object.kind, a.object.name, a.container ?? '', a.pointer];
  const kb = [OUTCOME_ORDER[b.outcome], b.object.namespace ?? '', b.object.kind, b.object.name, b.container ?? '', b.pointer];
  for (let i = 0; i < ka.length; i++) {
    if (ka[i]! < kb[i]!) return -1;
    if (ka[i]! > kb[i]!) return 1;
  }
  return 0;
}

/** Precedence when several controls stand behind one requirement. */
const REQUIREMENT_PRECEDENCE: readonly Status[] = ['fail', 'not-assessed', 'waived', 'pass', 'not-applicable'];

function scopedControl(result: ControlResult, scope: Scope): RequirementControl {
  if (result.status === 'not-assessed') return { id: result.id, status: 'not-assessed', counts: { pass: 0, fail: 0, waived: 0 } };
  const counts = { pass: 0, fail: 0, waived: 0 };
  for (const e of result.evidence) if (e.clusterWide || inScope(scope, e.object)) counts[e.outcome]++;
  const status: Status = counts.fail > 0 ? 'fail' : counts.waived > 0 ? 'waived' : counts.pass > 0 ? 'pass' : 'not-applicable';
  return { id: result.id, status, counts };
}

function frameworkResult(
  f: Framework,
  controls: Map<string, ControlResult>,
  scope: Scope,
  attestations: readonly Attestation[],
  asOfMs: number,
): FrameworkResult {
  const mapped = new Map<string, ControlResult[]>();
  for (const c of controls.values()) {
    for (const req of c.frameworks[f.id] ?? []) {
      let list = mapped.get(req);
      if (!list) mapped.set(req, (list = []));
      list.push(c);
    }
  }
  const counts = emptyCounts();
  const requirements = f.leaves.map((leaf): RequirementResult => {
    const behind = (mapped.get(leaf.id) ?? []).map((c) => ({ result: c, scoped: scopedControl(c, scope) }));
    const req: RequirementResult = {
      id: leaf.id,
      title: leaf.title,
      section: leaf.path.map((p) => `${p.id} ${p.title}`).join(' › '),
      status: 'manual',
      controls: behind.map((b) => b.scoped),
    };
    if (leaf.manual) req.manual = leaf.manual;
    if (behind.length === 0) {
      req.status = 'manual';
      req.reason = 'no cluster data can show this requirement: an assessor must check and attest it';
    } else {
      req.status = REQUIREMENT_PRECEDENCE.find((s) => behind.some((b) => b.scoped.status === s)) ?? 'not-applicable';
      const failing = behind.filter((b) => b.scoped.status === 'fail').map((b) => b.result.severity);
      if (failing.length) req.severity = failing.reduce((a, b) => (severityRank[b] > severityRank[a] ? b : a));
      if (req.status === 'not-assessed') {
        req.reason = behind
          .filter((b) => b.scoped.status === 'not-assessed')
          .map((b) => `${b.result.id}: ${b.result.reason ?? 'not assessed'}`)
          .join('; ');
      } else if (req.status === 'not-applicable') {
        req.reason = `nothing in scope (${scope.note}) is subject to the controls behind this requirement`;
      }
    }
    const attestation = attestations.find((a) => a.requirement === leaf.id);
    if (attestation) applyAttestation(req, attestation, asOfMs);
    counts[req.status]++;
    return req;
  });
  const assessed = counts.pass + counts.fail + counts.waived;
  return {
    id: f.id,
    title: f.title,
    version: f.version,
    scope: { tag: scope.tag, namespaces: [...scope.namespaces].sort(), declared: scope.declared, note: scope.note },
    counts,
    score: assessed === 0 ? null : Math.round(((counts.pass + counts.waived) / assessed) * 1000) / 10,
    assessed,
    total: requirements.length,
    requirements,
  };
}

/**
 * An attestation stands for a requirement that cluster data could not show (manual, or
 * not-assessed such as a managed control plane) until it expires; then the requirement falls
 * back and says so. Where controls pass or fail the requirement, their evidence takes precedence.
 */
function applyAttestation(req: RequirementResult, a: Attestation, asOfMs: number): void {
  const { id, statement, attestedBy, date, evidence, expires } = a;
  const record = { id, statement, attestedBy, date, evidence, expires };
  if (req.status !== 'manual' && req.status !== 'not-assessed') {
    req.attestation = { ...record, state: 'superseded' };
    return;
  }
  if (a.expiresAt < asOfMs) {
    req.attestation = { ...record, state: 'expired' };
    req.reason = `attestation ${id} by ${attestedBy} expired on ${expires}; the requirement falls back to ${req.status}${req.reason ? `: ${req.reason}` : ''}`;
    return;
  }
  req.attestation = { ...record, state: 'applied' };
  req.reason = `attested by ${attestedBy} on ${date} (evidence: ${evidence}), valid until ${expires}${req.status === 'not-assessed' ? `; cluster data could not show it: ${req.reason ?? ''}` : ''}`;
  req.status = 'attested';
}


/**
 * One view model, built from results.json alone, feeds every human-readable renderer (HTML, PDF,
 * Markdown), so they say the same thing. Everything a template shows is computed here: labels,
 * counts, anchors, chart geometry, the order of rows. Templates only loop and test.
 */
import type { Severity } from '../catalog/schema.js';
import type { ControlResult, EvidenceRecord, FrameworkResult, RequirementResult, Results, Status } from '../evaluate/types.js';
import type { ObjectRef } from '../snapshot/types.js';
import { ring, stackedBar, type BarPiece, type RingPiece, type Segment } from './charts.js';
import { buildTrendView, type TrendPoint, type TrendView } from './trend.js';
import { formatDate, formatDateTime, formatInt, formatScore, kindPlural, plural, slug, valueText } from './format.js';

// ---------------------------------------------------------------------------------------------
// Inventories: other parts of kubeproof add them to results.json. Until they do, and whatever
// extra fields they carry, a missing inventory is simply an absent section.

export interface ImageInventoryItem {
  image: string;
  digest?: string;
  workloads?: Array<ObjectRef | string> | number;
  namespaces?: string[];
  vulnerabilities?: Partial<Record<Severity, number>>;
  [extra: string]: unknown;
}

export interface SecretUsageItem {
  name: string;
  namespace?: string;
  type?: string;
  usedBy?: Array<ObjectRef | string>;
  [extra: string]: unknown;
}

export interface RbacSubjectItem {
  kind: string;
  name: string;
  namespace?: string;
  /** What the subject can do, as rules or as readable sentences. */
  rules?: Array<{ verbs?: string[]; resources?: string[]; apiGroups?: string[]; namespace?: string } | string>;
  bindings?: Array<ObjectRef | string>;
  [extra: string]: unknown;
}

/** Secrets usage as the secrets inventory writes it: records with their consumers, and external stores. */
export interface SecretsInventoryView {
  secrets?: Array<{ ref: ObjectRef; type?: string | null; ageDays?: number | null; managedBy?: string | null; uses?: Array<{ by: ObjectRef; how: string; container?: string }> }>;
  externalStores?: Array<{ workload: ObjectRef; store: string; evidence: string }>;
}

export interface ReportInventories {
  images?: ImageInventoryItem[] | { items: ImageInventoryItem[] };
  secrets?: SecretUsageItem[] | SecretsInventoryView;
  rbac?: RbacSubjectItem[] | { subjects: RbacSubjectItem[] };
  [other: string]: unknown;
}

/**
 * Results as a report reads them. Inventories are read defensively, whatever shape each has: an
 * array of records, an object with an items array, or an object whose array-valued fields are
 * each a table.
 */
export type ReportInput = Omit<Results, 'inventories'> & {
  inventories?: ReportInventories | Results['inventories'] | undefined;
};

// ---------------------------------------------------------------------------------------------

export const STATUS_ORDER: readonly Status[] = ['pass', 'fail', 'waived', 'not-assessed', 'manual', 'attested', 'not-applicable'];
export const SEVERITY_ORDER: readonly Severity[] = ['critical', 'high', 'medium', 'low', 'info'];

export const STATUS_LABEL: Record<Status, string> = {
  pass: 'Pass',
  fail: 'Fail',
  waived: 'Waived',
  'not-assessed': 'Not assessed',
  manual: 'Manual',
  attested: 'Attested',
  'not-applicable': 'Not applicable',
};

/** A mark beside each status, so it reads in black and white and to the colour-blind. */
export const STATUS_MARK: Record<Status, string> = {
  pass: '✓',
  fail: '✗',
  waived: '≈',
  'not-assessed': '?',
  manual: '✎',
  attested: '✍',
  'not-applicable': '–',
};

export const STATUS_COLOR: Record<Status, string> = {
  pass: '#2e7d32',
  fail: '#c62828',
  waived: '#b26a00',
  'not-assessed': '#6a4c93',
  manual: '#4f6d8a',
  attested: '#00796b',
  'not-applicable': '#a0a4a8',
};

export const SEVERITY_LABEL: Record<Severity, string> = { critical: 'Critical', high: 'High', medium: 'Medium', low: 'Low', info: 'Info' };
export const SEVERITY_COLOR: Record<Severity, string> = {
  critical: '#8e0000',
  high: '#c62828',
  medium: '#d46b08',
  low: '#a68a00',
  info: '#607080',
};

const OUTCOME_LABEL = { pass: 'Pass', fail: 'Fail', waived: 'Waived' } as const;

export interface StatusCount {
  status: Status;
  label: string;
  mark: string;
  color: string;
  count: number;
  countText: string;
}

export interface FrameworkSummary {
  id: string;
  name: string;
  anchor: string;
  score: string;
  scored: boolean;
  assessedText: string;
  scopeNote: string;
  scopeDeclared: boolean;
  counts: StatusCount[];
  bar: BarPiece<Status>[];
  ring: RingPiece<Status>[];
}

export interface TopFailing {
  frameworkId: string;
  frameworkName: string;
  requirementId: string;
  title: string;
  severity: Severity;
  severityLabel: string;
  severityColor: string;
  controls: string;
  findings: number;
  findingsText: string;
  anchor: string;
}

export interface GapView {
  /** "RoleBindings could not be read: forbidden (403) — 12 requirements not assessed". */
  text: string;
  subject: string;
  detail: string;
  requirements: number;
  controls: string[];
}

export interface EvidenceRow {
  outcome: 'pass' | 'fail' | 'waived';
  outcomeLabel: string;
  kind: string;
  apiVersion: string;
  namespace: string;
  name: string;
  container: string;
  pointer: string;
  pointerParts: string[];
  observed: string;
  /** The observed value for narrow columns: an object as one "key: value" line per field. */
  observedLines: string;
  expected: string;
  message: string;
  source: string;
  sourceParts: string[];
  template: string;
  waiver: string;
  waiverExpired: boolean;
  fingerprint: string;
}

export interface EvidenceGroup {
  controlId: string;
  controlTitle: string;
  severity: Severity;
  severityLabel: string;
  anchor: string;
  /** Failing and waived records in the framework's scope, complete. */
  rows: EvidenceRow[];
  total: number;
  totalText: string;
  passing: number;
  passingText: string;
  /** "the 3 passing records are in findings.csv"; empty when there are none. */
  passingNote: string;
  /** Most affected namespaces, for the summary above a long table. */
  byNamespace: Array<{ namespace: string; count: number; countText: string }>;
  namespaces: string[];
}

export interface RequirementControlView {
  id: string;
  title: string;
  severity: Severity;
  severityLabel: string;
  status: Status;
  statusLabel: string;
  statusMark: string;
  countsText: string;
  /** Where its evidence table is, when it is under another requirement of this framework. */
  evidenceAt?: { requirementId: string; anchor: string };
}

export interface RequirementView {
  frameworkId: string;
  id: string;
  title: string;
  anchor: string;
  status: Status;
  statusLabel: string;
  statusMark: string;
  statusColor: string;
  severity: Severity | '';
  severityLabel: string;
  /** Severities of the failing or waived controls behind it, for the severity filter. */
  severities: Severity[];
  reason: string;
  manual: string;
  attestation: string;
  attestationAnchor: string;
  controls: RequirementControlView[];
  evidence: EvidenceGroup[];
  /** Anchors of the evidence tables shown under earlier requirements that this one also rests on. */
  evidenceElsewhere: string[];
  namespaces: string[];
}

export interface SectionView {
  title: string;
  anchor: string;
  requirements: RequirementView[];
}

export interface FrameworkView extends FrameworkSummary {
  /** Its chapter number: 2.1, 2.2, … */
  number: string;
  title: string;
  version: string;
  sections: SectionView[];
  requirementCount: number;
}

export interface CrosswalkRow {
  id: string;
  title: string;
  severity: Severity;
  severityLabel: string;
  status: Status;
  statusLabel: string;
  statusMark: string;
  cells: Array<{ frameworkId: string; requirements: string }>;
}

export interface TableView {
  key: string;
  title: string;
  anchor: string;
  note: string;
  columns: string[];
  rows: string[][];
  total: number;
  totalText: string;
}

export interface WaiverView {
  id: string;
  control: string;
  controlTitle: string;
  match: string;
  justification: string;
  approver: string;
  expires: string;
  status: 'active' | 'expired' | 'unused';
  statusLabel: string;
  expired: boolean;
  matched: string;
}

export interface AttestationView {
  frameworkId: string;
  frameworkName: string;
  anchor: string;
  items: Array<{ id: string; title: string; note: string; anchor: string; attestation: string }>;
}

export interface KeyValue {
  key: string;
  value: string;
  mono?: boolean;
}

export interface CoverageRow {
  kind: string;
  status: string;
  gap: boolean;
  count: string;
  message: string;
}

export interface TocEntry {
  number: string;
  title: string;
  anchor: string;
  level: 1 | 2;
}

export interface ReportModel {
  /** Scores and failing evidence over the last runs of this cluster; only with audit --history. */
  trend?: TrendView;
  /** Chapter numbers; inventories is empty when the results hold none. */
  chapters: { summary: string; frameworks: string; crosswalk: string; inventories: string; waivers: string; attestations: string; appendix: string };
  toc: TocEntry[];
  meta: {
    title: string;
    subtitle: string;
    cluster: string;
    server: string;
    clusterVersion: string;
    source: string;
    collectedAt: string;
    collectedDate: string;
    /** ISO time: the PDF's creation date, so two renders are byte-identical. */
    documentTime: string;
    asOf: string;
    toolVersion: string;
    frameworks: string[];
    snapshotDigest: string;
    resultsDigest: string;
    catalogDigest: string;
    confidentiality: string;
    confidentialityShort: string;
  };
  summary: {
    frameworks: FrameworkSummary[];
    topFailing: TopFailing[];
    topFailingMore: number;
    gaps: GapView[];
    findings: Array<{ severity: Severity; label: string; color: string; count: number; countText: string }>;
    findingsBar: BarPiece<Severity>[];
    controls: StatusCount[];
    statements: string[];
  };
  frameworks: FrameworkView[];
  crosswalk: { frameworks: Array<{ id: string; name: string }>; rows: CrosswalkRow[] };
  inventories: TableView[];
  waivers: WaiverView[];
  attestations: AttestationView[];
  appendix: {
    coverage: CoverageRow[];
    /** Each framework's scope, with every namespace in it. */
    scope: Array<{ framework: string; rule: string; namespaces: string }>;
    run: KeyValue[];
    hashes: KeyValue[];
    verify: Array<{ text: string; command: string }>;
  };
  filters: {
    frameworks: Array<{ value: string; label: string }>;
    statuses: Array<{ value: string; label: string }>;
    severities: Array<{ value: string; label: string }>;
    namespaces: string[];
  };
}

export interface ViewModelOptions {
  /** `sha256:<hex>` of the results.json bytes, when the caller has them. */
  resultsDigest?: string;
  /** How many failing requirements the executive summary lists. */
  topFailing?: number;
  /** Earlier runs of the same cluster and this one, oldest first (audit --history): the Trend section. */
  trend?: readonly TrendPoint[];
}

/** Namespace objects count under their own name; other cluster-scoped objects are always in scope. */
function inScope(f: FrameworkResult, o: ObjectRef, clusterWide?: boolean): boolean {
  if (clusterWide) return true;
  const ns = o.kind === 'Namespace' && o.apiVersion === 'v1' ? o.name : o.namespace;
  return ns === undefined || f.scope.namespaces.includes(ns);
}

function frameworkName(f: FrameworkResult): string {
  return /^\d{4}$/.test(f.version) ? `${f.title} (${f.version})` : `${f.title} v${f.version}`;
}

/** A path or JSON Pointer cut after each slash, so a renderer can wrap it there and nowhere else. */
export function pathParts(path: string): string[] {
  return path.split(/(?<=\/)/).filter(Boolean);
}

function statusCounts(counts: Record<Status, number>): StatusCount[] {
  return STATUS_ORDER.map((s) => ({
    status: s,
    label: STATUS_LABEL[s],
    mark: STATUS_MARK[s],
    color: STATUS_COLOR[s],
    count: counts[s] ?? 0,
    countText: formatInt(counts[s] ?? 0),
  }));
}

function segments(counts: Record<Status, number>): Segment<Status>[] {
  return STATUS_ORDER.map((s) => ({ key: s, label: STATUS_LABEL[s], count: counts[s] ?? 0, color: STATUS_COLOR[s] }));
}

export function objectLabel(o: ObjectRef): string {
  return `${o.kind} ${o.namespace ? `${o.namespace}/` : ''}${o.name}`;
}

function evidenceRow(e: EvidenceRecord): EvidenceRow {
  return {
    outcome: e.outcome,
    outcomeLabel: OUTCOME_LABEL[e.outcome],
    kind: e.object.kind,
    apiVersion: e.object.apiVersion,
    namespace: e.object.namespace ?? '',
    name: e.object.name,
    container: e.container ?? '',
    pointer: e.pointer,
    pointerParts: pathParts(e.pointer),
    observed: valueText(e.observed),
    observedLines: observedLines(e.observed),
    expected: e.expected,
    message: e.message,
    source: e.source ? `${e.source.file}:${e.source.line}` : '',
    sourceParts: e.source ? pathParts(`${e.source.file}:${e.source.line}`) : [],
    template: e.source?.template ?? '',
    waiver: e.waiver ? `${e.waiver.id} (${e.waiver.expired ? 'expired' : 'until'} ${e.waiver.expires})` : '',
    waiverExpired: e.waiver?.expired ?? false,
    fingerprint: e.fingerprint ?? '',
  };
}

function observedLines(v: unknown): string {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return valueText(v);
  return Object.entries(v as Record<string, unknown>)
    .map(([k, x]) => `${k}: ${Array.isArray(x) && x.every((i) => typeof i !== 'object') ? x.map((i) => (i === '' ? '""' : String(i))).join(', ') : valueText(x)}`)
    .join('\n');
}

function countsText(c: { pass: number; fail: number; waived: number }): string {
  const parts: string[] = [];
  if (c.fail) parts.push(`${formatInt(c.fail)} failing`);
  if (c.waived) parts.push(`${formatInt(c.waived)} waived`);
  if (c.pass) parts.push(`${formatInt(c.pass)} passing`);
  return parts.join(', ');
}

function evidenceGroup(control: ControlResult, f: FrameworkResult, anchor: string): EvidenceGroup {
  const rows: EvidenceRow[] = [];
  let passing = 0;
  const perNs = new Map<string, number>();
  for (const e of control.evidence) {
    if (!inScope(f, e.object, e.clusterWide)) continue;
    if (e.outcome === 'pass') {
      passing++;
      continue;
    }
    rows.push(evidenceRow(e));
    const ns = e.object.namespace ?? '(cluster-scoped)';
    perNs.set(ns, (perNs.get(ns) ?? 0) + 1);
  }
  const byNamespace = [...perNs.entries()]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .map(([namespace, count]) => ({ namespace, count, countText: formatInt(count) }));
  return {
    controlId: control.id,
    controlTitle: control.title,
    severity: control.severity,
    severityLabel: SEVERITY_LABEL[control.severity],
    anchor,
    rows,
    total: rows.length,
    totalText: plural(rows.length, 'failing or waived record'),
    passing,
    passingText: plural(passing, 'passing record'),
    passingNote: passing === 0 ? '' : `the ${plural(passing, 'passing record')} ${passing === 1 ? 'is' : 'are'} in findings.csv`,
    byNamespace,
    namespaces: [...perNs.keys()].filter((n) => n !== '(cluster-scoped)').sort(),
  };
}

/** An assessor's attestation as one statement: what, who, when, on what evidence, until when. */
function attestationText(a: unknown): string {
  if (a === undefined || a === null) return '';
  if (typeof a === 'string') return a;
  if (typeof a !== 'object') return cellText(a);
  const r = a as Record<string, unknown>;
  if (typeof r.statement !== 'string') return cellText(a);
  const parts = [`${r.id ? `${cellText(r.id)}: ` : ''}${r.statement}`];
  if (r.attestedBy || r.date) parts.push(`attested by ${cellText(r.attestedBy) || 'an unnamed assessor'}${r.date ? ` on ${cellText(r.date)}` : ''}`);
  if (r.evidence) parts.push(`evidence: ${cellText(r.evidence)}`);
  if (r.expires) parts.push(`${r.state === 'expired' ? 'EXPIRED on' : 'expires'} ${cellText(r.expires)}`);
  if (r.state === 'superseded') parts.push('superseded: cluster data decides this requirement');
  return parts.join(' — ');
}

/** Any value from an inventory as one cell of text. */
export function cellText(v: unknown): string {
  if (v === undefined || v === null) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return Number.isInteger(v) ? formatInt(v) : String(v);
  if (typeof v === 'boolean') return v ? 'yes' : 'no';
  if (Array.isArray(v)) return v.map(cellText).filter(Boolean).join(', ');
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if (typeof o.kind === 'string' && typeof o.name === 'string') {
      return `${o.kind} ${typeof o.namespace === 'string' ? `${o.namespace}/` : ''}${o.name}`;
    }
    if (Array.isArray(o.verbs) || Array.isArray(o.resources)) {
      const verbs = Array.isArray(o.verbs) ? o.verbs.join(',') : '*';
      const res = Array.isArray(o.resources) ? o.resources.join(',') : '*';
      return `${verbs} ${res}${typeof o.namespace === 'string' ? ` in ${o.namespace}` : ''}`;
    }
    return Object.entries(o)
      .filter(([, x]) => x !== undefined && x !== null && x !== '')
      .map(([k, x]) => `${k}: ${cellText(x)}`)
      .join('; ');
  }
  return String(v);
}

type Spec = { title: string; note: string; columns: Array<[string, (item: Record<string, unknown>) => unknown]> };

const nsName = (i: Record<string, unknown>): string => `${typeof i.namespace === 'string' ? `${i.namespace}/` : ''}${cellText(i.name)}`;

const INVENTORY_SPECS: Record<string, Spec> = {
  images: {
    title: 'Container images',
    note: 'Every image referenced by a workload in the snapshot, with the digests its pods run and the vulnerability report matched to it.',
    columns: [
      ['Image', (i) => i.image ?? i.name ?? i.ref],
      ['Digest', (i) => i.digest ?? (Array.isArray(i.runningDigests) && i.runningDigests.length ? `running ${i.runningDigests.join(', ')}` : '')],
      ['Workloads', (i) => (Array.isArray(i.workloads) ? i.workloads.length : i.workloads)],
      ['Namespaces', (i) => i.namespaces],
      ['Scope', (i) => i.scopes],
      ['Vulnerabilities', (i) => vulnerabilityText(i.vulnerabilities, i.fixable)],
      ['Age', (i) => (typeof i.imageAgeDays === 'number' ? plural(i.imageAgeDays, 'day') : '')],
    ],
  },
  secrets: {
    title: 'Secrets usage',
    note: 'Secrets by name and the workloads that mount or read them. No secret value is ever collected.',
    columns: [
      ['Secret', nsName],
      ['Type', (i) => i.type],
      ['Used by', (i) => i.usedBy ?? i.users ?? i.workloads],
    ],
  },
  'secrets.secrets': {
    title: 'Secrets usage',
    note: 'Every Secret by name, with how each workload reaches it. No secret value is ever collected.',
    columns: [
      ['Secret', (i) => (i.ref && typeof i.ref === 'object' ? nsName(i.ref as Record<string, unknown>) : nsName(i))],
      ['Type', (i) => i.type],
      ['Age', (i) => (typeof i.ageDays === 'number' ? plural(i.ageDays, 'day') : '')],
      ['Managed by', (i) => i.managedBy],
      [
        'Used by',
        (i) =>
          Array.isArray(i.uses)
            ? i.uses.length === 0
              ? 'unused'
              : i.uses.map((u: Record<string, unknown>) => `${cellText(u.by)} (${cellText(u.how)}${typeof u.container === 'string' ? `, ${u.container}` : ''})`)
            : '',
      ],
    ],
  },
  'secrets.externalStores': {
    title: 'Secrets from external stores',
    note: 'Workloads that take secrets from a store outside Kubernetes, without a Kubernetes Secret.',
    columns: [
      ['Workload', (i) => i.workload],
      ['Store', (i) => i.store],
      ['Evidence', (i) => i.evidence],
    ],
  },
  rbac: {
    title: 'RBAC subjects',
    note: 'Users, groups and service accounts, with what their bindings let them do.',
    columns: [
      ['Subject', (i) => `${cellText(i.kind)} ${nsName(i)}`],
      ['Can do', (i) => i.rules ?? i.permissions ?? i.can],
      ['Through', (i) => i.bindings ?? i.roles],
    ],
  },
};
INVENTORY_SPECS['rbac.subjects'] = INVENTORY_SPECS.rbac!;
INVENTORY_SPECS['images.items'] = INVENTORY_SPECS.images!;

const INVENTORY_ORDER = ['images', 'secrets', 'rbac'];

/** "2 critical, 5 high (3 fixable)"; "none found"; "no report" when no scan matched the image. */
function vulnerabilityText(v: unknown, fixable: unknown): string {
  if (v === undefined) return '';
  if (v === null) return 'no report';
  if (typeof v !== 'object') return cellText(v);
  const counts = Object.entries(v as Record<string, unknown>).filter(([, n]) => typeof n === 'number' && n > 0);
  if (counts.length === 0) return 'none found';
  const fix = fixable && typeof fixable === 'object' ? Object.values(fixable as Record<string, unknown>).reduce((a: number, n) => a + (typeof n === 'number' ? n : 0), 0) : 0;
  return `${counts.map(([k, n]) => `${formatInt(n as number)} ${k}`).join(', ')}${fix ? ` (${formatInt(fix)} critical or high fixable)` : ''}`;
}

/** The tables an inventory value holds: itself if an array, else each of its array-valued fields. */
function inventoryParts(key: string, value: unknown): Array<[string, unknown[]]> {
  if (Array.isArray(value)) return [[key, value]];
  if (!value || typeof value !== 'object') return [];
  return Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => Array.isArray(v))
    .map(([k, v]) => [k === 'items' ? key : `${key}.${k}`, v as unknown[]]);
}

function inventoryTables(input: ReportInput): TableView[] {
  const inv = input.inventories as Record<string, unknown> | undefined;
  if (!inv || typeof inv !== 'object') return [];
  const keys = Object.keys(inv).sort((a, b) => {
    const ia = INVENTORY_ORDER.indexOf(a) < 0 ? 99 : INVENTORY_ORDER.indexOf(a);
    const ib = INVENTORY_ORDER.indexOf(b) < 0 ? 99 : INVENTORY_ORDER.indexOf(b);
    return ia - ib || (a < b ? -1 : a > b ? 1 : 0);
  });
  const tables: TableView[] = [];
  for (const key of keys) {
    for (const [name, items] of inventoryParts(key, inv[key])) {
      if (items.length === 0) continue;
      const records: Array<Record<string, unknown>> = items.map((i: unknown) => (i && typeof i === 'object' ? (i as Record<string, unknown>) : { value: i }));
      const spec = INVENTORY_SPECS[name];
      let columns: string[];
      let rows: string[][];
      if (spec) {
        columns = spec.columns.map(([c]) => c);
        rows = records.map((r) => spec.columns.map(([, get]) => cellText(get(r))));
      } else {
        const fields: string[] = [];
        for (const r of records) for (const k of Object.keys(r)) if (!fields.includes(k)) fields.push(k);
        columns = fields;
        rows = records.map((r) => fields.map((k) => cellText(r[k])));
      }
      const words = name.split('.').pop()!.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/[-_]/g, ' ').toLowerCase();
      tables.push({
        key: name,
        title: spec?.title ?? words.replace(/^./, (c) => c.toUpperCase()),
        anchor: slug('inventory', name),
        note: spec?.note ?? '',
        columns,
        rows,
        total: rows.length,
        totalText: plural(rows.length, 'entry', 'entries'),
      });
    }
  }
  return tables;
}

/** Coverage gaps in plain words, with how many requirements each leaves not assessed. */
function coverageGaps(input: ReportInput): GapView[] {
  const gaps: GapView[] = [];
  const notAssessed = input.controls.filter((c) => c.status === 'not-assessed');
  const explained = new Set<string>();
  const requirementsOf = (controlIds: Set<string>): number => {
    let n = 0;
    for (const f of input.frameworks) {
      for (const r of f.requirements) {
        if (r.status === 'not-assessed' && r.controls.some((c) => controlIds.has(c.id) && c.status === 'not-assessed')) n++;
      }
    }
    return n;
  };
  for (const cov of input.coverage) {
    if (cov.status === 'collected') continue;
    const controls = notAssessed.filter((c) => (c.reason ?? '').includes(`${cov.kind} ${cov.status}`));
    if (cov.status === 'absent' && controls.length === 0) continue;
    for (const c of controls) explained.add(c.id);
    const n = requirementsOf(new Set(controls.map((c) => c.id)));
    const verb = cov.status === 'absent' ? 'are not served by the cluster (absent)' : `could not be read: ${cov.status}`;
    const detail = `${cov.message ? ` (${cov.message})` : ''}`;
    gaps.push({
      subject: kindPlural(cov.kind),
      detail: `${verb}${detail}`,
      text: `${kindPlural(cov.kind)} ${verb}${detail} — ${plural(n, 'requirement')} not assessed${controls.length ? ` (${controls.map((c) => c.id).join(', ')})` : ''}`,
      requirements: n,
      controls: controls.map((c) => c.id),
    });
  }
  for (const c of notAssessed) {
    if (explained.has(c.id)) continue;
    const n = requirementsOf(new Set([c.id]));
    gaps.push({
      subject: `${c.id} ${c.title}`,
      detail: c.reason ?? 'not assessed',
      text: `${c.id} (${c.title}) could not be assessed: ${c.reason ?? 'no reason given'} — ${plural(n, 'requirement')} not assessed`,
      requirements: n,
      controls: [c.id],
    });
  }
  return gaps;
}

function sourceText(input: ReportInput): string {
  const s = input.run.snapshot.source;
  switch (s.type) {
    case 'manifests': {
      const shown = s.detail.length > 4 ? [...s.detail.slice(0, 3), `and ${formatInt(s.detail.length - 3)} more`] : s.detail;
      return `manifests (${plural(s.detail.length, 'path')}: ${shown.join(', ')})`;
    }
    case 'cluster':
      return `live cluster${s.detail.length ? ` (${s.detail.join(', ')})` : ''}`;
    default:
      return `${s.type}${s.detail.length ? ` (${s.detail.join(', ')})` : ''}`;
  }
}

export function buildViewModel(input: ReportInput, options: ViewModelOptions = {}): ReportModel {
  const controlsById = new Map(input.controls.map((c) => [c.id, c]));
  const run = input.run;
  const clusterName = run.cluster.name;

  // Manual attestations, numbered per framework, so requirement rows can point at them.
  const attestations: AttestationView[] = [];
  const attestationAnchor = new Map<string, string>();
  for (const f of input.frameworks) {
    const items = f.requirements
      .filter((r) => r.status === 'manual' || r.status === 'attested' || r.attestation)
      .map((r) => {
        const anchor = slug('attest', f.id, r.id);
        attestationAnchor.set(`${f.id}\u0000${r.id}`, anchor);
        return { id: r.id, title: r.title, note: r.manual ?? r.reason ?? '', anchor, attestation: attestationText(r.attestation) };
      });
    if (items.length) attestations.push({ frameworkId: f.id, frameworkName: frameworkName(f), anchor: slug('attestations', f.id), items });
  }

  const frameworks: FrameworkView[] = input.frameworks.map((f, fi) => {
    const anchor = slug('fw', f.id);
    const evidenceShown = new Map<string, { requirementId: string; anchor: string }>();
    const sections: SectionView[] = [];
    for (const r of f.requirements) {
      let section = sections[sections.length - 1];
      if (!section || section.title !== r.section) {
        section = { title: r.section, anchor: slug('sec', f.id, r.section.split(' ')[0] ?? '', String(sections.length)), requirements: [] };
        sections.push(section);
      }
      section.requirements.push(requirementView(f, r, controlsById, evidenceShown, attestationAnchor));
    }
    return {
      ...frameworkSummary(f),
      anchor,
      number: `2.${fi + 1}`,
      title: f.title,
      version: f.version,
      sections,
      requirementCount: f.requirements.length,
    };
  });

  // Failing requirements, worst first, then in the standard's order.
  const rank: Record<Severity, number> = { critical: 0, high: 1, medium: 2, low: 3, info: 4 };
  const failing: Array<TopFailing & { order: number; rank: number }> = [];
  input.frameworks.forEach((f, fi) => {
    f.requirements.forEach((r, ri) => {
      if (r.status !== 'fail') return;
      const sev = r.severity ?? 'info';
      const findings = r.controls.filter((c) => c.status === 'fail').reduce((a, c) => a + c.counts.fail, 0);
      failing.push({
        frameworkId: f.id,
        frameworkName: frameworkName(f),
        requirementId: r.id,
        title: r.title,
        severity: sev,
        severityLabel: SEVERITY_LABEL[sev],
        severityColor: SEVERITY_COLOR[sev],
        controls: r.controls.filter((c) => c.status === 'fail').map((c) => c.id).join(', '),
        findings,
        findingsText: plural(findings, 'finding'),
        anchor: slug('req', f.id, r.id),
        order: fi * 100000 + ri,
        rank: rank[sev],
      });
    });
  });
  failing.sort((a, b) => a.rank - b.rank || b.findings - a.findings || a.order - b.order);
  const topN = options.topFailing ?? 10;
  const topFailing = failing.slice(0, topN).map(({ order: _o, rank: _r, ...t }) => t);

  const findings = SEVERITY_ORDER.map((s) => ({
    severity: s,
    label: SEVERITY_LABEL[s],
    color: SEVERITY_COLOR[s],
    count: input.summary.findings[s] ?? 0,
    countText: formatInt(input.summary.findings[s] ?? 0),
  }));

  const gaps = coverageGaps(input);
  const statements: string[] = [];
  const failingControls = input.controls.filter((c) => c.status === 'fail').length;
  const totalFindings = findings.reduce((a, f) => a + f.count, 0);
  statements.push(
    `${plural(input.controls.length, 'control')} evaluated against ${plural(input.frameworks.length, 'framework')}; ${plural(failingControls, 'control')} failing with ${plural(totalFindings, 'failing evidence record')}.`,
  );
  for (const f of input.frameworks) {
    statements.push(
      `${frameworkName(f)}: ${f.score === null ? 'no score' : `score ${formatScore(f.score)}`}, ${formatInt(f.assessed)} of ${formatInt(f.total)} requirements assessed from cluster data; ${formatInt(f.counts.manual)} need an assessor's attestation.`,
    );
  }
  if (gaps.length) statements.push(`${plural(gaps.length, 'coverage gap')}: what kubeproof could not see is reported as not assessed, never as passing.`);

  const crossFrameworks = input.frameworks.map((f) => ({ id: f.id, name: frameworkName(f) }));
  const crosswalkRows: CrosswalkRow[] = input.controls.map((c) => ({
    id: c.id,
    title: c.title,
    severity: c.severity,
    severityLabel: SEVERITY_LABEL[c.severity],
    status: c.status,
    statusLabel: STATUS_LABEL[c.status],
    statusMark: STATUS_MARK[c.status],
    cells: crossFrameworks.map((f) => ({ frameworkId: f.id, requirements: (c.frameworks[f.id] ?? []).join(', ') })),
  }));

  const waivers: WaiverView[] = input.waivers.map((w) => ({
    id: w.id,
    control: w.control,
    controlTitle: controlsById.get(w.control)?.title ?? '',
    match: Object.entries(w.match)
      .map(([k, v]) => `${k}=${v}`)
      .join(', ') || 'every object',
    justification: w.justification,
    approver: w.approver,
    expires: w.expires,
    status: w.status,
    statusLabel: w.status === 'expired' ? 'Expired' : w.status === 'active' ? 'Active' : 'Unused',
    expired: w.status === 'expired',
    matched: plural(w.matched, 'finding'),
  }));

  const namespaces = new Set<string>();
  for (const f of frameworks) for (const s of f.sections) for (const r of s.requirements) for (const n of r.namespaces) namespaces.add(n);

  const inventories = inventoryTables(input);
  const chapterList = ['summary', 'frameworks', 'crosswalk', ...(inventories.length ? ['inventories'] : []), 'waivers', 'attestations', 'appendix'];
  const num = (name: string): string => {
    const i = chapterList.indexOf(name);
    return i < 0 ? '' : String(i + 1);
  };
  const chapters = {
    summary: num('summary'),
    frameworks: num('frameworks'),
    crosswalk: num('crosswalk'),
    inventories: num('inventories'),
    waivers: num('waivers'),
    attestations: num('attestations'),
    appendix: num('appendix'),
  };
  const trend = options.trend ? buildTrendView(options.trend) : undefined;
  const toc: TocEntry[] = [
    { number: chapters.summary, title: 'Executive summary', anchor: 'summary', level: 1 },
    ...(trend ? [{ number: `${chapters.summary}.1`, title: 'Trend', anchor: 'trend', level: 2 } as TocEntry] : []),
    { number: chapters.frameworks, title: 'Requirements by framework', anchor: frameworks[0]?.anchor ?? 'summary', level: 1 },
    ...frameworks.map((f): TocEntry => ({ number: f.number, title: f.name, anchor: f.anchor, level: 2 })),
    { number: chapters.crosswalk, title: 'Crosswalk: controls to requirements', anchor: 'crosswalk', level: 1 },
    ...(inventories.length ? [{ number: chapters.inventories, title: 'Inventories', anchor: 'inventories', level: 1 } as TocEntry] : []),
    ...inventories.map((t, i): TocEntry => ({ number: `${chapters.inventories}.${i + 1}`, title: t.title, anchor: t.anchor, level: 2 })),
    { number: chapters.waivers, title: 'Waiver register', anchor: 'waivers', level: 1 },
    { number: chapters.attestations, title: 'Manual attestations', anchor: 'attestations', level: 1 },
    ...attestations.map((a, i): TocEntry => ({ number: `${chapters.attestations}.${i + 1}`, title: a.frameworkName, anchor: a.anchor, level: 2 })),
    { number: chapters.appendix, title: 'Appendix: coverage, run metadata, hashes, verification', anchor: 'appendix', level: 1 },
  ];

  const resultsDigest = options.resultsDigest ?? '';
  const frameworkNames = input.frameworks.map(frameworkName);
  const confidentialityShort = `Confidential — ${clusterName}`;
  return {
    ...(trend ? { trend } : {}),
    chapters,
    toc,
    meta: {
      title: 'Kubernetes compliance audit report',
      subtitle: frameworkNames.join(' · '),
      cluster: clusterName,
      server: run.cluster.server ?? 'not recorded (the estate was read from manifests)',
      clusterVersion: run.cluster.version ?? 'not recorded',
      source: sourceText(input),
      collectedAt: formatDateTime(run.snapshot.collectedAt),
      collectedDate: formatDate(run.snapshot.collectedAt),
      documentTime: run.snapshot.collectedAt,
      asOf: formatDateTime(run.asOf),
      toolVersion: `${run.tool.name} ${run.tool.version}`,
      frameworks: frameworkNames,
      snapshotDigest: run.snapshot.digest,
      resultsDigest,
      catalogDigest: run.catalog.digest,
      confidentiality:
        'CONFIDENTIAL. This report describes the security configuration of the assessed environment. Distribute it only to the assessment team, the system owner and those they authorise.',
      confidentialityShort,
    },
    summary: {
      frameworks: input.frameworks.map(frameworkSummary),
      topFailing,
      topFailingMore: Math.max(0, failing.length - topFailing.length),
      gaps,
      findings,
      findingsBar: stackedBar(
        findings.map((f) => ({ key: f.severity, label: f.label, count: f.count, color: f.color })),
        100,
        1.5,
      ),
      controls: statusCounts(input.summary.controls),
      statements,
    },
    frameworks,
    crosswalk: { frameworks: crossFrameworks, rows: crosswalkRows },
    inventories,
    waivers,
    attestations,
    appendix: {
      coverage: input.coverage.map((c) => ({
        kind: c.kind,
        status: c.status,
        gap: c.status === 'forbidden' || c.status === 'error',
        count: formatInt(c.count),
        message: c.message ?? '',
      })),
      scope: input.frameworks.map((f) => ({
        framework: frameworkName(f),
        rule: f.scope.tag === 'all' ? 'the whole estate' : f.scope.declared ? `namespaces labelled compliance.kubeproof.io/scope=${f.scope.tag} or named in the config` : f.scope.note,
        namespaces: f.scope.namespaces.join(', '),
      })),
      run: [
        { key: 'Cluster', value: clusterName },
        { key: 'API server', value: run.cluster.server ?? 'not recorded' },
        { key: 'Kubernetes version', value: run.cluster.version ?? 'not recorded' },
        { key: 'Source', value: sourceText(input) },
        { key: 'Collected at', value: formatDateTime(run.snapshot.collectedAt) },
        { key: 'Waivers judged at', value: formatDateTime(run.asOf) },
        { key: 'Tool', value: `${run.tool.name} ${run.tool.version}` },
        { key: 'Controls in the catalogue', value: formatInt(run.catalog.controls) },
        { key: 'Frameworks', value: frameworkNames.join(', ') },
        { key: 'Results schema', value: input.schemaVersion, mono: true },
      ],
      hashes: [
        { key: 'Snapshot (SHA-256 of its canonical JSON)', value: run.snapshot.digest, mono: true },
        ...(resultsDigest ? [{ key: 'results.json (SHA-256 of the file)', value: resultsDigest, mono: true }] : []),
        { key: 'Control catalogue', value: run.catalog.digest, mono: true },
      ],
      verify: [
        {
          text: 'Compute the SHA-256 of results.json and compare it with the value above: every statement in this report is drawn from that file alone.',
          command: 'sha256sum results.json',
        },
        {
          text: 'Check every file of the pack against manifest.json, and its signature when the pack is signed; with --reevaluate, kubeproof also evaluates snapshot.json again and requires a results.json byte-identical to the one in the pack.',
          command: 'kubeproof verify PACK_DIR --reevaluate [--public-key kubeproof.pub]',
        },
        {
          text: 'The snapshot digest is the SHA-256 of the RFC 8785 canonical JSON of snapshot.json without its digest field; kubeproof checks it whenever it reads a snapshot and refuses one that was edited. The same snapshot, catalogue, waivers, config and as-of time always give the same results.',
          command: 'kubeproof evaluate --snapshot snapshot.json --out check.json',
        },
      ],
    },
    filters: {
      frameworks: input.frameworks.map((f) => ({ value: f.id, label: frameworkName(f) })),
      statuses: STATUS_ORDER.map((s) => ({ value: s, label: STATUS_LABEL[s] })),
      severities: SEVERITY_ORDER.map((s) => ({ value: s, label: SEVERITY_LABEL[s] })),
      namespaces: [...namespaces].sort(),
    },
  };
}

/** The scope in a sentence that stays short: a long namespace list is cut, and given whole in the appendix. */
function scopeNote(f: FrameworkResult): string {
  if (f.scope.tag === 'all') return 'every namespace';
  if (!f.scope.declared) return f.scope.note;
  const ns = f.scope.namespaces;
  const shown = ns.length > 6 ? `${ns.slice(0, 5).join(', ')} and ${formatInt(ns.length - 5)} more (listed in the appendix)` : ns.join(', ');
  return `${plural(ns.length, 'namespace')} labelled compliance.kubeproof.io/scope=${f.scope.tag} or named in the config: ${shown}`;
}

function frameworkSummary(f: FrameworkResult): FrameworkSummary {
  return {
    id: f.id,
    name: frameworkName(f),
    anchor: slug('fw', f.id),
    score: formatScore(f.score),
    scored: f.score !== null,
    assessedText: `${formatInt(f.assessed)} of ${formatInt(f.total)} requirements assessed from cluster data`,
    scopeNote: scopeNote(f),
    scopeDeclared: f.scope.declared,
    counts: statusCounts(f.counts),
    bar: stackedBar(segments(f.counts), 100, 1.2),
    ring: ring(segments(f.counts), 50, 34),
  };
}

function requirementView(
  f: FrameworkResult,
  r: RequirementResult,
  controlsById: Map<string, ControlResult>,
  evidenceShown: Map<string, { requirementId: string; anchor: string }>,
  attestationAnchor: Map<string, string>,
): RequirementView {
  const anchor = slug('req', f.id, r.id);
  const evidence: EvidenceGroup[] = [];
  const controls: RequirementControlView[] = r.controls.map((rc) => {
    const c = controlsById.get(rc.id);
    const view: RequirementControlView = {
      id: rc.id,
      title: c?.title ?? '',
      severity: c?.severity ?? 'info',
      severityLabel: SEVERITY_LABEL[c?.severity ?? 'info'],
      status: rc.status,
      statusLabel: STATUS_LABEL[rc.status],
      statusMark: STATUS_MARK[rc.status],
      countsText: rc.status === 'not-assessed' ? (c?.reason ?? 'not assessed') : countsText(rc.counts) || 'nothing in scope',
    };
    if (c && (rc.status === 'fail' || rc.status === 'waived')) {
      const shown = evidenceShown.get(rc.id);
      if (shown) view.evidenceAt = shown;
      else {
        const groupAnchor = slug('ev', f.id, r.id, rc.id);
        evidenceShown.set(rc.id, { requirementId: r.id, anchor: groupAnchor });
        evidence.push(evidenceGroup(c, f, groupAnchor));
      }
    }
    return view;
  });
  const namespaces = new Set<string>();
  for (const g of evidence) for (const n of g.namespaces) namespaces.add(n);
  for (const rc of controls) {
    if (!rc.evidenceAt) continue;
    const c = controlsById.get(rc.id);
    for (const e of c?.evidence ?? []) if (e.outcome !== 'pass' && e.object.namespace && inScope(f, e.object, e.clusterWide)) namespaces.add(e.object.namespace);
  }
  const severity = r.severity ?? '';
  const severities = SEVERITY_ORDER.filter((s) => controls.some((c) => c.severity === s && (c.status === 'fail' || c.status === 'waived')));
  return {
    frameworkId: f.id,
    id: r.id,
    title: r.title,
    anchor,
    status: r.status,
    statusLabel: STATUS_LABEL[r.status],
    statusMark: STATUS_MARK[r.status],
    statusColor: STATUS_COLOR[r.status],
    severity,
    severityLabel: severity ? SEVERITY_LABEL[severity] : '',
    severities,
    reason: r.status === 'manual' || r.status === 'fail' || r.status === 'pass' || r.status === 'waived' ? '' : (r.reason ?? ''),
    manual: r.manual ?? '',
    attestation: attestationText(r.attestation),
    attestationAnchor: attestationAnchor.get(`${f.id}\u0000${r.id}`) ?? '',
    controls,
    evidence,
    evidenceElsewhere: controls.flatMap((c) => (c.evidenceAt ? [c.evidenceAt.anchor] : [])),
    namespaces: [...namespaces].sort(),
  };
}

import { formatDateTime, formatInt, formatScore, plural } from '../report/format.js';
import { pathParts, SEVERITY_COLOR, SEVERITY_LABEL, STATUS_COLOR, STATUS_LABEL, STATUS_MARK } from '../report/view-model.js';
import type { Severity } from '../catalog/schema.js';
import type { Status } from '../evaluate/types.js';
import type { DiffFinding, DiffResult } from './diff.js';

/** What the HTML and PDF diff documents show, drawn from a DiffResult only (no clock). */
export interface DiffFindingRow {
  severity: Severity;
  severityLabel: string;
  severityColor: string;
  control: string;
  title: string;
  kind: string;
  namespace: string;
  name: string;
  container: string;
  pointer: string;
  pointerParts: string[];
  message: string;
}

export interface DiffStatusView {
  status: Status;
  statusLabel: string;
  statusMark: string;
  color: string;
}

export interface DiffModel {
  title: string;
  cluster: string;
  regression: boolean;
  verdict: string;
  countsText: string;
  documentTime: string;
  toolVersion: string;
  runs: Array<{ label: string; source: string; cluster: string; collected: string; snapshotDigest: string; toolVersion: string; catalogDigest: string }>;
  notes: string[];
  scores: Array<{ framework: string; old: string; new: string; delta: string; direction: 'up' | 'down' | 'same' | 'none' }>;
  findings: Array<{ number: string; anchor: string; title: string; description: string; count: number; rows: DiffFindingRow[] }>;
  requirements: Array<{ framework: string; id: string; title: string; old: DiffStatusView; new: DiffStatusView; worse: boolean; change: string }>;
  worseCount: number;
  waivers: Array<{ label: string; ids: string[] }>;
  objects: { basisText: string; added: string[]; removed: string[] };
  images: { shown: boolean; added: string[]; removed: string[] };
  /** Subjects that gained permissions: "Subject: grant" lines. */
  rbac: string[];
}

function status(s: Status): DiffStatusView {
  return { status: s, statusLabel: STATUS_LABEL[s], statusMark: STATUS_MARK[s], color: STATUS_COLOR[s] };
}

function row(f: DiffFinding): DiffFindingRow {
  return {
    severity: f.severity,
    severityLabel: SEVERITY_LABEL[f.severity],
    severityColor: SEVERITY_COLOR[f.severity],
    control: f.control,
    title: f.title,
    kind: f.object.kind,
    namespace: f.object.namespace ?? '',
    name: f.object.name,
    container: f.container ?? '',
    pointer: f.pointer,
    pointerParts: pathParts(f.pointer),
    message: f.message,
  };
}

export function buildDiffModel(d: DiffResult): DiffModel {
  const worseCount = d.requirements.filter((r) => r.worse).length;
  return {
    title: 'Changes between two runs',
    cluster: d.new.cluster,
    regression: d.regression,
    verdict: d.regression
      ? `Regression: posture got worse (${plural(d.findings.new.length, 'new failure')}, ${plural(worseCount, 'requirement')} worse).`
      : 'No regression: no requirement got worse and no new failure at or above the threshold.',
    countsText: `${plural(d.findings.new.length, 'new failure')}, ${formatInt(d.findings.resolved.length)} resolved, ${formatInt(d.findings.persisting.length)} persisting.`,
    documentTime: d.new.collectedAt,
    toolVersion: `kubeproof ${d.new.toolVersion}`,
    runs: (['old', 'new'] as const).map((k) => {
      const s = d[k];
      return {
        label: k === 'old' ? 'Older run' : 'Newer run',
        source: s.source,
        cluster: s.cluster,
        collected: formatDateTime(s.collectedAt),
        snapshotDigest: s.snapshotDigest,
        toolVersion: `kubeproof ${s.toolVersion}`,
        catalogDigest: s.catalogDigest,
      };
    }),
    notes: d.notes,
    scores: d.scores.map((s) => ({
      framework: s.framework,
      old: formatScore(s.old),
      new: formatScore(s.new),
      delta: s.delta === null ? '—' : `${s.delta > 0 ? '+' : s.delta < 0 ? '−' : '±'}${Math.abs(s.delta).toFixed(1)}`,
      direction: s.delta === null ? 'none' : s.delta > 0 ? 'up' : s.delta < 0 ? 'down' : 'same',
    })),
    findings: [
      { anchor: 'new-failures', title: 'New failures', description: 'Failing in the newer run and not in the older one.', list: d.findings.new },
      { anchor: 'resolved', title: 'Resolved failures', description: 'Failing in the older run and no longer in the newer one.', list: d.findings.resolved },
      { anchor: 'persisting', title: 'Persisting failures', description: 'Failing in both runs.', list: d.findings.persisting },
    ].map((s, i) => ({ number: String(i + 2), anchor: s.anchor, title: s.title, description: s.description, count: s.list.length, rows: s.list.map(row) })),
    requirements: d.requirements.map((r) => ({ framework: r.framework, id: r.id, title: r.title, old: status(r.old), new: status(r.new), worse: r.worse, change: r.worse ? 'Worse' : 'Better or equal' })),
    worseCount,
    waivers: [
      { label: 'New waivers', ids: d.waivers.appeared },
      { label: 'Expired since the older run', ids: d.waivers.expired },
      { label: 'Removed', ids: d.waivers.removed },
    ].filter((w) => w.ids.length > 0),
    objects: {
      basisText: d.objects.basis === 'snapshots' ? 'Taken from the two snapshots.' : 'Taken from the evidence only (compare packs, with their snapshots, for the full picture).',
      added: d.objects.added,
      removed: d.objects.removed,
    },
    images: { shown: d.images.basis === 'snapshots', added: d.images.added, removed: d.images.removed },
    rbac: d.rbac.flatMap((r) => r.gained.map((g) => `${r.subject}: ${g}`)),
  };
}


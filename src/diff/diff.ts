import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Catalog } from '../catalog/load.js';
import { severityRank, type Severity } from '../catalog/schema.js';
import { fingerprintOf } from '../evaluate/engine.js';
import { readResults } from '../evaluate/io.js';
import type { Results, Status } from '../evaluate/types.js';
import { InputError } from '../errors.js';
import { SnapshotIndex } from '../snapshot/index.js';
import { readSnapshot } from '../snapshot/io.js';
import type { ObjectRef, Snapshot } from '../snapshot/types.js';
import { containersOf } from '../checks/pod-helpers.js';
import { ruleKey, type RbacSubjectItem } from '../inventory/rbac.js';

export const DIFF_SCHEMA_VERSION = 'kubeproof.io/diff/v1';

export interface Side {
  label: string;
  results: Results;
  snapshot?: Snapshot;
}

/** A pack folder (results.json and, when there, snapshot.json) or a results.json file. */
export function loadSide(path: string): Side {
  if (!existsSync(path)) throw new InputError('no such pack folder or results file', { file: path });
  if (statSync(path).isDirectory()) {
    const results = readResults(join(path, 'results.json'));
    const snap = join(path, 'snapshot.json');
    return { label: path, results, ...(existsSync(snap) ? { snapshot: readSnapshot(snap) } : {}) };
  }
  return { label: path, results: readResults(path) };
}

export interface DiffFinding {
  control: string;
  title: string;
  severity: Severity;
  object: ObjectRef;
  container?: string;
  pointer: string;
  message: string;
  key: string;
}

export interface DiffResult {
  schemaVersion: typeof DIFF_SCHEMA_VERSION;
  old: SideInfo;
  new: SideInfo;
  catalogChanged: boolean;
  notes: string[];
  findings: { new: DiffFinding[]; resolved: DiffFinding[]; persisting: DiffFinding[] };
  waivers: { appeared: string[]; expired: string[]; removed: string[] };
  requirements: Array<{ framework: string; id: string; title: string; old: Status; new: Status; worse: boolean }>;
  scores: Array<{ framework: string; old: number | null; new: number | null; delta: number | null }>;
  objects: { basis: 'snapshots' | 'evidence'; added: string[]; removed: string[] };
  images: { basis: 'snapshots' | 'none'; added: string[]; removed: string[] };
  /** Subjects whose bindings grant them something the older run did not (outside bootstrap policy). */
  rbac: Array<{ subject: string; gained: string[] }>;
  regression: boolean;
}

interface SideInfo {
  source: string;
  cluster: string;
  collectedAt: string;
  snapshotDigest: string;
  toolVersion: string;
  catalogDigest: string;
}

function info(s: Side): SideInfo {
  const r = s.results.run;
  return { source: s.label, cluster: r.cluster.name, collectedAt: r.snapshot.collectedAt, snapshotDigest: r.snapshot.digest, toolVersion: r.tool.version, catalogDigest: r.catalog.digest };
}

/** Worse means further down this list: a requirement moving down is a regression. */
const STATUS_RANK: Record<Status, number> = { pass: 0, 'not-applicable': 0, attested: 1, waived: 1, manual: 2, 'not-assessed': 3, fail: 4 };

/** Results written before fingerprints followed named list elements carry no namedPath anywhere. */
function hasNamedPaths(side: Side): boolean {
  return side.results.controls.some((c) => c.evidence.some((e) => e.namedPath !== undefined));
}

function failing(side: Side, canonical: (id: string) => string, legacy: boolean): Map<string, DiffFinding> {
  const out = new Map<string, DiffFinding>();
  for (const c of side.results.controls) {
    const id = canonical(c.id);
    for (const e of c.evidence) {
      if (e.outcome !== 'fail') continue;
      const key = fingerprintOf(id, legacy ? { ...e, namedPath: undefined } : e);
      out.set(key, {
        control: id,
        title: c.title,
        severity: c.severity,
        object: e.object,
        ...(e.container !== undefined ? { container: e.container } : {}),
        pointer: e.pointer,
        message: e.message,
        key,
      });
    }
  }
  return out;
}

function objectKeys(s: Snapshot): Set<string> {
  return new Set(s.objects.map((o) => `${o.kind} ${o.metadata.namespace ? `${o.metadata.namespace}/` : ''}${o.metadata.name}`));
}

function evidenceObjects(r: Results): Set<string> {
  const out = new Set<string>();
  for (const c of r.controls) for (const e of c.evidence) out.add(`${e.object.kind} ${e.object.namespace ? `${e.object.namespace}/` : ''}${e.object.name}`);
  return out;
}

function images(s: Snapshot): Set<string> {
  const out = new Set<string>();
  for (const w of new SnapshotIndex(s).workloads()) for (const c of containersOf(w)) if (typeof c.container.image === 'string') out.add(c.container.image);
  return out;
}

function minus(a: Set<string>, b: Set<string>): string[] {
  return [...a].filter((x) => !b.has(x)).sort();
}

const byFinding = (a: DiffFinding, b: DiffFinding): number =>
  severityRank[b.severity] - severityRank[a.severity] || (a.control < b.control ? -1 : a.control > b.control ? 1 : 0) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);

/**
 * What changed between two runs. Findings match by fingerprint (no uid: a re-created object is
 * the same finding), with control ids mapped through the catalogue's aliases so a renamed control
 * is not reported as one new and one resolved.
 */
export function diffRuns(old: Side, now: Side, catalog: Catalog, failOn: Severity | 'none' = 'info'): DiffResult {
  const canonical = (id: string): string => catalog.control(id)?.id ?? id;
  const notes: string[] = [];
  const catalogChanged = old.results.run.catalog.digest !== now.results.run.catalog.digest;
  if (catalogChanged) {
    notes.push(
      `the two runs used different control catalogues (kubeproof ${old.results.run.tool.version}, ${old.results.run.catalog.digest.slice(0, 19)}… and ${now.results.run.tool.version}, ${now.results.run.catalog.digest.slice(0, 19)}…): controls that exist in only one of them show up as new or resolved findings; renamed controls are matched through their aliases`,
    );
  }
  if (old.results.run.cluster.name !== now.results.run.cluster.name) notes.push(`the runs are of different clusters: ${old.results.run.cluster.name} and ${now.results.run.cluster.name}`);

  // Against results of a version whose fingerprints kept list positions, both sides are keyed that
  // way: otherwise every finding in env, volumes or subjects would read as resolved and new at once.
  const legacy = hasNamedPaths(old) !== hasNamedPaths(now);
  const a = failing(old, canonical, legacy);
  const b = failing(now, canonical, legacy);
  const findings = {
    new: [...b.values()].filter((f) => !a.has(f.key)).sort(byFinding),
    resolved: [...a.values()].filter((f) => !b.has(f.key)).sort(byFinding),
    persisting: [...b.values()].filter((f) => a.has(f.key)).sort(byFinding),
  };

  const oldWaivers = new Map(old.results.waivers.map((w) => [w.id, w]));
  const newWaivers = new Map(now.results.waivers.map((w) => [w.id, w]));
  const waivers = {
    appeared: [...newWaivers.keys()].filter((id) => !oldWaivers.has(id)).sort(),
    expired: [...newWaivers.values()].filter((w) => w.status === 'expired' && oldWaivers.get(w.id)?.status !== 'expired').map((w) => w.id).sort(),
    removed: [...oldWaivers.keys()].filter((id) => !newWaivers.has(id)).sort(),
  };

  const requirements: DiffResult['requirements'] = [];
  const scores: DiffResult['scores'] = [];
  for (const f of now.results.frameworks) {
    const before = old.results.frameworks.find((x) => x.id === f.id);
    if (!before) {
      notes.push(`framework ${f.id} is only in the newer run`);
      continue;
    }
    const prev = new Map(before.requirements.map((r) => [r.id, r]));
    for (const r of f.requirements) {
      const p = prev.get(r.id);
      if (p && p.status !== r.status) {
        requirements.push({ framework: f.id, id: r.id, title: r.title, old: p.status, new: r.status, worse: STATUS_RANK[r.status] > STATUS_RANK[p.status] });
      }
    }
    scores.push({ framework: f.id, old: before.score, new: f.score, delta: before.score === null || f.score === null ? null : Math.round((f.score - before.score) * 10) / 10 });
  }

  let objects: DiffResult['objects'];
  let imageDiff: DiffResult['images'];
  if (old.snapshot && now.snapshot) {
    const oa = objectKeys(old.snapshot);
    const ob = objectKeys(now.snapshot);
    objects = { basis: 'snapshots', added: minus(ob, oa), removed: minus(oa, ob) };
    const ia = images(old.snapshot);
    const ib = images(now.snapshot);
    imageDiff = { basis: 'snapshots', added: minus(ib, ia), removed: minus(ia, ib) };
  } else {
    const oa = evidenceObjects(old.results);
    const ob = evidenceObjects(now.results);
    objects = { basis: 'evidence', added: minus(ob, oa), removed: minus(oa, ob) };
    imageDiff = { basis: 'none', added: [], removed: [] };
    notes.push('object changes are taken from the evidence only and image changes are not shown: compare packs (with their snapshots) for the full picture');
  }

  const rbac = rbacGains(old.results, now.results);
  if (!old.results.inventories?.rbac || !now.results.inventories?.rbac) notes.push('RBAC changes are not shown: a run has no RBAC inventory (RBAC kinds not collected)');

  const threshold = failOn === 'none' ? Infinity : severityRank[failOn];
  const regression = requirements.some((r) => r.worse) || findings.new.some((f) => severityRank[f.severity] >= threshold);
  return {
    schemaVersion: DIFF_SCHEMA_VERSION,
    old: info(old),
    new: info(now),
    catalogChanged,
    notes,
    findings,
    waivers,
    requirements,
    scores,
    objects,
    images: imageDiff,
    rbac,
    regression,
  };
}

function rbacGains(old: Results, now: Results): DiffResult['rbac'] {
  const before = old.inventories?.rbac;
  const after = now.inventories?.rbac;
  if (!before || !after) return [];
  const name = (s: RbacSubjectItem) => `${s.kind} ${s.namespace ? `${s.namespace}/` : ''}${s.name}`;
  const had = new Map(before.subjects.map((s) => [name(s), new Set(s.rules.map(ruleKey))]));
  const out: DiffResult['rbac'] = [];
  for (const s of after.subjects) {
    const prev = had.get(name(s)) ?? new Set<string>();
    const gained = [...new Set(s.rules.map(ruleKey))].filter((k) => !prev.has(k)).sort();
    if (gained.length) out.push({ subject: name(s), gained });
  }
  return out.sort((a, b) => (a.subject < b.subject ? -1 : a.subject > b.subject ? 1 : 0));
}

import { CONTAINER_FIELDS, containersOf, type ContainerField } from '../checks/pod-helpers.js';
import type { ScopeView } from '../checks/types.js';
import type { SnapshotIndex, Workload } from '../snapshot/index.js';
import { refOf, type K8sObject, type ObjectRef } from '../snapshot/types.js';
import { defaultPullPolicy, effectiveTag, parseImageId, parseImageReference, type ImageReference, type ParsedReference, type RunningImageId } from './image-reference.js';
import {
  daysBetween,
  matchReport,
  meaningfulImageDate,
  severityCounts,
  vulnerabilitySources,
  type VulnFinding,
  type VulnMatch,
  type VulnSeverity,
  type VulnSource,
} from './vulnerability-data.js';

/** The scope tags of the shipped frameworks; the config may name more. */
export const SCOPE_TAGS = ['pci', 'hipaa'] as const;

const STATUS_FIELDS: Record<ContainerField, string> = {
  initContainers: 'initContainerStatuses',
  containers: 'containerStatuses',
  ephemeralContainers: 'ephemeralContainerStatuses',
};

/** One pod's container, as the kubelet reports what it runs. */
export interface RunningContainer {
  pod: ObjectRef;
  /** JSON Pointer of status.*Statuses[i].imageID in the pod. */
  pointer: string;
  imageId: RunningImageId;
}

/** One container of one workload, with the image it asks for and what its pods run. */
export interface ContainerImage {
  workload: Workload;
  /** The object a person edits: the top controller, or the pod for containers only a pod has. */
  object: ObjectRef;
  container: string;
  field: ContainerField;
  /** JSON Pointer of the container's `image` in `object`. */
  pointer: string;
  written: string;
  parsed: ParsedReference;
  pullPolicy: { value: string; set: boolean; pointer: string };
  /** The pods of the workload that run this container with this very image. */
  running: RunningContainer[];
  /** Key of the inventory row. */
  key: string;
}

export interface ImageVulnerabilities {
  report: { source: VulnSource['source']; label: string; object: ObjectRef; createdAt: string | null; ageDays: number | null; matchedBy: VulnMatch['matchedBy'] };
  counts: Record<VulnSeverity, number>;
  /** Critical and high findings with a fixed version. */
  fixable: { critical: number; high: number };
}

/** One inventory row: one image reference, however it was spelt. */
export interface ImageRow {
  /** The fully qualified reference, or the text as written when it does not parse. */
  image: string;
  registry: string | null;
  repository: string | null;
  tag: string | null;
  /** The digest the spec asks for. */
  digest: string | null;
  /** The registry digests the pods report running (status imageID). */
  runningDigests: string[];
  /** Pods running it. */
  pods: number;
  /** Effective imagePullPolicy values (the API default where none is written). */
  pullPolicies: string[];
  workloads: ObjectRef[];
  namespaces: string[];
  /** The scope tags (pci, hipaa, ...) of the namespaces using it. */
  scopes: string[];
  inScope: boolean;
  /** Spellings found in the manifests. */
  written: string[];
  /** Why the reference does not parse; the kubelet would refuse it (InvalidImageName). */
  error?: string;
  vulnerabilities: Record<VulnSeverity, number> | null;
  fixable: { critical: number; high: number } | null;
  report: ImageVulnerabilities['report'] | null;
  imageCreated: string | null;
  imageAgeDays: number | null;
}

export interface ImagesInventory {
  items: ImageRow[];
  /** How each scope tag was resolved, so that `inScope` can be read. */
  scopes: Record<string, { declared: boolean; namespaces: string[] }>;
  reports: { trivy: number; trivyOperator: number };
}

/** What the image checks read: every container with its image, the rows, and the reports. */
export interface ImagesModel {
  containers: ContainerImage[];
  rows: Map<string, ImageRow>;
  sources: VulnSource[];
  /** The report matched to each row, with the findings the checks judge. */
  matches: Map<string, { match: VulnMatch; findings: VulnFinding[] }>;
  inventory: ImagesInventory;
}

/** `nginx` and `nginx:latest` are one image: the row key carries the tag the runtime pulls. */
function keyOf(parsed: ParsedReference, written: string): string {
  if (!parsed.ok) return `invalid:${written}`;
  const ref = parsed.ref;
  return ref.tag === null && ref.digest === null ? `${ref.name}:latest` : ref.canonical;
}

function byName(a: K8sObject, b: K8sObject): number {
  return a.metadata.name < b.metadata.name ? -1 : a.metadata.name > b.metadata.name ? 1 : 0;
}

function statusOf(pod: K8sObject, field: ContainerField, name: string): RunningContainer | undefined {
  const statusField = STATUS_FIELDS[field];
  const list = (pod.status as Record<string, unknown> | undefined)?.[statusField];
  if (!Array.isArray(list)) return undefined;
  const i = list.findIndex((s) => s && typeof s === 'object' && (s as { name?: unknown }).name === name);
  if (i < 0) return undefined;
  const imageId = parseImageId((list[i] as { imageID?: unknown }).imageID);
  return imageId ? { pod: refOf(pod), pointer: `/status/${statusField}/${i}/imageID`, imageId } : undefined;
}

function pullPolicyOf(container: Record<string, any>, pointer: string, parsed: ParsedReference): ContainerImage['pullPolicy'] {
  const set = typeof container.imagePullPolicy === 'string' && container.imagePullPolicy !== '';
  return {
    value: set ? container.imagePullPolicy : defaultPullPolicy(parsed.ok ? parsed.ref : undefined),
    set,
    pointer: `${pointer}/imagePullPolicy`,
  };
}

/** Every container image of every workload, template and running pods alike. */
function containerImages(index: SnapshotIndex): ContainerImage[] {
  const out: ContainerImage[] = [];
  for (const w of index.workloads()) {
    const declared = new Map<string, ContainerImage>();
    for (const c of containersOf(w)) {
      const written = typeof c.container.image === 'string' ? c.container.image : '';
      const parsed = parseImageReference(c.container.image);
      const ci: ContainerImage = {
        workload: w,
        object: c.ref,
        container: c.name,
        field: c.field,
        pointer: `${c.pointer}/image`,
        written,
        parsed,
        pullPolicy: pullPolicyOf(c.container, c.pointer, parsed),
        running: [],
        key: keyOf(parsed, written),
      };
      declared.set(`${c.field}/${c.name}`, ci);
      out.push(ci);
    }
    // A pod that runs another image than the template (a rollout under way, a pod edited by hand)
    // is its own entry, on the pod, since that image runs too.
    for (const pod of [...w.pods].sort(byName)) {
      const spec = pod.spec as Record<string, unknown> | undefined;
      if (!spec || typeof spec !== 'object') continue;
      for (const field of CONTAINER_FIELDS) {
        const list = spec[field];
        if (!Array.isArray(list)) continue;
        list.forEach((c: any, i: number) => {
          if (!c || typeof c !== 'object') return;
          const name = typeof c.name === 'string' ? c.name : `#${i}`;
          const written = typeof c.image === 'string' ? c.image : '';
          const running = statusOf(pod, field, name);
          const template = declared.get(`${field}/${name}`);
          if (template && template.written === written) {
            if (running) template.running.push(running);
            return;
          }
          const parsed = parseImageReference(c.image);
          const pointer = `/spec/${field}/${i}`;
          const extra: ContainerImage = {
            workload: w,
            object: refOf(pod),
            container: name,
            field,
            pointer: `${pointer}/image`,
            written,
            parsed,
            pullPolicy: pullPolicyOf(c, pointer, parsed),
            running: running ? [running] : [],
            key: keyOf(parsed, written),
          };
          out.push(extra);
        });
      }
    }
  }
  return out;
}

function refKey(r: ObjectRef): string {
  return `${r.namespace ?? ''}\u0000${r.kind}\u0000${r.name}`;
}

function sortRefs(refs: Iterable<ObjectRef>): ObjectRef[] {
  const byKey = new Map<string, ObjectRef>();
  for (const r of refs) byKey.set(refKey(r), r);
  return [...byKey.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, r]) => r);
}

/**
 * The image inventory of a snapshot: one row per image reference, with where it runs, what the
 * pods report running, the scope of its namespaces and its vulnerability report. Ages are judged
 * at `asOf` (the collection time), never the wall clock.
 */
export function imagesModel(index: SnapshotIndex, scope: (tag: string) => ScopeView, scopeTags: readonly string[], asOf: string): ImagesModel {
  const containers = containerImages(index);
  const sources = vulnerabilitySources(index);
  const scopes: ImagesInventory['scopes'] = {};
  const resolved = [...new Set(scopeTags)].sort().map((tag) => {
    const view = scope(tag);
    scopes[tag] = { declared: view.declared, namespaces: [...view.namespaces].sort() };
    return [tag, view] as const;
  });

  const groups = new Map<string, ContainerImage[]>();
  for (const c of containers) {
    let list = groups.get(c.key);
    if (!list) groups.set(c.key, (list = []));
    list.push(c);
  }

  const rows = new Map<string, ImageRow>();
  const matches: ImagesModel['matches'] = new Map();
  for (const key of [...groups.keys()].sort()) {
    const list = groups.get(key)!;
    const first = list[0]!;
    const ref: ImageReference | undefined = first.parsed.ok ? first.parsed.ref : undefined;
    const namespaces = [...new Set(list.map((c) => c.workload.namespace))].sort();
    const runningDigests = [...new Set(list.flatMap((c) => c.running.map((r) => r.imageId.digest).filter((d): d is string => d !== null)))].sort();
    const rowScopes = resolved.filter(([, view]) => namespaces.some((ns) => view.namespaces.has(ns))).map(([tag]) => tag);
    const row: ImageRow = {
      image: ref ? key : first.written,
      registry: ref?.registry ?? null,
      repository: ref?.repository ?? null,
      tag: ref ? effectiveTag(ref) : null,
      digest: ref?.digest ?? null,
      runningDigests,
      pods: new Set(list.flatMap((c) => c.running.map((r) => refKey(r.pod)))).size,
      pullPolicies: [...new Set(list.map((c) => c.pullPolicy.value))].sort(),
      workloads: sortRefs(list.map((c) => refOf(c.workload.object))),
      namespaces,
      scopes: rowScopes,
      inScope: rowScopes.length > 0,
      written: [...new Set(list.map((c) => c.written))].sort(),
      ...(first.parsed.ok ? {} : { error: first.parsed.error }),
      vulnerabilities: null,
      fixable: null,
      report: null,
      imageCreated: null,
      imageAgeDays: null,
    };
    if (ref) {
      const match = matchReport(sources, ref, [...(ref.digest ? [ref.digest] : []), ...runningDigests]);
      if (match) {
        const r = match.report;
        const counts = severityCounts(r.vulnerabilities);
        const fixable = { critical: 0, high: 0 };
        for (const v of r.vulnerabilities) if (v.fixed && (v.severity === 'critical' || v.severity === 'high')) fixable[v.severity]++;
        row.vulnerabilities = counts;
        row.fixable = fixable;
        row.report = { source: r.source, label: r.label, object: r.object, createdAt: r.createdAt, ageDays: r.createdAt ? daysBetween(r.createdAt, asOf) : null, matchedBy: match.matchedBy };
        const created = meaningfulImageDate(r.imageCreated);
        row.imageCreated = created;
        row.imageAgeDays = created ? daysBetween(created, asOf) : null;
        matches.set(key, { match, findings: r.vulnerabilities });
      }
    }
    rows.set(key, row);
  }
  const inventory: ImagesInventory = {
    items: [...rows.values()],
    scopes,
    reports: { trivy: sources.filter((s) => s.source === 'trivy').length, trivyOperator: sources.filter((s) => s.source === 'trivy-operator').length },
  };
  return { containers, rows, sources, matches, inventory };
}

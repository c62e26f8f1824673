import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { z } from 'zod';
import { InputError } from '../errors.js';
import { sealSnapshot } from '../snapshot/io.js';
import type { CoverageEntry, K8sObject, Snapshot } from '../snapshot/types.js';
import { describeFsError } from '../util/fs.js';
import { describeIssues } from '../util/zod-errors.js';

/**
 * Trivy image reports (`trivy image --format json`) enter the snapshot as objects of a kind of
 * kubeproof's own, so that evaluation stays a function of the snapshot alone and a pack can be
 * re-evaluated without the files. Only what the image controls read is kept: the artifact, its
 * digests and dates, and each vulnerability's id, package, versions, severity and date. Secret
 * findings, licences and misconfigurations in the same report are left out on purpose.
 */
export const TRIVY_REPORT_API_VERSION = 'kubeproof.io/v1';
export const TRIVY_REPORT_KIND = 'TrivyReport';
export const TRIVY_REPORT_KIND_ID = 'TrivyReport.kubeproof.io';

const dateText = z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'expected an RFC 3339 date');

const trivyVulnerability = z.looseObject({
  VulnerabilityID: z.string().min(1),
  PkgName: z.string().min(1),
  PkgID: z.string().optional(),
  InstalledVersion: z.string().optional(),
  FixedVersion: z.string().optional(),
  Status: z.string().optional(),
  Severity: z.string().min(1),
  PublishedDate: dateText.optional(),
  LastModifiedDate: dateText.optional(),
});

const trivyReport = z.looseObject({
  SchemaVersion: z.literal(2, 'expected SchemaVersion 2 (the JSON of trivy image --format json since Trivy 0.20)'),
  CreatedAt: dateText.optional(),
  ArtifactName: z.string().min(1, 'expected the scanned image in ArtifactName'),
  ArtifactType: z.string().optional(),
  Metadata: z
    .looseObject({
      ImageID: z.string().optional(),
      RepoTags: z.array(z.string()).nullish(),
      RepoDigests: z.array(z.string()).nullish(),
      ImageConfig: z.looseObject({ created: dateText.optional() }).optional(),
      OS: z.looseObject({ Family: z.string().optional(), Name: z.string().optional() }).nullish(),
    })
    .optional(),
  Results: z
    .array(
      z.looseObject({
        Target: z.string(),
        Class: z.string().optional(),
        Type: z.string().optional(),
        Vulnerabilities: z.array(trivyVulnerability).nullish(),
      }),
    )
    .nullish(),
});

export interface TrivyVulnerabilityRecord {
  id: string;
  package: string;
  installed: string | null;
  fixed: string | null;
  severity: 'CRITICAL' | 'HIGH' | 'MEDIUM' | 'LOW' | 'UNKNOWN';
  published: string | null;
  status: string | null;
  target: string;
}

export interface TrivyReportSpec {
  file: string;
  artifactName: string;
  createdAt: string | null;
  imageId: string | null;
  repoTags: string[];
  repoDigests: string[];
  /** The image config's creation date (Metadata.ImageConfig.created). */
  imageCreated: string | null;
  os: string | null;
  vulnerabilities: TrivyVulnerabilityRecord[];
}

const SEVERITIES = new Set(['CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'UNKNOWN']);

function normaliseSeverity(s: string): TrivyVulnerabilityRecord['severity'] {
  const upper = s.toUpperCase();
  return (SEVERITIES.has(upper) ? upper : 'UNKNOWN') as TrivyVulnerabilityRecord['severity'];
}

/** One Trivy JSON text as a snapshot object; the name is a hash of the text, so the same report is the same object. */
export function trivyReportObject(text: string, file: string): K8sObject {
  let raw: unknown;
  try {
    raw = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (err) {
    throw new InputError(`not a Trivy JSON report: the JSON does not parse (${(err as Error).message})`, { file });
  }
  if (raw && typeof raw === 'object' && !Array.isArray(raw)) {
    const r = raw as Record<string, unknown>;
    if (Array.isArray(r.Resources) || 'ClusterName' in r) {
      throw new InputError('this is a trivy k8s report; --vulns reads image reports: trivy image --format json --output FILE IMAGE', { file });
    }
    if (r.ArtifactType !== undefined && r.ArtifactType !== 'container_image') {
      throw new InputError(`this Trivy report is of a ${JSON.stringify(r.ArtifactType)}, not a container image: --vulns reads trivy image --format json`, { file });
    }
  }
  if (Array.isArray(raw)) {
    throw new InputError('this is a Trivy report of schema version 1 (a bare list of results); re-scan with a current Trivy: trivy image --format json', { file });
  }
  const parsed = trivyReport.safeParse(raw);
  if (!parsed.success) throw new InputError(`not a valid Trivy image report: ${describeIssues(parsed.error)}`, { file });
  const r = parsed.data;
  const vulnerabilities: TrivyVulnerabilityRecord[] = [];
  for (const result of r.Results ?? []) {
    for (const v of result.Vulnerabilities ?? []) {
      vulnerabilities.push({
        id: v.VulnerabilityID,
        package: v.PkgName,
        installed: v.InstalledVersion || null,
        fixed: v.FixedVersion || null,
        severity: normaliseSeverity(v.Severity),
        published: v.PublishedDate ? new Date(Date.parse(v.PublishedDate)).toISOString() : null,
        status: v.Status ?? null,
        target: result.Target,
      });
    }
  }
  const os = r.Metadata?.OS ? [r.Metadata.OS.Family, r.Metadata.OS.Name].filter(Boolean).join(' ') || null : null;
  const spec: TrivyReportSpec = {
    file,
    artifactName: r.ArtifactName,
    createdAt: r.CreatedAt ? new Date(Date.parse(r.CreatedAt)).toISOString() : null,
    imageId: r.Metadata?.ImageID ?? null,
    repoTags: [...(r.Metadata?.RepoTags ?? [])],
    repoDigests: [...(r.Metadata?.RepoDigests ?? [])],
    imageCreated: r.Metadata?.ImageConfig?.created ? new Date(Date.parse(r.Metadata.ImageConfig.created)).toISOString() : null,
    os,
    vulnerabilities,
  };
  const hash = createHash('sha256').update(text).digest('hex').slice(0, 16);
  return { apiVersion: TRIVY_REPORT_API_VERSION, kind: TRIVY_REPORT_KIND, metadata: { name: `trivy-${hash}` }, spec: spec as unknown as Record<string, unknown> };
}

export function readTrivyReports(files: readonly string[], cwd: string): K8sObject[] {
  return files.map((f) => {
    const display = displayPath(f, cwd);
    let text: string;
    try {
      text = readFileSync(f, 'utf8');
    } catch (err) {
      throw new InputError(`cannot read the Trivy report: ${describeFsError(err)}`, { file: display });
    }
    return trivyReportObject(text, display);
  });
}

function displayPath(path: string, cwd: string): string {
  const rel = relative(cwd, path);
  return rel && !rel.startsWith('..') ? rel.split('\\').join('/') : path;
}

/**
 * The snapshot with the reports of `--vulns` added and their coverage entry set. Without files,
 * a freshly collected snapshot records the kind as `absent` (no report was given), while a saved
 * snapshot is returned as it was, digest and all.
 */
export function withTrivyReports(snapshot: Snapshot, reports: readonly K8sObject[], fresh: boolean): Snapshot {
  if (reports.length === 0 && !fresh) return snapshot;
  const keep = snapshot.objects.filter((o) => !(o.apiVersion === TRIVY_REPORT_API_VERSION && o.kind === TRIVY_REPORT_KIND && reports.some((r) => r.metadata.name === o.metadata.name)));
  const objects = [...keep, ...reports];
  const count = objects.filter((o) => o.apiVersion === TRIVY_REPORT_API_VERSION && o.kind === TRIVY_REPORT_KIND).length;
  const files = reports.map((r) => (r.spec as unknown as TrivyReportSpec).file);
  const entry: CoverageEntry =
    count > 0
      ? { kind: TRIVY_REPORT_KIND_ID, status: 'collected', count, ...(files.length ? { message: `from --vulns: ${files.join(', ')}` } : {}) }
      : { kind: TRIVY_REPORT_KIND_ID, status: 'absent', count: 0, message: 'no Trivy report was given (--vulns)' };
  const { digest: _old, ...body } = snapshot;
  return sealSnapshot({ ...body, objects, coverage: [...snapshot.coverage.filter((c) => c.kind !== TRIVY_REPORT_KIND_ID), entry] });
}

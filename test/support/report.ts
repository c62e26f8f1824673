import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { collectSnapshot } from '../../src/collect/source.js';
import { prepareEvaluation } from '../../src/cli/commands/shared.js';
import type { EvidenceRecord, Results } from '../../src/evaluate/types.js';
import { PACKAGE_ROOT } from '../../src/paths.js';
import type { ReportInput } from '../../src/report/view-model.js';

export const REPORT_FIXTURES = join(PACKAGE_ROOT, 'test', 'fixtures', 'report');

/** A hostile string that must stay text wherever a report shows it. */
export const XSS_NAME = '<img src=x onerror=alert(1)>';
export const XSS_SCRIPT = '</script><script>alert(2)</script>';

let cached: Results | undefined;

/**
 * The report fixture estate (PCI and HIPAA namespaces, hostile and non-Latin names, an active and
 * an expired waiver, an applied and an expired attestation), evaluated in-process at a fixed
 * collection time.
 */
export async function fixtureResults(): Promise<Results> {
  if (cached) return structuredClone(cached);
  const saved = process.env.SOURCE_DATE_EPOCH;
  const cwd = process.cwd();
  process.env.SOURCE_DATE_EPOCH = '1795000000';
  process.chdir(PACKAGE_ROOT);
  try {
    const evaluation = prepareEvaluation({ waivers: join(REPORT_FIXTURES, 'waivers.yaml'), attestations: join(REPORT_FIXTURES, 'attestations.yaml') });
    const snapshot = await collectSnapshot({ manifests: ['test/fixtures/report/estate'], clusterName: 'prod-eu-1' });
    cached = evaluation.run(snapshot);
  } finally {
    process.chdir(cwd);
    if (saved === undefined) delete process.env.SOURCE_DATE_EPOCH;
    else process.env.SOURCE_DATE_EPOCH = saved;
  }
  return structuredClone(cached);
}

/** The fixture with a RoleBinding kind that could not be read and a control left not assessed by it. */
export async function resultsWithGap(): Promise<Results> {
  const r = await fixtureResults();
  const message = '403 Forbidden: rolebindings.rbac.authorization.k8s.io is forbidden';
  r.coverage = r.coverage.map((c) => (c.kind === 'RoleBinding' ? { ...c, status: 'forbidden', count: 0, message } : c));
  r.controls.push({
    id: 'KP-RB-901',
    name: 'rolebinding-review',
    title: 'RoleBindings grant no wildcard verbs',
    severity: 'high',
    status: 'not-assessed',
    reason: `the data this control needs is missing: RoleBinding forbidden (${message})`,
    check: 'rolebinding-review',
    frameworks: { 'cis-kubernetes-1.12': ['5.1.1', '5.1.3'], 'pci-dss-4.0.1': ['7.2.1'] },
    counts: { pass: 0, fail: 0, waived: 0 },
    evidence: [],
  });
  for (const f of r.frameworks) {
    const ids = r.controls.at(-1)!.frameworks[f.id] ?? [];
    for (const req of f.requirements) {
      if (!ids.includes(req.id)) continue;
      f.counts[req.status]--;
      req.status = 'not-assessed';
      req.reason = `KP-RB-901: the data this control needs is missing: RoleBinding forbidden (${message})`;
      req.controls.push({ id: 'KP-RB-901', status: 'not-assessed', counts: { pass: 0, fail: 0, waived: 0 } });
      f.counts['not-assessed']++;
    }
  }
  return r;
}

/** The fixture with inventories, as another part of kubeproof will add them. */
export async function resultsWithInventories(): Promise<ReportInput> {
  const r: ReportInput = await fixtureResults();
  r.inventories = {
    images: [
      { image: 'registry.example.com/payments/card-vault@sha256:3b1f0c2d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9', digest: 'sha256:3b1f0c2d', workloads: 2, namespaces: ['payments'] },
      { image: 'busybox"><svg onload=alert(3)>', workloads: [{ apiVersion: 'v1', kind: 'Pod', namespace: 'web', name: XSS_NAME }], namespaces: ['web'] },
    ],
    rbac: [{ kind: 'ServiceAccount', namespace: 'payments', name: 'vault', rules: [{ verbs: ['get', 'list'], resources: ['secrets'], namespace: 'payments' }], bindings: [{ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', namespace: 'payments', name: 'vault-read' }] }],
  };
  return r;
}

/** The fixture with n more failing records for KP-PS-001, spread over namespaces, to exercise summarising. */
export async function resultsWithManyFindings(n: number): Promise<Results> {
  const r = await fixtureResults();
  const c = r.controls.find((x) => x.id === 'KP-PS-001')!;
  const extra: EvidenceRecord[] = [];
  for (let i = 0; i < n; i++) {
    const ns = `team-${String(i % 7).padStart(2, '0')}`;
    extra.push({
      outcome: 'fail',
      object: { apiVersion: 'apps/v1', kind: 'Deployment', namespace: ns, name: `svc-${String(i).padStart(5, '0')}` },
      container: 'app',
      pointer: '/spec/template/spec/containers/0/securityContext/privileged',
      observed: true,
      expected: 'false or unset',
      message: 'Container app runs privileged: it has every capability of the host.',
      source: { file: `manifests/${ns}/svc-${i}.yaml`, line: 21 },
      fingerprint: `f${String(i).padStart(15, '0')}`,
    });
  }
  c.evidence = [...c.evidence.filter((e) => e.outcome !== 'pass'), ...extra, ...c.evidence.filter((e) => e.outcome === 'pass')];
  c.counts.fail += n;
  // The whole-estate framework sees the new namespaces, as the engine would have listed them.
  for (const f of r.frameworks) {
    if (f.scope.tag === 'all') f.scope.namespaces = [...new Set([...f.scope.namespaces, ...extra.map((e) => e.object.namespace!)])].sort();
  }
  return r;
}

export function tmp(prefix = 'kp-report-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

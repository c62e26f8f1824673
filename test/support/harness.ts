import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseManifestText } from '../../src/collect/manifests.js';
import { redactObject } from '../../src/collect/redact.js';
import type { Check, EvidenceInput } from '../../src/checks/types.js';
import { KNOWN_KINDS, kindIdOf } from '../../src/snapshot/kinds.js';
import { SnapshotIndex } from '../../src/snapshot/index.js';
import { sealSnapshot } from '../../src/snapshot/io.js';
import { SNAPSHOT_SCHEMA_VERSION, objectKey, type CoverageEntry, type K8sObject, type Snapshot } from '../../src/snapshot/types.js';
import { PACKAGE_ROOT } from '../../src/paths.js';
import { DEFAULT_CONFIG, type Config } from '../../src/config.js';
import { resolveScope } from '../../src/evaluate/scope.js';

export const FIXTURES = join(PACKAGE_ROOT, 'test', 'fixtures');

export function fixture(...parts: string[]): string {
  return readFileSync(join(FIXTURES, ...parts), 'utf8');
}

/** A sealed snapshot of the objects in a YAML text, every known kind `collected` unless overridden. */
export function snapshotOf(yamlText: string, coverage: Partial<Record<string, Omit<CoverageEntry, 'kind'>>> = {}): Snapshot {
  const parsed = parseManifestText(yamlText, 'fixture.yaml');
  const objects: K8sObject[] = [];
  const sources: Snapshot['sources'] = {};
  for (const { object, location } of parsed) {
    objects.push(redactObject(object));
    sources[objectKey(object)] = location;
  }
  const counts = new Map<string, number>();
  for (const o of objects) counts.set(kindIdOf(o.apiVersion, o.kind), (counts.get(kindIdOf(o.apiVersion, o.kind)) ?? 0) + 1);
  const entries: CoverageEntry[] = KNOWN_KINDS.map((k) => ({ kind: k.id, status: 'collected' as const, count: counts.get(k.id) ?? 0 }));
  for (const [kind, over] of Object.entries(coverage)) {
    const i = entries.findIndex((e) => e.kind === kind);
    const entry = { kind, ...over! } as CoverageEntry;
    if (i >= 0) entries[i] = entry;
    else entries.push(entry);
  }
  return sealSnapshot({
    schemaVersion: SNAPSHOT_SCHEMA_VERSION,
    source: { type: 'manifests', detail: ['fixture.yaml'] },
    cluster: { name: 'fixture', server: null, version: null },
    collectedAt: '2026-11-01T00:00:00.000Z',
    coverage: entries,
    objects,
    sources,
  });
}

export interface CheckRun {
  evidence: EvidenceInput<string>[];
  notAssessed?: string;
  notApplicable?: string;
}

/** Runs one check over the objects of a YAML text, with its options validated as a control would. */
export function runCheck(check: Check, options: unknown, yamlText: string, config: Config = DEFAULT_CONFIG): CheckRun {
  const index = new SnapshotIndex(snapshotOf(yamlText));
  const run: CheckRun = { evidence: [] };
  check.evaluate({
    index,
    options: check.options.parse(options),
    scope: (tag) => resolveScope(tag, index, config),
    config,
    asOf: index.snapshot.collectedAt,
    report: (e) => run.evidence.push(e),
    notAssessed: (r) => {
      run.notAssessed ??= r;
    },
    notApplicable: (r) => {
      run.notApplicable ??= r;
    },
  });
  return run;
}

/** A compact line per evidence record, for table assertions: `fail Deployment/web app /spec/...`. */
export function summarise(run: CheckRun): string[] {
  return run.evidence
    .map((e) => `${e.outcome} ${e.object.kind}/${e.object.namespace ? `${e.object.namespace}/` : ''}${e.object.name}${e.container ? ` ${e.container}` : ''} ${e.pointer}`)
    .sort();
}

/** The evidence lines with a given outcome. */
export function outcomes(run: CheckRun, outcome: 'pass' | 'fail'): string[] {
  return summarise(run).filter((l) => l.startsWith(`${outcome} `)).map((l) => l.slice(outcome.length + 1));
}

/** A bare Pod in namespace `apps` with the given spec lines (indented two spaces), for table tests. */
export const pod = (spec: string): string => `
apiVersion: v1
kind: Pod
metadata: {name: p, namespace: apps}
spec:
${spec}`;

/** One line per evidence record: outcome, pointer, message id and observed value, sorted. */
export const details = (run: CheckRun): string[] =>
  run.evidence.map((e) => `${e.outcome} ${e.pointer} ${e.messageId} ${JSON.stringify(e.observed)}`).sort();

import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { UsageError } from '../errors.js';
import { readSnapshot, sealSnapshot } from '../snapshot/io.js';
import { SNAPSHOT_SCHEMA_VERSION, type Snapshot } from '../snapshot/types.js';
import { decodeText, loadManifests } from './manifests.js';
import type { CollectLog } from './progress.js';
import { readTrivyReports, withTrivyReports } from './vulns.js';

async function readStream(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return decodeText(Buffer.concat(chunks), '<stdin>');
}

export interface SourceOptions {
  /** Where `-` reads from; process.stdin by default. */
  stdin?: NodeJS.ReadableStream;
  kubeconfig?: string;
  context?: string;
  inCluster?: boolean;
  manifests?: string[];
  snapshot?: string;
  namespace?: string;
  clusterName?: string;
  /** Trivy image reports (JSON) to add to the snapshot. */
  vulns?: string[];
  /** Live cluster: parallel requests, items per page, per-request timeout and whole-run deadline (ms or `30s`, `10m`). */
  concurrency?: number | string;
  pageSize?: number | string;
  timeout?: number | string;
  deadline?: number | string;
  /** Live cluster: read each kubelet's configuration through nodes/proxy. */
  nodeConfig?: boolean;
}

/** The one time kubeproof reads the clock for a snapshot; SOURCE_DATE_EPOCH makes it reproducible. */
export function collectionTime(): string {
  const epoch = process.env.SOURCE_DATE_EPOCH;
  if (epoch !== undefined && epoch !== '') {
    if (!/^\d+$/.test(epoch)) throw new UsageError(`SOURCE_DATE_EPOCH must be whole seconds since 1970, not ${JSON.stringify(epoch)}`);
    return new Date(Number(epoch) * 1000).toISOString();
  }
  return new Date().toISOString();
}

export function chosenSource(o: SourceOptions): 'manifests' | 'snapshot' | 'cluster' {
  const chosen = [
    o.manifests?.length ? '--manifests' : undefined,
    o.snapshot ? '--snapshot' : undefined,
    o.inCluster ? '--in-cluster' : undefined,
    o.kubeconfig || o.context ? '--kubeconfig/--context' : undefined,
  ].filter(Boolean);
  if (chosen.length > 1) throw new UsageError(`choose one source, not ${chosen.join(' and ')}`);
  if (o.manifests?.length) return 'manifests';
  if (o.snapshot) return 'snapshot';
  if (o.inCluster || o.kubeconfig || o.context) return 'cluster';
  const kubeconfig = process.env.KUBECONFIG || join(homedir(), '.kube', 'config');
  if (!process.env.KUBECONFIG && !existsSync(kubeconfig)) {
    throw new UsageError(
      'no source given and no kubeconfig found ($KUBECONFIG is unset and ~/.kube/config does not exist).\n' +
        'Audit manifests with --manifests PATH, a saved snapshot with --snapshot FILE, or try the bundled sample estate:\n' +
        '  npx kubeproof audit --manifests samples/estate --out out',
    );
  }
  return 'cluster';
}

/** The estate from its source, with the vulnerability reports of --vulns added. */
export async function collectSnapshot(o: SourceOptions, log?: CollectLog): Promise<Snapshot> {
  const kind = chosenSource(o);
  const reports = readTrivyReports(o.vulns ?? [], process.cwd());
  return withTrivyReports(await collectEstate(o, kind, log), reports, kind !== 'snapshot');
}

async function collectEstate(o: SourceOptions, kind: ReturnType<typeof chosenSource>, log?: CollectLog): Promise<Snapshot> {
  if (kind === 'snapshot') return readSnapshot(o.snapshot!);
  if (kind === 'manifests') {
    // stdin is read asynchronously so that an interrupt while waiting for a pipe is handled.
    const piped = o.manifests!.includes('-') ? await readStream(o.stdin ?? process.stdin) : undefined;
    const set = loadManifests(o.manifests!, {
      defaultNamespace: o.namespace ?? 'default',
      cwd: process.cwd(),
      ...(piped !== undefined ? { stdin: () => piped } : {}),
    });
    const first = o.manifests![0]!;
    return sealSnapshot({
      schemaVersion: SNAPSHOT_SCHEMA_VERSION,
      source: { type: 'manifests', detail: set.files },
      cluster: { name: o.clusterName ?? (first === '-' ? 'stdin' : basename(resolve(first))), server: null, version: null },
      collectedAt: collectionTime(),
      coverage: set.coverage,
      objects: set.objects,
      sources: set.sources,
    });
  }
  const { collectCluster } = await import('./cluster.js');
  return collectCluster(o, log ? { log } : {});
}

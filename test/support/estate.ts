import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { SECRET_TYPES } from '../../src/collect/plan.js';
import { sealSnapshot, type SnapshotBody } from '../../src/snapshot/io.js';
import { objectKey, type K8sObject, type Snapshot } from '../../src/snapshot/types.js';
import { PACKAGE_ROOT } from '../../src/paths.js';

export const ESTATE_FIXTURE = join(PACKAGE_ROOT, 'test', 'fixtures', 'collect', 'estate.yaml');
export const SAMPLE_ESTATE = join(PACKAGE_ROOT, 'samples', 'estate');

/** The estates a collection must reproduce: the collector's own fixture, and the bundled sample when present. */
export function estates(): Array<{ name: string; path: string }> {
  const out = [{ name: 'collector fixture', path: ESTATE_FIXTURE }];
  if (existsSync(SAMPLE_ESTATE)) out.push({ name: 'sample estate', path: SAMPLE_ESTATE });
  return out;
}

export const CANARY = 'kp-canary-7f3a9c';

/** Every form a canary could leak in: as written, base64 of each secret, and the base64 of the prefix. */
export const CANARY_FORMS = [CANARY, Buffer.from(`${CANARY}-SECRET`).toString('base64'), Buffer.from(CANARY).toString('base64').slice(0, 16)];

/**
 * A cluster snapshot and a manifest snapshot of the same estate, made comparable: the identity
 * fields that must differ (source, cluster, time, manifest line numbers) fixed; what a metadata-only
 * Secret list cannot know (`immutable`, a type kubeproof does not ask for) dropped from the
 * manifest side; what the server assigned that the manifests did not say (uid, resourceVersion)
 * dropped from the cluster side.
 */
export function comparable(cluster: Snapshot, manifests: Snapshot): { cluster: Snapshot; manifests: Snapshot } {
  const fromManifests = new Map(manifests.objects.map((o) => [objectKey(o), o]));
  const fix = (s: Snapshot, objects: K8sObject[]): Snapshot => {
    const { digest: _d, ...body } = s;
    const b: SnapshotBody = { ...body, source: { type: 'cluster', detail: ['x'] }, cluster: { name: 'x', server: null, version: null }, collectedAt: '2026-01-01T00:00:00.000Z', sources: {}, objects };
    return sealSnapshot(b);
  };
  const clusterObjects = cluster.objects.map((o) => {
    const copy = structuredClone(o);
    const m = fromManifests.get(objectKey(o));
    if (m) {
      for (const field of ['uid', 'resourceVersion'] as const) if (m.metadata[field] === undefined) delete copy.metadata[field];
    }
    return copy;
  });
  const manifestObjects = manifests.objects.map((o) => {
    const copy = structuredClone(o);
    if (copy.kind === 'Secret' && copy.apiVersion === 'v1') {
      delete copy.immutable;
      if (copy.type !== undefined && !(SECRET_TYPES as readonly string[]).includes(copy.type as string)) delete copy.type;
    }
    return copy;
  });
  return { cluster: fix(cluster, clusterObjects), manifests: fix(manifests, manifestObjects) };
}

import { z } from 'zod';
import { SNAPSHOT_SCHEMA_VERSION } from './types.js';

const ownerReference = z.looseObject({
  apiVersion: z.string(),
  kind: z.string(),
  name: z.string(),
  uid: z.string(),
  controller: z.boolean().optional(),
});

export const objectMetaSchema = z.looseObject({
  name: z.string().min(1, 'expected a non-empty metadata.name'),
  namespace: z.string().min(1).optional(),
  uid: z.string().optional(),
  labels: z.record(z.string(), z.string()).optional(),
  annotations: z.record(z.string(), z.string()).optional(),
  ownerReferences: z.array(ownerReference).optional(),
  creationTimestamp: z.string().optional(),
});

export const k8sObjectSchema = z.looseObject({
  apiVersion: z.string().min(1, 'expected a non-empty apiVersion'),
  kind: z.string().min(1, 'expected a non-empty kind'),
  metadata: objectMetaSchema,
});

export const coverageEntrySchema = z.strictObject({
  kind: z.string().min(1),
  status: z.enum(['collected', 'forbidden', 'absent', 'error']),
  count: z.number().int().nonnegative(),
  message: z.string().optional(),
});

export const sourceLocationSchema = z.strictObject({
  file: z.string(),
  line: z.number().int().positive(),
  template: z.string().optional(),
  fields: z.record(z.string(), z.number().int().positive()).optional(),
});

export const snapshotSchema = z.strictObject({
  schemaVersion: z.literal(SNAPSHOT_SCHEMA_VERSION),
  source: z.strictObject({
    type: z.enum(['manifests', 'cluster', 'synthetic']),
    detail: z.array(z.string()),
  }),
  cluster: z.strictObject({
    name: z.string().min(1),
    server: z.string().nullable(),
    version: z.string().nullable(),
  }),
  collectedAt: z.iso.datetime({ offset: false }),
  coverage: z.array(coverageEntrySchema),
  objects: z.array(k8sObjectSchema),
  sources: z.record(z.string(), sourceLocationSchema),
  digest: z.string().regex(/^sha256:[0-9a-f]{64}$/, 'expected sha256:<64 hex digits>'),
});

/** Everything but the objects, which are checked one by one with a compiled validator (far faster at 300k objects). */
export const snapshotHeaderSchema = snapshotSchema.omit({ objects: true });

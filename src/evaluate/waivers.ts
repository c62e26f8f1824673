import { z } from 'zod';
import { InputError } from '../errors.js';
import type { Catalog } from '../catalog/load.js';
import type { ObjectRef } from '../snapshot/types.js';
import { readYamlFile } from '../util/yaml-input.js';

/** A date YAML may give as a date or a string, kept as YYYY-MM-DD. */
export const isoDate = z.union([z.date(), z.string()]).transform((v, ctx) => {
  const s = v instanceof Date ? v.toISOString().slice(0, 10) : v;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s) || Number.isNaN(Date.parse(`${s}T00:00:00Z`))) {
    ctx.addIssue({ code: 'custom', message: 'expected a date YYYY-MM-DD' });
    return z.NEVER;
  }
  return s;
});

const matchSchema = z
  .strictObject({
    namespace: z.string().min(1).optional(),
    kind: z.string().min(1).optional(),
    name: z.string().min(1).optional(),
    container: z.string().min(1).optional(),
  })
  .default({});

const waiverSchema = z.strictObject({
  id: z.string().min(1).optional(),
  control: z.string().min(1, 'expected a control id'),
  match: matchSchema,
  justification: z.string().trim().min(10, 'expected a justification of at least 10 characters'),
  approver: z.string().trim().min(1, 'expected who approved the waiver'),
  expires: isoDate,
});

export const waiverFileSchema = z.strictObject({
  apiVersion: z.literal('kubeproof.io/v1').optional(),
  kind: z.literal('Waivers').optional(),
  waivers: z.array(waiverSchema),
});

export interface Waiver {
  id: string;
  control: string;
  match: { namespace?: string; kind?: string; name?: string; container?: string };
  justification: string;
  approver: string;
  expires: string;
  /** End of the expiry day, UTC. */
  expiresAt: number;
}

/** Reads a waivers file; a waiver for a control the catalogue does not have is an error. */
export function loadWaivers(path: string, catalog: Catalog): Waiver[] {
  const { value, source } = readYamlFile(path, waiverFileSchema, 'waivers');
  return value.waivers.map((w, i) => {
    const control = catalog.control(w.control);
    if (!control) {
      throw new InputError(`waivers: waivers[${i}].control: no control ${w.control} in the catalogue`, {
        file: path,
        line: source.lineOf(['waivers', i, 'control']) ?? 1,
      });
    }
    return {
      id: w.id ?? `W${String(i + 1).padStart(3, '0')}`,
      control: control.id,
      match: w.match,
      justification: w.justification,
      approver: w.approver,
      expires: w.expires,
      expiresAt: Date.parse(`${w.expires}T23:59:59.999Z`),
    };
  });
}

/** `*` matches any run of characters; everything else is literal. */
function glob(pattern: string | undefined, value: string | undefined): boolean {
  if (pattern === undefined) return true;
  if (value === undefined) return false;
  const re = new RegExp(`^${pattern.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
  return re.test(value);
}

export function waiverMatches(w: Waiver, object: ObjectRef, container: string | undefined): boolean {
  return (
    glob(w.match.namespace, object.namespace) &&
    glob(w.match.kind, object.kind) &&
    glob(w.match.name, object.name) &&
    glob(w.match.container, container)
  );
}

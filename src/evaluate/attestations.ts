import { z } from 'zod';
import { InputError } from '../errors.js';
import type { Catalog } from '../catalog/load.js';
import { readYamlFile } from '../util/yaml-input.js';
import { isoDate } from './waivers.js';

const text = z.string().trim().min(1);

const attestationSchema = z.strictObject({
  id: z.string().min(1).optional(),
  framework: z.string().min(1, 'expected a framework id such as pci-dss-4.0.1'),
  requirement: z.union([z.string().min(1), z.number()]).transform((v) => String(v)),
  statement: z.string().trim().min(10, 'expected a statement of at least 10 characters: what the assessor checked and found'),
  attestedBy: text,
  date: isoDate,
  /** Where the evidence is: a ticket, a document, a URL. */
  evidence: text,
  expires: isoDate,
});

export const attestationFileSchema = z.strictObject({
  apiVersion: z.literal('kubeproof.io/v1').optional(),
  kind: z.literal('Attestations').optional(),
  attestations: z.array(attestationSchema),
});

export interface Attestation {
  id: string;
  framework: string;
  requirement: string;
  statement: string;
  attestedBy: string;
  date: string;
  evidence: string;
  expires: string;
  /** Start of the attestation day and end of the expiry day, UTC. */
  dateAt: number;
  expiresAt: number;
}

/**
 * Reads an attestations file. A framework or requirement the catalogue does not have, two
 * attestations of one requirement, or an expiry before the date, is an error at its line.
 */
export function loadAttestations(path: string, catalog: Catalog): Attestation[] {
  const { value, source } = readYamlFile(path, attestationFileSchema, 'attestations');
  const seen = new Map<string, number>();
  return value.attestations.map((a, i) => {
    const at = (field: string) => ({ file: path, line: source.lineOf(['attestations', i, field]) ?? 1 });
    const framework = catalog.framework(a.framework);
    if (!framework) {
      throw new InputError(`attestations: attestations[${i}].framework: no framework ${a.framework} (known: ${catalog.frameworks.map((f) => f.id).join(', ')})`, at('framework'));
    }
    if (!framework.leaves.some((l) => l.id === a.requirement)) {
      throw new InputError(`attestations: attestations[${i}].requirement: ${a.framework} has no requirement ${a.requirement}`, at('requirement'));
    }
    const key = `${a.framework}\u0000${a.requirement}`;
    const other = seen.get(key);
    if (other !== undefined) throw new InputError(`attestations: attestations[${i}]: ${a.framework} ${a.requirement} is already attested by attestations[${other}]`, at('requirement'));
    seen.set(key, i);
    const dateAt = Date.parse(`${a.date}T00:00:00Z`);
    const expiresAt = Date.parse(`${a.expires}T23:59:59.999Z`);
    if (expiresAt < dateAt) throw new InputError(`attestations: attestations[${i}].expires: ${a.expires} is before the attestation date ${a.date}`, at('expires'));
    return { id: a.id ?? `A${String(i + 1).padStart(3, '0')}`, ...a, dateAt, expiresAt };
  });
}

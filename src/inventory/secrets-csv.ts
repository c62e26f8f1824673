import type { SecretsInventory } from './secrets.js';

export const SECRETS_CSV_COLUMNS = ['namespace', 'name', 'type', 'created', 'age_days', 'managed_by', 'service_account', 'used', 'uses'] as const;

/**
 * secrets.csv as rows of text, header first: names and usage only. There is no value to write:
 * the inventory is built from references, and snapshots hold no Secret data.
 */
export function secretsCsvRows(inventory: SecretsInventory): { header: string[]; rows: string[][] } {
  const rows = inventory.secrets.map((s) => [
    s.ref.namespace ?? '',
    s.ref.name,
    s.type ?? '',
    s.createdAt ?? '',
    s.ageDays === null ? '' : String(s.ageDays),
    s.managedBy ?? '',
    s.serviceAccount ?? '',
    s.uses.length ? 'yes' : 'no',
    s.uses.map((u) => `${u.by.kind} ${u.by.name} (${u.how}${u.container ? ` ${u.container}` : ''})`).join('; '),
  ]);
  return { header: [...SECRETS_CSV_COLUMNS], rows };
}

import type { ImagesInventory, ImageRow } from './images.js';

export const IMAGES_CSV_COLUMNS = [
  'image',
  'registry',
  'repository',
  'tag',
  'digest_asked',
  'digests_running',
  'pods',
  'pull_policies',
  'workloads',
  'namespaces',
  'in_scope',
  'scopes',
  'critical',
  'high',
  'medium',
  'low',
  'unknown',
  'fixable_critical',
  'fixable_high',
  'report',
  'report_created',
  'report_age_days',
  'report_matched_by',
  'image_created',
  'image_age_days',
  'error',
] as const;

const list = (values: readonly string[]): string => values.join(' ');
const num = (n: number | null | undefined): string => (n === null || n === undefined ? '' : String(n));

function cells(r: ImageRow): string[] {
  return [
    r.image,
    r.registry ?? '',
    r.repository ?? '',
    r.tag ?? '',
    r.digest ?? '',
    list(r.runningDigests),
    String(r.pods),
    list(r.pullPolicies),
    list(r.workloads.map((w) => `${w.kind}/${w.namespace ? `${w.namespace}/` : ''}${w.name}`)),
    list(r.namespaces),
    r.inScope ? 'yes' : 'no',
    list(r.scopes),
    num(r.vulnerabilities?.critical),
    num(r.vulnerabilities?.high),
    num(r.vulnerabilities?.medium),
    num(r.vulnerabilities?.low),
    num(r.vulnerabilities?.unknown),
    num(r.fixable?.critical),
    num(r.fixable?.high),
    r.report?.label ?? '',
    r.report?.createdAt ?? '',
    num(r.report?.ageDays),
    r.report?.matchedBy ?? '',
    r.imageCreated ?? '',
    num(r.imageAgeDays),
    r.error ?? '',
  ];
}

/**
 * images.csv as rows of text, header first: one row per image. Quoting, the formula-injection
 * guard and line endings belong to the CSV writer of the report renderers; an empty cell means
 * "not known" (no report, no date), never zero.
 */
export function imagesCsvRows(inventory: ImagesInventory): { header: string[]; rows: string[][] } {
  return { header: [...IMAGES_CSV_COLUMNS], rows: inventory.items.map(cells) };
}

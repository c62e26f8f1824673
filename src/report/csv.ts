import { stringify } from 'csv-stringify/sync';
import type { Results } from '../evaluate/types.js';
import { showInvisibleInText } from '../util/inert.js';
import { valueText } from './format.js';

export const CSV_COLUMNS = [
  'control_id',
  'control_title',
  'severity',
  'control_status',
  'outcome',
  'kind',
  'api_version',
  'namespace',
  'name',
  'uid',
  'container',
  'field_pointer',
  'observed',
  'expected',
  'message',
  'source_file',
  'source_line',
  'helm_template',
  'waiver_id',
  'waiver_expires',
  'waiver_expired',
  'fingerprint',
  'requirements',
] as const;

/**
 * A spreadsheet opening the file must not run a cell as a formula (CSV injection): a cell that
 * starts with = + - @, a tab or a carriage return gets a leading apostrophe, which spreadsheets
 * show as text. Control, bidirectional and zero-width characters are shown as escapes, as in
 * every report. Quoting itself is left to csv-stringify.
 */
export function neutralise(cell: string): string {
  const shown = showInvisibleInText(cell);
  return /^[=+\-@\t\r]/.test(shown) ? `'${shown}` : shown;
}

/** findings.csv: every evidence record of every control (pass, fail, waived), one row each. */
export function* findingsCsvChunks(results: Results): Generator<string> {
  const frameworks = results.run.frameworks;
  const options = { bom: false, record_delimiter: 'windows' as const, quoted_match: /^\s|\s$/ };
  yield `\ufeff${stringify([[...CSV_COLUMNS]], options)}`;
  let batch: string[][] = [];
  for (const c of results.controls) {
    const requirements = frameworks
      .filter((f) => c.frameworks[f]?.length)
      .map((f) => `${f}:${c.frameworks[f]!.join(' ')}`)
      .join('; ');
    for (const e of c.evidence) {
      const row = [
        c.id,
        c.title,
        c.severity,
        c.status,
        e.outcome,
        e.object.kind,
        e.object.apiVersion,
        e.object.namespace ?? '',
        e.object.name,
        e.object.uid ?? '',
        e.container ?? '',
        e.pointer,
        valueText(e.observed),
        e.expected,
        e.message,
        e.source?.file ?? '',
        e.source ? String(e.source.line) : '',
        e.source?.template ?? '',
        e.waiver?.id ?? '',
        e.waiver?.expires ?? '',
        e.waiver ? String(e.waiver.expired) : '',
        e.fingerprint ?? '',
        requirements,
      ];
      batch.push(row.map(neutralise));
      if (batch.length >= 2000) {
        yield stringify(batch, options);
        batch = [];
      }
    }
  }
  if (batch.length) yield stringify(batch, options);
}

/** Any table as CSV, with the same quoting, line endings and formula guard as findings.csv. */
export function tableCsv(table: { header: string[]; rows: string[][] }): string {
  const options = { bom: false, record_delimiter: 'windows' as const, quoted_match: /^\s|\s$/ };
  return `\ufeff${stringify([table.header, ...table.rows.map((r) => r.map(neutralise))], options)}`;
}

import { join } from 'node:path';
import { loadCatalog, type Catalog } from '../../catalog/load.js';
import { SEVERITIES, severityRank, type Severity } from '../../catalog/schema.js';
import { loadConfig, type Config } from '../../config.js';
import { UsageError } from '../../errors.js';
import { evaluate } from '../../evaluate/engine.js';
import type { Results } from '../../evaluate/types.js';
import { loadWaivers } from '../../evaluate/waivers.js';
import { loadAttestations } from '../../evaluate/attestations.js';
import { PAPERS, REPORT_FORMATS, type Paper, type ReportFormat } from '../../report/formats.js';
import type { Snapshot } from '../../snapshot/types.js';

export const FORMATS = ['json', ...REPORT_FORMATS] as const;
export const PLANNED_FORMATS: string[] = [];

export interface EvaluationFlags {
  framework?: string[];
  waivers?: string;
  attestations?: string;
  config?: string;
  controls?: string[];
  asOf?: string;
}

export function parseList(value: string, previous: string[] = []): string[] {
  return [...previous, ...value.split(',').map((s) => s.trim()).filter(Boolean)];
}

export function parseFormats(list: string[] | undefined): string[] {
  const formats = list?.length ? list : ['json'];
  for (const f of formats) {
    if ((FORMATS as readonly string[]).includes(f)) continue;
    if (PLANNED_FORMATS.includes(f)) throw new UsageError(`--format ${f} is not available in this build yet (available: ${FORMATS.join(', ')})`);
    throw new UsageError(`unknown --format ${f} (available: ${FORMATS.join(', ')})`);
  }
  return [...new Set(formats)];
}

/** The report formats among --format (json is results.json itself). */
export function reportFormats(formats: string[]): ReportFormat[] {
  return formats.filter((f): f is ReportFormat => (REPORT_FORMATS as readonly string[]).includes(f));
}

export function parsePaper(value: string | undefined): Paper {
  if (value === undefined) return 'a4';
  const v = value.toLowerCase();
  if ((PAPERS as readonly string[]).includes(v)) return v as Paper;
  throw new UsageError(`--paper takes ${PAPERS.join(' or ')}, not ${JSON.stringify(value)}`);
}

export function parseFailOn(value: string | undefined): Severity | 'none' {
  if (value === undefined || value === 'none') return 'none';
  if ((SEVERITIES as readonly string[]).includes(value)) return value as Severity;
  throw new UsageError(`--fail-on takes one of ${SEVERITIES.join(', ')} or none, not ${JSON.stringify(value)}`);
}

export function parseAsOf(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw new UsageError(`--as-of takes an ISO date or time such as 2026-11-24 or 2026-11-24T08:00:00Z, not ${JSON.stringify(value)}`);
  return new Date(ms).toISOString();
}

export function prepareEvaluation(flags: EvaluationFlags): { catalog: Catalog; config: Config; run: (s: Snapshot) => Results } {
  const catalog = loadCatalog(flags.controls ?? []);
  const config = loadConfig(flags.config);
  for (const id of Object.keys(config.controls)) {
    if (!catalog.control(id)) throw new UsageError(`config: controls.${id}: no such control in the catalogue`);
  }
  const waivers = flags.waivers ? loadWaivers(flags.waivers, catalog) : [];
  const attestations = flags.attestations ? loadAttestations(flags.attestations, catalog) : [];
  const asOf = parseAsOf(flags.asOf);
  return {
    catalog,
    config,
    run: (snapshot) =>
      evaluate(snapshot, catalog, {
        ...(flags.framework?.length ? { frameworks: flags.framework } : {}),
        waivers,
        attestations,
        config,
        ...(asOf ? { asOf } : {}),
      }),
  };
}

/** 1 when a control at or above the threshold failed (waived findings do not count). */
export function gateExitCode(results: Results, failOn: Severity | 'none'): 0 | 1 {
  if (failOn === 'none') return 0;
  return results.controls.some((c) => c.status === 'fail' && severityRank[c.severity] >= severityRank[failOn]) ? 1 : 0;
}

export function outPath(dir: string, name: string): string {
  return join(dir, name);
}

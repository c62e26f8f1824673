import { createHash } from 'node:crypto';
import type { Results } from '../evaluate/types.js';
import { writeOutput } from '../util/fs.js';
import { writeOutputChunks } from '../util/fs-stream.js';
import { findingsCsvChunks } from './csv.js';
import { renderHtml } from './html.js';
import { junitChunks } from './junit.js';
import { renderMarkdown } from './markdown.js';
import { oscalChunks } from './oscal.js';
import type { Paper } from './pdf/layout.js';
import { renderPdf } from './pdf/render.js';
import { sarifChunks } from './sarif.js';
import { buildViewModel, type ReportInput, type ReportModel } from './view-model.js';

export type { Paper } from './pdf/layout.js';

export const REPORT_FORMATS = ['html', 'pdf', 'csv', 'junit', 'sarif', 'md', 'oscal'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/** The file each format writes in the output folder. */
export const REPORT_FILES: Record<ReportFormat, string> = {
  html: 'report.html',
  pdf: 'report.pdf',
  csv: 'findings.csv',
  junit: 'junit.xml',
  sarif: 'results.sarif',
  md: 'summary.md',
  oscal: 'oscal-assessment-results.json',
};

export const PAPERS: readonly Paper[] = ['a4', 'letter'];

export interface ReportOptions {
  formats: readonly ReportFormat[];
  paper?: Paper;
  /** `sha256:<hex>` of the results.json bytes the reports are drawn from. */
  resultsDigest?: string;
}

export function sha256Of(data: string | Buffer): string {
  return `sha256:${createHash('sha256').update(data).digest('hex')}`;
}

/** Writes each requested report into dir (atomically, file by file); returns the paths written. */
export async function writeReports(dir: string, results: Results, options: ReportOptions): Promise<string[]> {
  const written: string[] = [];
  let vm: ReportModel | undefined;
  const model = (): ReportModel => (vm ??= buildViewModel(results as ReportInput, options.resultsDigest ? { resultsDigest: options.resultsDigest } : {}));
  const path = (f: ReportFormat): string => `${dir.replace(/\/+$/, '')}/${REPORT_FILES[f]}`;
  for (const format of REPORT_FORMATS) {
    if (!options.formats.includes(format)) continue;
    const target = path(format);
    switch (format) {
      case 'html':
        writeOutput(target, renderHtml(model()));
        break;
      case 'pdf':
        writeOutput(target, await renderPdf(model(), { paper: options.paper ?? 'a4' }));
        break;
      case 'csv':
        writeOutputChunks(target, findingsCsvChunks(results));
        break;
      case 'junit':
        writeOutputChunks(target, junitChunks(results));
        break;
      case 'sarif':
        writeOutputChunks(target, sarifChunks(results));
        break;
      case 'md':
        writeOutput(target, renderMarkdown(model(), results));
        break;
      case 'oscal':
        writeOutputChunks(target, oscalChunks(results, options.resultsDigest));
        break;
    }
    written.push(target);
  }
  return written;
}

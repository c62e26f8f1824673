import { createHash } from 'node:crypto';
import type { Results } from '../evaluate/types.js';
import { writeOutput } from '../util/fs.js';
import { writeOutputChunks } from '../util/fs-stream.js';
import { imagesCsvRows } from '../inventory/images-csv.js';
import { secretsCsvRows } from '../inventory/secrets-csv.js';
import { findingsCsvChunks, tableCsv } from './csv.js';
import { renderHtml } from './html.js';
import { junitChunks } from './junit.js';
import { renderMarkdown } from './markdown.js';
import { oscalChunks } from './oscal.js';
import { renderPdf } from './pdf/render.js';
import { silentRenderLog, type RenderLog } from './progress.js';
import { sarifChunks } from './sarif.js';
import type { TrendPoint } from './trend.js';
import { buildViewModel, type ReportInput, type ReportModel } from './view-model.js';

import { REPORT_FILES, REPORT_FORMATS, type Paper, type ReportFormat } from './formats.js';

export { PAPERS, REPORT_FILES, REPORT_FORMATS, type Paper, type ReportFormat } from './formats.js';

export interface ReportOptions {
  formats: readonly ReportFormat[];
  paper?: Paper;
  /** `sha256:<hex>` of the results.json bytes the reports are drawn from. */
  resultsDigest?: string;
  /** Earlier runs of the cluster and this one (audit --history): a Trend section in the HTML and PDF. */
  trend?: readonly TrendPoint[];
  /** Told when a slow render (the PDF) starts and ends. */
  log?: RenderLog;
}

export function sha256Of(data: string | Buffer): string {
  return `sha256:${createHash('sha256').update(data).digest('hex')}`;
}

/** A report ready to be written, as the evidence pack takes it: its file name and how to write it. */
export interface PreparedReport {
  path: string;
  write(path: string): void;
}

/**
 * The requested reports, in a fixed order. The PDF is rendered here (pdfkit is asynchronous); the
 * others are written a piece at a time when the pack asks for them, each through a temporary file
 * renamed into place.
 */
export async function prepareReports(results: Results, options: ReportOptions): Promise<PreparedReport[]> {
  let vm: ReportModel | undefined;
  const model = (): ReportModel => (vm ??= buildViewModel(results as ReportInput, { ...(options.resultsDigest ? { resultsDigest: options.resultsDigest } : {}), ...(options.trend ? { trend: options.trend } : {}) }));
  const prepared: PreparedReport[] = [];
  for (const format of REPORT_FORMATS) {
    if (!options.formats.includes(format)) continue;
    const path = REPORT_FILES[format];
    switch (format) {
      case 'html':
        prepared.push({ path, write: (p) => writeOutput(p, renderHtml(model())) });
        break;
      case 'pdf': {
        const log = options.log ?? silentRenderLog;
        const started = Date.now();
        log.rendering(path, format);
        const pdf = await renderPdf(model(), { paper: options.paper ?? 'a4' });
        // A signal that arrived during the last stretch of the render is honoured here, before any file is written.
        await new Promise((resolve) => setImmediate(resolve));
        log.rendered(path, format, { bytes: pdf.length, ms: Date.now() - started });
        prepared.push({ path, write: (p) => writeOutput(p, pdf) });
        break;
      }
      case 'csv':
        prepared.push({ path, write: (p) => writeOutputChunks(p, findingsCsvChunks(results)) });
        // The inventories, when the run has them: names, references and counts, never a value.
        if (results.inventories?.images) {
          const images = results.inventories.images;
          prepared.push({ path: 'images.csv', write: (p) => writeOutput(p, tableCsv(imagesCsvRows(images))) });
        }
        if (results.inventories?.secrets) {
          const secrets = results.inventories.secrets;
          prepared.push({ path: 'secrets.csv', write: (p) => writeOutput(p, tableCsv(secretsCsvRows(secrets))) });
        }
        break;
      case 'junit':
        prepared.push({ path, write: (p) => writeOutputChunks(p, junitChunks(results)) });
        break;
      case 'sarif':
        prepared.push({ path, write: (p) => writeOutputChunks(p, sarifChunks(results)) });
        break;
      case 'md':
        prepared.push({ path, write: (p) => writeOutput(p, renderMarkdown(model(), results)) });
        break;
      case 'oscal':
        prepared.push({ path, write: (p) => writeOutputChunks(p, oscalChunks(results, options.resultsDigest)) });
        break;
    }
  }
  return prepared;
}

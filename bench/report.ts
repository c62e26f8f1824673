/**
 * Report rendering benchmark: time and size of the HTML and PDF reports for a results file.
 *
 *   npm run build && node --expose-gc dist/bench/report.js path/to/results.json [--paper a4|letter] [--out DIR]
 *
 * stdout: one JSON line {htmlMs, htmlMB, pdfMs, pdfMB, pdfPages, viewModelMs, resultsMB, peakRssMB}.
 * htmlMs and pdfMs each include building the view model from the parsed results (the part the
 * two share), so each is what `kubeproof report --format html` or `--format pdf` costs beyond
 * reading results.json; viewModelMs is that shared part alone. With --out the reports are kept.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Results } from '../src/evaluate/types.js';
import { renderHtml } from '../src/report/html.js';
import { renderPdf } from '../src/report/pdf/render.js';
import type { Paper } from '../src/report/formats.js';
import { buildViewModel } from '../src/report/view-model.js';

const args = process.argv.slice(2);
const file = args.find((a) => !a.startsWith('--') && args[args.indexOf(a) - 1] !== '--paper' && args[args.indexOf(a) - 1] !== '--out');
if (!file) {
  process.stderr.write('usage: node dist/bench/report.js RESULTS.json [--paper a4|letter] [--out DIR]\n');
  process.exit(2);
}
const paper = (args.includes('--paper') ? args[args.indexOf('--paper') + 1] : 'a4') as Paper;
const out = args.includes('--out') ? args[args.indexOf('--out') + 1] : undefined;

const gc = (): void => (globalThis as { gc?: () => void }).gc?.();
const mb = (bytes: number): number => Math.round((bytes / (1024 * 1024)) * 100) / 100;
const ms = (t: number): number => Math.round(performance.now() - t);

const raw = readFileSync(file);
const results = JSON.parse(raw.toString('utf8')) as Results;
gc();

let t = performance.now();
buildViewModel(results);
const viewModelMs = ms(t);
gc();

t = performance.now();
const html = renderHtml(buildViewModel(results));
const htmlMs = ms(t);
const htmlBytes = Buffer.byteLength(html, 'utf8');
if (out) writeFileSync(join(out, 'report.html'), html);
gc();

t = performance.now();
const pdf = await renderPdf(buildViewModel(results), { paper });
const pdfMs = ms(t);
if (out) writeFileSync(join(out, 'report.pdf'), pdf);
// pdfkit writes one page object per page and no object streams, so the page objects can be counted.
const pdfPages = (pdf.toString('latin1').match(/\/Type \/Page\b(?!s)/g) ?? []).length;

process.stdout.write(
  `${JSON.stringify({
    htmlMs,
    htmlMB: mb(htmlBytes),
    pdfMs,
    pdfMB: mb(pdf.length),
    pdfPages,
    viewModelMs,
    resultsMB: mb(raw.length),
    peakRssMB: mb(process.resourceUsage().maxRSS * 1024),
  })}\n`,
);

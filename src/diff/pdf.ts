import { truncate } from '../report/format.js';
import { COLORS, PdfLayout, STYLES, type Paper, type TextStyle } from '../report/pdf/layout.js';
import { bullets, chapter, heading, paragraph, yieldToEventLoop } from '../report/pdf/render.js';
import { drawTable, type Row } from '../report/pdf/tables.js';
import type { DiffResult } from './diff.js';
import { buildDiffModel, type DiffFindingRow } from './view.js';

const NOTE: TextStyle = { font: 'italic', size: 7.5, color: COLORS.muted };

export interface DiffPdfOptions {
  paper?: Paper;
  /** Rows shown per findings table; the rest are counted (the JSON form has them all). */
  maxRows?: number;
}

/**
 * The diff on paper, with the report's layout: its fonts, cover band, chapter headings, tables
 * and running header and footer. The document time is the newer run's collection time, so the
 * same two runs give the same bytes.
 */
export async function renderDiffPdf(d: DiffResult, options: DiffPdfOptions = {}): Promise<Buffer> {
  const vm = buildDiffModel(d);
  const maxRows = options.maxRows ?? 200;
  const layout = new PdfLayout(options.paper ?? 'a4', {
    title: `${vm.title} — ${vm.cluster}`,
    subject: vm.verdict,
    keywords: 'Kubernetes, compliance, diff',
    creator: vm.toolVersion,
    time: vm.documentTime,
  });

  // Cover: the report's navy band, then the two runs.
  layout.addPage();
  const band = layout.pageHeight * 0.36;
  layout.rect(0, 0, layout.pageWidth, band, COLORS.navy);
  layout.y = 92;
  layout.text('COMPLIANCE ASSESSMENT · KUBERNETES · DIFF', { font: 'body', size: 8.5, color: '#a9bcd6' });
  layout.gap(10);
  layout.text(vm.title, { font: 'bold', size: 26, color: COLORS.white, leading: 1.15 });
  layout.gap(8);
  layout.text(vm.cluster, { font: 'body', size: 18, color: COLORS.white, leading: 1.2 });
  layout.gap(10);
  layout.text(vm.verdict, { font: 'body', size: 10, color: '#cfdbeb' });
  layout.y = band + 30;
  const label: TextStyle = { font: 'body', size: 7, color: COLORS.muted };
  for (const r of vm.runs) {
    layout.rule(layout.y, COLORS.rule, 0.5);
    layout.gap(4);
    layout.text(r.label.toUpperCase(), label);
    layout.text(`${r.collected} · ${r.cluster} · ${r.toolVersion}`, STYLES.body);
    layout.text(truncate(r.source, 300), { font: 'mono', size: 8, color: COLORS.ink });
    layout.text(`snapshot ${r.snapshotDigest}`, { font: 'mono', size: 7, color: COLORS.muted });
    layout.gap(5);
  }
  layout.gap(6);
  paragraph(layout, vm.countsText, STYLES.bold);
  if (vm.notes.length) bullets(layout, vm.notes.map((n) => `Note: ${n}`), NOTE);

  chapter(layout, '1', 'Scores', 'scores');
  if (vm.scores.length) {
    drawTable(
      layout,
      [
        { header: 'Framework', width: 46 },
        { header: 'Older run', width: 18, align: 'right' },
        { header: 'Newer run', width: 18, align: 'right' },
        { header: 'Change', width: 18, align: 'right' },
      ],
      vm.scores.map((s): Row => ({ cells: [s.framework, s.old, s.new, { text: s.delta, style: STYLES.bold }], ...(s.direction === 'down' ? { stripe: '#c62828' } : s.direction === 'up' ? { stripe: '#2e7d32' } : {}) })),
    );
  } else paragraph(layout, 'No framework is in both runs.');

  for (const [i, f] of vm.findings.entries()) {
    // A pause between sections: a Ctrl-C or SIGTERM is handled during the render, not after it.
    await yieldToEventLoop();
    chapter(layout, String(i + 2), `${f.title} (${f.count})`, f.anchor);
    paragraph(layout, f.description);
    if (!f.rows.length) {
      paragraph(layout, 'None.', NOTE);
      continue;
    }
    const rows = f.rows.slice(0, maxRows);
    if (f.rows.length > rows.length) paragraph(layout, `Showing the first ${rows.length} of ${f.rows.length}; the HTML and JSON forms list them all.`, NOTE);
    findingsTable(layout, rows, f.title);
  }

  chapter(layout, '5', 'Requirement status changes', 'requirements');
  if (vm.requirements.length) {
    paragraph(layout, `${vm.worseCount} of ${vm.requirements.length} changed requirements got worse; they are marked “▼ Worse”.`);
    drawTable(
      layout,
      [
        { header: 'Framework', width: 16 },
        { header: 'Requirement', width: 44 },
        { header: 'Was', width: 13 },
        { header: 'Now', width: 13 },
        { header: 'Change', width: 14 },
      ],
      vm.requirements.map(
        (r): Row => ({
          ...(r.worse ? { stripe: '#c62828' } : {}),
          cells: [
            r.framework,
            `${r.id}  ${r.title}`,
            { text: `${r.old.statusMark} ${r.old.statusLabel}`, badge: { fill: r.old.color } },
            { text: `${r.new.statusMark} ${r.new.statusLabel}`, badge: { fill: r.new.color } },
            r.worse ? { text: '▼ Worse', style: { ...STYLES.bold, size: 7.2, color: '#c62828' } } : '▲ Better or equal',
          ],
        }),
      ),
      { continued: 'Requirement status changes, continued' },
    );
  } else paragraph(layout, 'No requirement changed status.');

  chapter(layout, '6', 'Waivers', 'waivers', false);
  if (vm.waivers.length) bullets(layout, vm.waivers.map((w) => `${w.label}: ${w.ids.join(', ')}`));
  else paragraph(layout, 'No waiver appeared, expired or was removed.');

  chapter(layout, '7', 'Objects and images', 'objects', false);
  paragraph(layout, vm.objects.basisText, NOTE);
  const list = (title: string, items: string[]): void => {
    heading(layout, `${title} (${items.length})`, STYLES.h3);
    if (!items.length) return paragraph(layout, 'None.', NOTE);
    bullets(layout, items.slice(0, maxRows));
    if (items.length > maxRows) paragraph(layout, `… and ${items.length - maxRows} more.`, NOTE);
  };
  list('Objects added', vm.objects.added);
  list('Objects removed', vm.objects.removed);
  if (vm.images.shown) {
    list('Images added', vm.images.added);
    list('Images removed', vm.images.removed);
  } else paragraph(layout, 'Image changes need both snapshots: compare packs.', NOTE);
  list('RBAC subjects that gained permissions', vm.rbac);

  layout.decorate({ left: `${vm.title} · ${vm.cluster}`, right: `${vm.runs[0]!.collected} → ${vm.runs[1]!.collected}` }, vm.toolVersion);
  await yieldToEventLoop();
  return layout.finish();
}

function findingsTable(layout: PdfLayout, rows: DiffFindingRow[], title: string): void {
  drawTable(
    layout,
    [
      { header: 'Severity', width: 10 },
      { header: 'Object', width: 27 },
      { header: 'Field', width: 20, style: { font: 'mono', size: 6.6, color: COLORS.ink } },
      { header: 'Control', width: 13, style: { font: 'mono', size: 6.8, color: COLORS.ink } },
      { header: 'Message', width: 30 },
    ],
    rows.map(
      (r): Row => ({
        stripe: r.severityColor,
        cells: [
          { text: r.severityLabel, badge: { fill: r.severityColor } },
          { text: `${r.kind} ${r.name}`, note: [r.namespace ? `namespace ${r.namespace}` : '', r.container ? `container ${r.container}` : ''].filter(Boolean).join(' · ') },
          r.pointer,
          r.control,
          truncate(r.message, 500),
        ],
      }),
    ),
    { continued: `${title}, continued` },
  );
}

import { formatInt, plural, truncate } from '../format.js';
import { SEVERITY_COLOR, STATUS_COLOR, type EvidenceGroup, type ReportModel, type RequirementView } from '../view-model.js';
import { drawBar, drawLegend, drawRing } from './charts.js';
import { COLORS, PdfLayout, STYLES, type Paper, type TextStyle } from './layout.js';
import { drawContents, reserveContents, tocEntries } from './outline.js';
import { drawTrend } from './trend.js';
import { drawTable, type Column, type Row } from './tables.js';

export interface PdfOptions {
  paper?: Paper;
  /** Evidence rows shown per control and framework; the rest are summarised (all are in the CSV). */
  rowsPerControl?: number;
  /** Rows shown per inventory table. */
  inventoryRows?: number;
}

type Outline = ReturnType<PdfLayout['bookmark']>;

const SMALL: TextStyle = STYLES.small;
const NOTE: TextStyle = { font: 'italic', size: 7.5, color: COLORS.muted };

/**
 * Laying out a large report takes seconds of synchronous work, and Node runs a signal handler
 * only between turns of the event loop: without these pauses a Ctrl-C (or a CronJob's SIGTERM)
 * during rendering would wait for the whole render and then be lost. A pause costs microseconds.
 */
export const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** The PDF report: the view model laid out for paper, A4 or Letter. The same model gives the same bytes. */
export async function renderPdf(vm: ReportModel, options: PdfOptions = {}): Promise<Buffer> {
  const layout = new PdfLayout(options.paper ?? 'a4', {
    title: `${vm.meta.title} — ${vm.meta.cluster}`,
    subject: vm.meta.subtitle,
    keywords: ['Kubernetes', 'compliance', ...vm.meta.frameworks].join(', '),
    creator: vm.meta.toolVersion,
    time: vm.meta.documentTime,
  });
  const rowsPerControl = options.rowsPerControl ?? 15;

  cover(layout, vm);
  await yieldToEventLoop();
  const entries = tocEntries(vm);
  const contentsPages = reserveContents(layout, entries);
  layout.doc.switchToPage(contentsPages[0]!);
  layout.y = layout.top;
  layout.bookmark('Contents');

  summary(layout, vm);
  await yieldToEventLoop();
  if (vm.trend) {
    heading(layout, 'Trend', STYLES.h2, 'trend');
    layout.bookmark('Trend');
    paragraph(layout, `The last ${vm.trend.runs} runs of this cluster in the history folder, ${vm.trend.firstDate} to ${vm.trend.lastDate}.`);
    drawTrend(layout, vm.trend);
  }
  const frameworksItem = chapter(layout, vm.chapters.frameworks, 'Requirements by framework', vm.frameworks[0]?.anchor ?? 'frameworks', false);
  layout.text(
    'Each framework lists its requirements in the standard’s own order, with the controls that give evidence for them. For every failing control the evidence follows: the object, the field (a JSON Pointer), the value observed and the value expected, and the manifest file and line where there is one. Requirements marked Manual need an assessor’s attestation; what to examine is listed in chapter ' +
      `${vm.chapters.attestations}.`,
    STYLES.body,
  );
  for (const f of vm.frameworks) await framework(layout, vm, f, frameworksItem, rowsPerControl);
  crosswalk(layout, vm);
  await yieldToEventLoop();
  if (vm.inventories.length) inventories(layout, vm, options.inventoryRows ?? 60);
  await yieldToEventLoop();
  waivers(layout, vm);
  attestations(layout, vm);
  appendix(layout, vm);

  drawContents(layout, entries, contentsPages);
  layout.decorate({ left: `${vm.meta.title} · ${vm.meta.cluster}`, right: `Collected ${vm.meta.collectedDate}` }, vm.meta.confidentialityShort);
  await yieldToEventLoop();
  return layout.finish();
}

export function chapter(layout: PdfLayout, number: string, title: string, anchor: string, newPage = true): Outline {
  if (newPage) layout.newPage();
  else layout.ensure(120);
  if (!newPage) layout.gap(6);
  layout.anchor(anchor);
  const item = layout.bookmark(`${number} ${title}`);
  const y = layout.y;
  layout.drawLine(number, layout.left, y, { ...STYLES.h1, color: COLORS.muted });
  layout.text(title, STYLES.h1, { x: layout.left + 30 });
  layout.rule(layout.y + 2, COLORS.navy, 1.2);
  layout.gap(12);
  return item;
}

export function heading(layout: PdfLayout, text: string, style: TextStyle = STYLES.h2, anchor?: string, parent?: Outline): Outline | undefined {
  // A heading never ends a page: room for it and the start of what follows (a table's header and first row).
  layout.ensure(layout.measure(text, style) + 110);
  layout.gap(6);
  if (anchor) layout.anchor(anchor);
  const item = parent ? layout.bookmark(text, parent) : undefined;
  layout.text(text, style);
  layout.gap(4);
  return item;
}

export function paragraph(layout: PdfLayout, text: string, style: TextStyle = STYLES.body): void {
  layout.text(text, style);
  layout.gap(4);
}

export function bullets(layout: PdfLayout, items: string[], style: TextStyle = STYLES.body): void {
  for (const item of items) {
    const lines = layout.lines(item, style, layout.width - 12);
    layout.ensure(layout.lineHeight(style) * Math.min(lines.length, 3));
    layout.drawLine('•', layout.left + 2, layout.y, style);
    layout.text(item, style, { x: layout.left + 12 });
    layout.gap(2);
  }
}

// ---------------------------------------------------------------------------------------------

function cover(layout: PdfLayout, vm: ReportModel): void {
  layout.addPage();
  const m = vm.meta;
  const band = layout.pageHeight * 0.42;
  layout.rect(0, 0, layout.pageWidth, band, COLORS.navy);
  const x = layout.left;
  const w = layout.width;
  layout.y = 92;
  layout.text('COMPLIANCE ASSESSMENT · KUBERNETES', { font: 'body', size: 8.5, color: '#a9bcd6' });
  layout.gap(10);
  layout.text(m.title, { font: 'bold', size: 26, color: COLORS.white, leading: 1.15 }, { width: w });
  layout.gap(8);
  layout.text(m.cluster, { font: 'body', size: 18, color: COLORS.white, leading: 1.2 }, { width: w });
  layout.gap(10);
  for (const f of m.frameworks) layout.text(f, { font: 'body', size: 10, color: '#cfdbeb' });

  layout.y = band + 36;
  const rows: Array<[string, string, boolean]> = [
    ['API server', m.server, false],
    ['Kubernetes version', m.clusterVersion, false],
    ['Source', m.source, false],
    ['Collected', m.collectedAt, false],
    ['Waivers judged at', m.asOf, false],
    ['Tool', m.toolVersion, false],
    ['Snapshot digest', m.snapshotDigest, true],
    ...(m.resultsDigest ? [['Results digest', m.resultsDigest, true] as [string, string, boolean]] : []),
  ];
  const label: TextStyle = { font: 'body', size: 7, color: COLORS.muted };
  for (const [key, value, mono] of rows) {
    layout.rule(layout.y, COLORS.rule, 0.5, x, x + w);
    layout.gap(4);
    layout.text(key.toUpperCase(), label);
    layout.text(truncate(value, 400), mono ? { font: 'mono', size: 8, color: COLORS.ink } : { font: 'body', size: 9, color: COLORS.ink });
    layout.gap(5);
  }
  const boxStyle: TextStyle = { font: 'body', size: 8, color: COLORS.ink };
  const lines = layout.lines(m.confidentiality, boxStyle, w - 20);
  const h = lines.length * layout.lineHeight(boxStyle) + 16;
  const by = layout.pageHeight - 56 - h;
  layout.doc.save().rect(x, by, w, h).lineWidth(0.8).strokeColor('#b58a1b').stroke().restore();
  lines.forEach((line, i) => layout.drawLine(line, x + 10, by + 8 + i * layout.lineHeight(boxStyle), boxStyle));
}

// ---------------------------------------------------------------------------------------------

function summary(layout: PdfLayout, vm: ReportModel): void {
  chapter(layout, vm.chapters.summary, 'Executive summary', 'summary');
  bullets(layout, vm.summary.statements);
  layout.gap(6);

  for (const f of vm.summary.frameworks) {
    const tx = layout.left + 116;
    const tw = layout.right - tx - 12;
    const textH =
      layout.measure(f.name, STYLES.h3, tw) + layout.measure(`${f.assessedText}.`, SMALL, tw) + layout.measure(`Scope: ${f.scopeNote}.`, SMALL, tw) + 4 + 14 + 26;
    const boxH = Math.max(106, textH + 20);
    layout.ensure(boxH + 10);
    const top = layout.y;
    layout.rect(layout.left, top, layout.width, boxH, COLORS.soft);
    layout.rect(layout.left, top, layout.width, 2.5, COLORS.navy);
    drawRing(layout, f.ring, layout.left + 12, top + (boxH - 88) / 2, 88, f.score, 'SCORE');
    layout.y = top + 10;
    layout.text(f.name, STYLES.h3, { x: tx, width: tw });
    layout.text(`${f.assessedText}.`, SMALL, { x: tx, width: tw });
    layout.text(`Scope: ${f.scopeNote}.`, SMALL, { x: tx, width: tw });
    layout.gap(4);
    drawBar(layout, f.bar, tx, layout.y, tw, 9);
    layout.gap(14);
    const colW = tw / 3;
    f.counts.forEach((c, i) => {
      const cx = tx + (i % 3) * colW;
      const cy = layout.y + Math.floor(i / 3) * 13;
      layout.rect(cx, cy + 2.5, 7, 7, c.color, 1);
      layout.drawLine(`${c.mark} ${c.label}`, cx + 10, cy, STYLES.body);
      layout.drawLine(c.countText, cx, cy, { ...STYLES.bold }, { width: colW - 10, align: 'right' });
    });
    layout.y = top + boxH + 10;
  }

  heading(layout, 'Failing evidence by severity', STYLES.h3);
  drawBar(layout, vm.summary.findingsBar, layout.left, layout.y, layout.width, 11);
  layout.gap(16);
  layout.gap(drawLegend(layout, vm.summary.findings, layout.left, layout.y, layout.width) + 6);

  heading(layout, 'Top failing requirements', STYLES.h3);
  if (vm.summary.topFailing.length) {
    drawTable(
      layout,
      [
        { header: 'Severity', width: 11 },
        { header: 'Framework', width: 20 },
        { header: 'Requirement', width: 41 },
        { header: 'Failing controls', width: 16, style: { font: 'mono', size: 6.8 } },
        { header: 'Findings', width: 12, align: 'right' },
      ],
      vm.summary.topFailing.map(
        (t): Row => ({
          cells: [
            { text: t.severityLabel, badge: { fill: t.severityColor } },
            t.frameworkName,
            { text: `${t.requirementId}  ${t.title}`, link: t.anchor },
            t.controls,
            t.findingsText,
          ],
        }),
      ),
    );
    if (vm.summary.topFailingMore) paragraph(layout, `And ${formatInt(vm.summary.topFailingMore)} more failing requirements in chapter ${vm.chapters.frameworks}.`, NOTE);
  } else paragraph(layout, 'No requirement fails.');

  heading(layout, 'Coverage gaps', STYLES.h3);
  if (vm.summary.gaps.length) bullets(layout, vm.summary.gaps.map((g) => g.text));
  else paragraph(layout, 'Every kind the controls need was collected.');
}

// ---------------------------------------------------------------------------------------------

const STATUS_TEXT_COLOR: Record<string, string> = { 'not-applicable': '#222222' };

async function framework(layout: PdfLayout, vm: ReportModel, f: ReportModel['frameworks'][number], parent: Outline, rowsPerControl: number): Promise<void> {
  layout.newPage();
  layout.anchor(f.anchor);
  const item = layout.bookmark(`${f.number} ${f.name}`, parent);
  layout.drawLine(f.number, layout.left, layout.y, { ...STYLES.h2, color: COLORS.muted });
  layout.text(f.name, STYLES.h2, { x: layout.left + 30 });
  layout.rule(layout.y + 2, COLORS.navy, 1);
  layout.gap(10);
  const top = layout.y;
  drawRing(layout, f.ring, layout.left, top, 64, f.score, 'SCORE');
  const tx = layout.left + 78;
  layout.y = top + 4;
  layout.text(`${f.assessedText}.`, STYLES.body, { x: tx });
  layout.text(`Scope: ${f.scopeNote}.`, SMALL, { x: tx });
  layout.gap(4);
  drawLegend(layout, f.counts, tx, layout.y, layout.right - tx);
  layout.y = Math.max(layout.y + 26, top + 72);

  for (const s of f.sections) {
    const first = s.requirements[0];
    layout.ensure(48 + (first ? requirementHeadHeight(layout, first) : 0));
    layout.gap(8);
    layout.anchor(s.anchor);
    const sectionItem = layout.bookmark(s.title.split(' › ').pop() ?? s.title, item);
    layout.text(s.title, { font: 'bold', size: 9, color: COLORS.accent });
    layout.rule(layout.y + 1, COLORS.rule, 0.6);
    layout.gap(5);
    for (const r of s.requirements) {
      requirement(layout, vm, r, sectionItem, rowsPerControl);
      await yieldToEventLoop();
    }
  }
}

const ID_WIDTH = 62;
const BADGE_WIDTH = 78;

function controlLine(c: RequirementView['controls'][number]): string {
  const where = c.evidenceAt ? ` — evidence under ${c.evidenceAt.requirementId}` : '';
  return `${c.id}  ${c.title} · ${c.severityLabel} · ${c.statusMark} ${c.statusLabel}${c.countsText ? `: ${c.countsText}` : ''}${where}`;
}

function requirementHeadHeight(layout: PdfLayout, r: RequirementView): number {
  const w = layout.width - ID_WIDTH - BADGE_WIDTH;
  let h = layout.measure(r.title, STYLES.body, w);
  for (const c of r.controls) h += layout.measure(controlLine(c), SMALL, layout.width - ID_WIDTH);
  if (r.reason) h += layout.measure(r.reason, NOTE, layout.width - ID_WIDTH);
  return h + 6;
}

function requirement(layout: PdfLayout, vm: ReportModel, r: RequirementView, parent: Outline, rowsPerControl: number): void {
  layout.ensure(requirementHeadHeight(layout, r));
  layout.anchor(r.anchor);
  layout.bookmark(`${r.id} ${r.title}`, parent);
  const top = layout.y;
  layout.drawLine(layout.clean(r.id, 'bold'), layout.left, top, { ...STYLES.bold, color: COLORS.navy });
  const badgeText = `${r.statusMark} ${r.statusLabel}`;
  const bw = layout.textWidth(layout.clean(badgeText, 'bold'), { font: 'bold', size: 6.8 }) + 8;
  const bx = layout.right - bw;
  layout.badge(badgeText, bx, top + 0.5, r.statusColor, STATUS_TEXT_COLOR[r.status]);
  if (r.attestationAnchor) layout.link(bx, top, bw, 10, r.attestationAnchor);
  if (r.severity) {
    const sw = layout.textWidth(r.severityLabel, { font: 'bold', size: 6.8 }) + 8;
    layout.badge(r.severityLabel, bx - sw - 4, top + 0.5, SEVERITY_COLOR[r.severity]);
  }
  layout.text(r.title, STYLES.body, { x: layout.left + ID_WIDTH, width: layout.width - ID_WIDTH - BADGE_WIDTH });
  for (const c of r.controls) {
    layout.text(controlLine(c), { ...SMALL, color: c.status === 'fail' ? STATUS_COLOR.fail : COLORS.muted }, { x: layout.left + ID_WIDTH });
  }
  if (r.reason) layout.text(r.reason, NOTE, { x: layout.left + ID_WIDTH });
  layout.gap(3);
  for (const g of r.evidence) evidence(layout, g, rowsPerControl);
  if (r.evidence.length) layout.gap(4);
}

const EVIDENCE_COLUMNS: Column[] = [
  { header: 'Object', width: 18 },
  { header: 'Field', width: 20, style: { font: 'mono', size: 6.6, color: COLORS.ink } },
  { header: 'Observed', width: 11, style: { font: 'mono', size: 6.6, color: COLORS.ink } },
  { header: 'Expected', width: 15 },
  { header: 'Message', width: 23 },
  { header: 'Source', width: 13, style: { font: 'mono', size: 6.4, color: COLORS.ink } },
];

const EVIDENCE_COLUMNS_WIDE_OBSERVED: Column[] = [
  { header: 'Object', width: 16 },
  { header: 'Field', width: 14, style: { font: 'mono', size: 6.6, color: COLORS.ink } },
  { header: 'Observed', width: 28, style: { font: 'mono', size: 6.4, color: COLORS.ink } },
  { header: 'Expected', width: 13 },
  { header: 'Message', width: 18 },
  { header: 'Source', width: 11, style: { font: 'mono', size: 6.4, color: COLORS.ink } },
];

function evidence(layout: PdfLayout, g: EvidenceGroup, rowsPerControl: number): void {
  const x = layout.left + 10;
  const width = layout.right - x;
  layout.ensure(70);
  layout.anchor(g.anchor);
  layout.text(`Evidence for ${g.controlId} ${g.controlTitle} — ${g.totalText} in scope`, { font: 'bold', size: 7.8, color: COLORS.ink }, { x });
  const shown = g.rows.slice(0, rowsPerControl);
  if (g.total > shown.length) {
    const top = g.byNamespace.slice(0, 6).map((n) => `${n.namespace} ${n.countText}`).join(' · ');
    layout.text(
      `Showing the first ${formatInt(shown.length)} of ${formatInt(g.total)}. By namespace: ${top}${g.byNamespace.length > 6 ? ` · and ${plural(g.byNamespace.length - 6, 'more namespace')}` : ''}. The complete list is in findings.csv (control_id ${g.controlId}) and in the HTML report.`,
      NOTE,
      { x },
    );
  }
  layout.gap(2);
  // A cluster snapshot has no manifest lines: the Source column goes, and Message takes its room.
  const withSource = shown.some((e) => e.source);
  // Structured observations (an RBAC grant, say) get the room a short value does not need.
  const wideObserved = shown.some((e) => e.observedLines.length > 48);
  const base = wideObserved ? EVIDENCE_COLUMNS_WIDE_OBSERVED : EVIDENCE_COLUMNS;
  const columns = withSource ? base : base.slice(0, 5).map((c) => ({ ...c, width: c.header === 'Message' ? c.width + 7 : c.header === 'Expected' ? c.width + 6 : c.width }));
  drawTable(
    layout,
    columns,
    shown.map((e): Row => {
      const where = [e.namespace ? `namespace ${e.namespace}` : '', e.container ? `container ${e.container}` : ''].filter(Boolean).join(' · ');
      const waiver = e.waiver ? (e.waiverExpired ? `waiver ${e.waiver}` : `waived by ${e.waiver}`) : '';
      return {
        stripe: e.outcome === 'fail' ? STATUS_COLOR.fail : STATUS_COLOR.waived,
        cells: [
          { text: `${e.kind} ${e.name}`, note: [where, waiver].filter(Boolean).join('\n') },
          e.pointer,
          truncate(e.observedLines, 400),
          truncate(e.expected, 240),
          truncate(e.message, 400),
          { text: e.source, ...(e.template ? { note: e.template } : {}) },
        ],
      };
    }),
    { x, width, continued: `Evidence for ${g.controlId} ${g.controlTitle}, continued` },
  );
  layout.gap(6);
}

// ---------------------------------------------------------------------------------------------

function crosswalk(layout: PdfLayout, vm: ReportModel): void {
  chapter(layout, vm.chapters.crosswalk, 'Crosswalk: controls to requirements', 'crosswalk');
  paragraph(layout, 'Each kubeproof control gives evidence for the requirements listed beside it, in every framework of this run.');
  const fwShare = 49 / Math.max(1, vm.crosswalk.frameworks.length);
  drawTable(
    layout,
    [
      { header: 'Control', width: 31 },
      { header: 'Severity', width: 10 },
      { header: 'Status', width: 10 },
      ...vm.crosswalk.frameworks.map((f): Column => ({ header: f.name, width: fwShare })),
    ],
    vm.crosswalk.rows.map(
      (c): Row => ({
        cells: [
          `${c.id}  ${c.title}`,
          { text: c.severityLabel, badge: { fill: SEVERITY_COLOR[c.severity] } },
          { text: `${c.statusMark} ${c.statusLabel}`, badge: { fill: STATUS_COLOR[c.status], ...(c.status === 'not-applicable' ? { color: '#222222' } : {}) } },
          ...c.cells.map((x) => x.requirements || '—'),
        ],
      }),
    ),
  );
}

function inventories(layout: PdfLayout, vm: ReportModel, maxRows: number): void {
  const item = chapter(layout, vm.chapters.inventories, 'Inventories', 'inventories');
  vm.inventories.forEach((t, i) => {
    heading(layout, `${vm.chapters.inventories}.${i + 1} ${t.title} (${t.totalText})`, STYLES.h2, t.anchor, item);
    if (t.note) paragraph(layout, t.note, SMALL);
    const rows = t.rows.slice(0, maxRows);
    if (t.total > rows.length) paragraph(layout, `Showing the first ${formatInt(rows.length)} of ${formatInt(t.total)}; the HTML report lists them all.`, NOTE);
    drawTable(
      layout,
      t.columns.map((c): Column => ({ header: c, width: 1 })),
      rows.map((cells): Row => ({ cells: cells.map((c) => truncate(c, 500)) })),
    );
  });
}

function waivers(layout: PdfLayout, vm: ReportModel): void {
  chapter(layout, vm.chapters.waivers, 'Waiver register', 'waivers');
  if (!vm.waivers.length) {
    paragraph(layout, 'No waivers were applied to this run.');
    return;
  }
  drawTable(
    layout,
    [
      { header: 'Waiver', width: 7, style: { font: 'mono', size: 6.8, color: COLORS.ink } },
      { header: 'Control', width: 16 },
      { header: 'Applies to', width: 15, style: { font: 'mono', size: 6.6, color: COLORS.ink } },
      { header: 'Justification', width: 23 },
      { header: 'Approver', width: 12 },
      { header: 'Expires', width: 10 },
      { header: 'Status', width: 8 },
      { header: 'Matched', width: 9, align: 'right' },
    ],
    vm.waivers.map(
      (w): Row => ({
        ...(w.expired ? { fill: '#fff1f0', stripe: STATUS_COLOR.fail } : {}),
        cells: [
          w.id,
          `${w.control} ${w.controlTitle}`,
          w.match,
          w.justification,
          w.approver,
          w.expires,
          { text: w.statusLabel, badge: { fill: w.expired ? STATUS_COLOR.fail : w.status === 'active' ? STATUS_COLOR.pass : STATUS_COLOR['not-applicable'] } },
          w.matched,
        ],
      }),
    ),
  );
  layout.gap(6);
  paragraph(layout, 'An expired waiver waives nothing: the findings it matched count as failures and say so.', NOTE);
}

function attestations(layout: PdfLayout, vm: ReportModel): void {
  const item = chapter(layout, vm.chapters.attestations, 'Manual attestations', 'attestations');
  paragraph(layout, 'No cluster data can show these requirements. For each, the note says what an assessor must examine; record the conclusion, who reached it and when.');
  if (!vm.attestations.length) {
    paragraph(layout, 'No requirement of this run needs a manual attestation.');
    return;
  }
  vm.attestations.forEach((a, i) => {
    heading(layout, `${vm.chapters.attestations}.${i + 1} ${a.frameworkName} (${plural(a.items.length, 'requirement')})`, STYLES.h2, a.anchor, item);
    drawTable(
      layout,
      [
        { header: 'Requirement', width: 30 },
        { header: 'What the assessor must examine', width: 50 },
        { header: 'Attestation', width: 20 },
      ],
      a.items.map(
        (it): Row => ({
          anchor: it.anchor,
          cells: [
            { text: `${it.id}  ${it.title}` },
            it.note,
            it.attestation ? it.attestation : { text: '', note: 'Conclusion, by, date:' },
          ],
        }),
      ),
    );
  });
}

function appendix(layout: PdfLayout, vm: ReportModel): void {
  const item = chapter(layout, vm.chapters.appendix, 'Appendix', 'appendix');
  heading(layout, 'Coverage per kind', STYLES.h2, 'coverage', item);
  paragraph(layout, 'A kind that could not be read is a coverage gap: every control that needs it is reported as not assessed.', SMALL);
  drawTable(
    layout,
    [
      { header: 'Kind', width: 34, style: { font: 'mono', size: 6.8, color: COLORS.ink } },
      { header: 'Status', width: 12 },
      { header: 'Objects', width: 10, align: 'right' },
      { header: 'Message', width: 44 },
    ],
    vm.appendix.coverage.map((c): Row => ({ ...(c.gap ? { fill: '#f6f0ff', stripe: STATUS_COLOR['not-assessed'] } : {}), cells: [c.kind, c.status, c.count, c.message] })),
  );
  heading(layout, 'Scope per framework', STYLES.h2, 'scope', item);
  drawTable(
    layout,
    [
      { header: 'Framework', width: 22 },
      { header: 'Applies to', width: 30 },
      { header: 'Namespaces in scope', width: 48, style: { font: 'mono', size: 6.6, color: COLORS.ink } },
    ],
    vm.appendix.scope.map((x): Row => ({ cells: [x.framework, x.rule, x.namespaces] })),
    { maxRowHeight: layout.bottom - layout.top - 40 },
  );
  heading(layout, 'Run metadata', STYLES.h2, 'run', item);
  drawTable(
    layout,
    [
      { header: 'Item', width: 30 },
      { header: 'Value', width: 70 },
    ],
    vm.appendix.run.map((kv): Row => ({ cells: [kv.key, kv.mono ? { text: kv.value, style: { font: 'mono', size: 6.8, color: COLORS.ink } } : truncate(kv.value, 2000)] })),
  );
  heading(layout, 'Hashes', STYLES.h2, 'hashes', item);
  drawTable(
    layout,
    [
      { header: 'Item', width: 30 },
      { header: 'SHA-256', width: 70, style: { font: 'mono', size: 6.8, color: COLORS.ink } },
    ],
    vm.appendix.hashes.map((kv): Row => ({ cells: [kv.key, kv.value] })),
  );
  heading(layout, 'How to verify this pack', STYLES.h2, 'verify', item);
  vm.appendix.verify.forEach((step, i) => {
    layout.ensure(layout.measure(step.text, STYLES.body, layout.width - 16) + 16);
    layout.drawLine(`${i + 1}.`, layout.left, layout.y, STYLES.bold);
    layout.text(step.text, STYLES.body, { x: layout.left + 16 });
    layout.gap(2);
    layout.text(step.command, { font: 'mono', size: 7.5, color: COLORS.accent }, { x: layout.left + 24 });
    layout.gap(6);
  });
  layout.gap(8);
  paragraph(
    layout,
    'Characters that the embedded font (DejaVu Sans) cannot draw are shown as U+XXXX code points, and control or direction-changing characters as \\uXXXX escapes; the HTML report and findings.csv show every value exactly as collected.',
    NOTE,
  );
}

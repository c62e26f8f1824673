import { CHART_H, CHART_W, PLOT, type TrendView } from '../trend.js';
import { COLORS, STYLES, type PdfLayout, type TextStyle } from './layout.js';
import { drawTable, type Column, type Row } from './tables.js';

const AXIS: TextStyle = { font: 'body', size: 6.5, color: COLORS.muted };

/** The chart box of the view model (CHART_W × CHART_H) scaled to the page width at the cursor. */
function frame(layout: PdfLayout): { sx: (x: number) => number; sy: (y: number) => number; k: number; height: number } {
  const k = layout.width / CHART_W;
  const x0 = layout.left;
  const y0 = layout.y;
  return { sx: (x) => x0 + x * k, sy: (y) => y0 + y * k, k, height: CHART_H * k };
}

function axes(layout: PdfLayout, f: ReturnType<typeof frame>, grid: TrendView['grid'], xs: TrendView['xs']): void {
  for (const g of grid) {
    layout.rule(f.sy(g.y), COLORS.rule, 0.5, f.sx(PLOT.left), f.sx(PLOT.right));
    layout.drawLine(g.label, f.sx(0), f.sy(g.y) - 4, AXIS, { width: f.sx(PLOT.left - 6) - f.sx(0), align: 'right' });
  }
  for (const x of xs) layout.drawLine(x.label, f.sx(x.x) - 20, f.sy(PLOT.bottom) + 4, AXIS, { width: 40, align: 'center' });
}

function legend(layout: PdfLayout, items: Array<{ color: string; text: string }>): void {
  let cx = layout.left;
  const lh = layout.lineHeight(STYLES.small);
  for (const item of items) {
    const w = 12 + layout.textWidth(layout.clean(item.text, 'body'), STYLES.small) + 14;
    if (cx + w > layout.right && cx > layout.left) {
      cx = layout.left;
      layout.y += lh;
    }
    layout.rect(cx, layout.y + 2, 7, 7, item.color, 1);
    layout.drawLine(layout.clean(item.text, 'body'), cx + 11, layout.y, STYLES.small);
    cx += w;
  }
  layout.y += lh + 4;
}

/** Scores per framework as lines and failing evidence by severity as stacked bars: vectors, no images. */
export function drawTrend(layout: PdfLayout, t: TrendView): void {
  const title = (text: string): void => {
    layout.text(text, STYLES.h3);
    layout.gap(4);
  };
  layout.ensure(40 + (CHART_H * layout.width) / CHART_W);
  title('Score per framework');
  let f = frame(layout);
  axes(layout, f, t.grid, t.xs);
  const doc = layout.doc;
  for (const s of t.scores) {
    if (s.dots.length) {
      doc.save();
      s.dots.forEach((d, i) => (i === 0 ? doc.moveTo(f.sx(d.x), f.sy(d.y)) : doc.lineTo(f.sx(d.x), f.sy(d.y))));
      doc.lineWidth(1.4).strokeColor(s.color).stroke();
      for (const d of s.dots) doc.circle(f.sx(d.x), f.sy(d.y), 2).fill(s.color);
      doc.restore();
    }
  }
  layout.y += f.height + 2;
  legend(layout, t.scores.map((s) => ({ color: s.color, text: `${s.title}: ${s.firstText} → ${s.lastText}` })));

  layout.ensure(40 + (CHART_H * layout.width) / CHART_W);
  title('Failing evidence by severity');
  f = frame(layout);
  axes(layout, f, t.severityGrid, t.xs);
  for (const b of t.bars) for (const p of b.pieces) layout.rect(f.sx(b.x), f.sy(p.y), b.width * f.k, Math.max(0.4, p.height * f.k), p.color);
  layout.y += f.height + 2;
  legend(layout, t.severityLegend.map((s) => ({ color: s.color, text: s.label })));

  drawTable(
    layout,
    [
      { header: 'Run', width: 12 },
      ...t.frameworkTitles.map((h): Column => ({ header: h, width: 12, align: 'right' })),
      ...t.severityLabels.map((h): Column => ({ header: h, width: 9, align: 'right' })),
      { header: 'Failing', width: 8, align: 'right' },
    ],
    t.table.map((r): Row => ({ cells: [r.date, ...r.scores, ...r.findings, r.total] })),
  );
}

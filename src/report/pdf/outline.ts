import type { ReportModel } from '../view-model.js';
import { COLORS, STYLES, type PdfLayout, type TextStyle } from './layout.js';

export interface PdfTocEntry {
  number: string;
  title: string;
  anchor: string;
  level: 1 | 2 | 3;
}

/** The view model's contents, with each framework's top-level groups under it. */
export function tocEntries(vm: ReportModel): PdfTocEntry[] {
  const entries: PdfTocEntry[] = [];
  for (const e of vm.toc) {
    entries.push(e);
    const f = vm.frameworks.find((fw) => fw.anchor === e.anchor && e.level === 2);
    if (!f) continue;
    const seen = new Set<string>();
    for (const s of f.sections) {
      const group = s.title.split(' › ')[0] ?? s.title;
      if (seen.has(group)) continue;
      seen.add(group);
      entries.push({ number: '', title: group, anchor: s.anchor, level: 3 });
    }
  }
  return entries;
}

const ENTRY: Record<1 | 2 | 3, TextStyle> = {
  1: { font: 'bold', size: 9.5, color: COLORS.navy, leading: 1.9 },
  2: { font: 'body', size: 9, color: COLORS.ink, leading: 1.6 },
  3: { font: 'body', size: 8, color: COLORS.muted, leading: 1.5 },
};

/** Space taken by the "Contents" heading on the first contents page. */
const HEADING = 36;

const INDENT: Record<1 | 2 | 3, number> = { 1: 0, 2: 26, 3: 52 };

function entriesHeight(layout: PdfLayout, entries: PdfTocEntry[]): number[] {
  return entries.map((e) => layout.lineHeight(ENTRY[e.level]));
}

/** Blank pages for the contents, whose page numbers are known only once the rest is laid out. */
export function reserveContents(layout: PdfLayout, entries: PdfTocEntry[]): number[] {
  const heights = entriesHeight(layout, entries);
  const pages: number[] = [];
  let used = Infinity;
  for (const h of heights) {
    if (used + h > layout.bottom - layout.top) {
      layout.addPage();
      pages.push(layout.pageIndex);
      used = pages.length === 1 ? HEADING : 0;
    }
    used += h;
  }
  return pages;
}

/** Fills the reserved pages: number, title, dotted leader, page number; each line links to its place. */
export function drawContents(layout: PdfLayout, entries: PdfTocEntry[], pages: number[]): void {
  const heights = entriesHeight(layout, entries);
  let p = 0;
  layout.doc.switchToPage(pages[0]!);
  layout.y = layout.top;
  layout.drawLine('Contents', layout.left, layout.y, STYLES.h1);
  layout.rule(layout.y + HEADING - 10, COLORS.navy, 1.2);
  layout.y += HEADING;
  entries.forEach((e, i) => {
    const h = heights[i]!;
    if (layout.y + h > layout.bottom) {
      p++;
      layout.doc.switchToPage(pages[p]!);
      layout.y = layout.top;
    }
    const style = ENTRY[e.level];
    const target = layout.anchors.get(e.anchor);
    const pageText = target ? String(target.page + 1) : '';
    const x = layout.left + INDENT[e.level];
    const numberWidth = e.number ? 26 : 0;
    const pageWidth = layout.textWidth(pageText, style);
    const titleWidth = layout.right - x - numberWidth - pageWidth - 16;
    const title = layout.lines(e.title, style, titleWidth)[0] ?? '';
    const lineY = layout.y;
    if (e.number) layout.drawLine(e.number, x, lineY, style);
    layout.drawLine(title, x + numberWidth, lineY, style);
    const dotsFrom = x + numberWidth + layout.textWidth(title, style) + 6;
    const dotsTo = layout.right - pageWidth - 6;
    if (dotsTo > dotsFrom) {
      const dotY = lineY + layout.lineHeight(style) / 2 + style.size * 0.35;
      layout.doc
        .save()
        .moveTo(dotsFrom, dotY)
        .lineTo(dotsTo, dotY)
        .lineWidth(0.6)
        .dash(0.6, { space: 2.4 })
        .strokeColor(COLORS.rule)
        .stroke()
        .undash()
        .restore();
    }
    layout.drawLine(pageText, layout.left, lineY, style, { width: layout.width, align: 'right' });
    layout.link(x, lineY, layout.right - x, h, e.anchor);
    layout.y += h;
  });
}

import { COLORS, type PdfLayout, type TextStyle } from './layout.js';

export interface Column {
  header: string;
  /** Share of the table's width; the shares are normalised. */
  width: number;
  style?: TextStyle;
  align?: 'left' | 'right';
}

export interface Cell {
  text: string;
  style?: TextStyle;
  /** Drawn as a filled label instead of text. */
  badge?: { fill: string; color?: string };
  /** Extra lines under the text, in the small muted style. */
  note?: string;
  /** A link to a named destination in the document. */
  link?: string;
}

export interface Row {
  cells: Array<string | Cell>;
  /** A coloured bar on the row's left edge (the evidence outcome, for instance). */
  stripe?: string;
  fill?: string;
  /** A named destination at the row, for links from elsewhere in the document. */
  anchor?: string;
}

export interface TableOptions {
  x?: number;
  width?: number;
  style?: TextStyle;
  headerStyle?: TextStyle;
  padding?: number;
  zebra?: boolean;
  /** Tallest a row may be: longer cells are cut with a note, so no row outgrows a page. */
  maxRowHeight?: number;
  /** A line above the repeated header on each further page ("Evidence for KP-PS-001, continued"). */
  continued?: string;
}

const NOTE: TextStyle = { font: 'body', size: 6.5, color: COLORS.muted };
const CONTINUED: TextStyle = { font: 'italic', size: 7, color: COLORS.muted };

interface Laid {
  lines: string[];
  noteLines: string[];
  cell: Cell;
  style: TextStyle;
  height: number;
}

/**
 * A table whose rows never split across pages and whose header repeats on every page it spans.
 * Cells wrap (long tokens such as JSON Pointers and image references at their slashes and dots).
 */
export function drawTable(layout: PdfLayout, columns: Column[], rows: Row[], options: TableOptions = {}): void {
  const x0 = options.x ?? layout.left;
  const total = options.width ?? layout.right - x0;
  const share = columns.reduce((a, c) => a + c.width, 0);
  const widths = columns.map((c) => (c.width / share) * total);
  const pad = options.padding ?? 3.5;
  const base: TextStyle = options.style ?? { font: 'body', size: 7.2, color: COLORS.ink };
  const headerStyle: TextStyle = options.headerStyle ?? { font: 'bold', size: 7.2, color: COLORS.white };
  const maxRow = options.maxRowHeight ?? (layout.bottom - layout.top) * 0.6;

  const headerLines = columns.map((c, i) => layout.lines(c.header, headerStyle, widths[i]! - 2 * pad));
  const headerHeight = Math.max(...headerLines.map((l) => l.length)) * layout.lineHeight(headerStyle) + 2 * pad;

  const drawHeader = (): void => {
    layout.rect(x0, layout.y, total, headerHeight, COLORS.navy);
    let x = x0;
    columns.forEach((c, i) => {
      headerLines[i]!.forEach((line, li) => {
        layout.drawLine(line, x + pad, layout.y + pad + li * layout.lineHeight(headerStyle), headerStyle, { width: widths[i]! - 2 * pad, align: c.align ?? 'left' });
      });
      x += widths[i]!;
    });
    layout.y += headerHeight;
  };

  const lay = (row: Row): { cells: Laid[]; height: number } => {
    const cells = columns.map((c, i): Laid => {
      const raw = row.cells[i];
      const cell: Cell = typeof raw === 'string' ? { text: raw } : (raw ?? { text: '' });
      const style = cell.style ?? c.style ?? base;
      const w = widths[i]! - 2 * pad;
      let lines = cell.badge ? [cell.text] : layout.lines(cell.text, style, w);
      const noteLines = cell.note ? layout.lines(cell.note, NOTE, w) : [];
      const lh = layout.lineHeight(style);
      const fit = Math.max(1, Math.floor((maxRow - 2 * pad - noteLines.length * layout.lineHeight(NOTE)) / lh));
      if (lines.length > fit) lines = [...lines.slice(0, fit - 1), `… (${lines.length - fit + 1} more lines in the HTML report and CSV)`];
      const height = lines.length * lh + noteLines.length * layout.lineHeight(NOTE) + 2 * pad + (cell.badge ? 1 : 0);
      return { lines, noteLines, cell, style, height };
    });
    return { cells, height: Math.max(...cells.map((c) => c.height)) };
  };

  const previous = layout.onNewPage;
  let first = true;
  rows.forEach((row, ri) => {
    const laid = lay(row);
    if (first) {
      layout.ensure(headerHeight + laid.height);
      drawHeader();
      layout.onNewPage = () => {
        if (options.continued) {
          layout.drawLine(layout.lines(options.continued, CONTINUED, total)[0] ?? '', x0, layout.y, CONTINUED);
          layout.y += layout.lineHeight(CONTINUED) + 2;
        }
        drawHeader();
      };
      first = false;
    } else if (layout.y + laid.height > layout.bottom) {
      layout.newPage();
    }
    const y = layout.y;
    if (row.anchor) layout.anchor(row.anchor);
    if (row.fill) layout.rect(x0, y, total, laid.height, row.fill);
    else if (options.zebra !== false && ri % 2 === 1) layout.rect(x0, y, total, laid.height, COLORS.zebra);
    if (row.stripe) layout.rect(x0, y, 2.2, laid.height, row.stripe);
    let x = x0;
    laid.cells.forEach((c, i) => {
      const w = widths[i]! - 2 * pad;
      const align = columns[i]!.align ?? 'left';
      if (c.cell.badge) {
        layout.badge(c.cell.text, x + pad, y + pad, c.cell.badge.fill, c.cell.badge.color);
      } else {
        c.lines.forEach((line, li) => layout.drawLine(line, x + pad, y + pad + li * layout.lineHeight(c.style), c.style, { width: w, align }));
      }
      const ny = y + pad + c.lines.length * layout.lineHeight(c.style) + (c.cell.badge ? 1 : 0);
      c.noteLines.forEach((line, li) => layout.drawLine(line, x + pad, ny + li * layout.lineHeight(NOTE), NOTE, { width: w, align }));
      if (c.cell.link) layout.link(x + pad, y + pad, w, c.lines.length * layout.lineHeight(c.style), c.cell.link);
      x += widths[i]!;
    });
    layout.y = y + laid.height;
    layout.rule(layout.y, COLORS.rule, 0.4, x0, x0 + total);
  });
  layout.onNewPage = previous;
}

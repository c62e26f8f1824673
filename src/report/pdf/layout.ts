import PDFDocument from 'pdfkit';
import { showInvisible } from '../../util/inert.js';
import { FONT_ROLES, fontData, type FontRole } from './fonts.js';

import type { Paper } from '../formats.js';

export type { Paper };

export const PAPER_SIZES: Record<Paper, [number, number]> = {
  a4: [595.28, 841.89],
  letter: [612, 792],
};

export const COLORS = {
  ink: '#1b2430',
  muted: '#5b6675',
  rule: '#d5dbe3',
  soft: '#f4f6f9',
  zebra: '#f8f9fb',
  navy: '#0b2545',
  accent: '#13315c',
  white: '#ffffff',
} as const;

export interface TextStyle {
  font: FontRole;
  size: number;
  color?: string;
  /** Line height as a multiple of the size. */
  leading?: number;
}

export const STYLES = {
  body: { font: 'body', size: 9, color: COLORS.ink },
  small: { font: 'body', size: 7.5, color: COLORS.muted },
  bold: { font: 'bold', size: 9, color: COLORS.ink },
  mono: { font: 'mono', size: 7.5, color: COLORS.ink },
  h1: { font: 'bold', size: 17, color: COLORS.navy, leading: 1.2 },
  h2: { font: 'bold', size: 12.5, color: COLORS.navy, leading: 1.2 },
  h3: { font: 'bold', size: 10, color: COLORS.navy, leading: 1.25 },
} satisfies Record<string, TextStyle>;

export interface DocumentInfo {
  title: string;
  subject: string;
  keywords: string;
  creator: string;
  /** ISO time: both creation and modification date, so the same results give the same bytes. */
  time: string;
}

interface OutlineItem {
  addItem(title: string, options?: object): OutlineItem;
  outlineData: { Dest?: unknown[] };
}


/**
 * A page-aware cursor over a pdfkit document. It wraps text itself (so it knows every line's
 * height before drawing), never lets pdfkit add pages on its own, records where each anchor
 * landed for the table of contents, and draws running headers and footers once the page
 * count is known.
 */
export class PdfLayout {
  readonly doc: PDFKit.PDFDocument;
  readonly pageWidth: number;
  readonly pageHeight: number;
  readonly left = 54;
  readonly right: number;
  readonly top = 66;
  readonly bottom: number;
  y: number;
  pageIndex = 0;
  readonly anchors = new Map<string, { page: number; y: number }>();
  private readonly widthCache = new Map<string, number>();
  private readonly coverage = new Map<FontRole, (cp: number) => boolean>();
  /** Called after a page break, to repeat a table header for instance. */
  onNewPage: (() => void) | undefined;

  constructor(paper: Paper, info: DocumentInfo) {
    const [w, h] = PAPER_SIZES[paper];
    const time = new Date(info.time);
    this.doc = new PDFDocument({
      size: [w, h],
      margins: { top: 0, bottom: 0, left: 0, right: 0 },
      bufferPages: true,
      autoFirstPage: false,
      compress: true,
      pdfVersion: '1.7',
      lang: 'en',
      displayTitle: true,
      info: {
        Title: info.title,
        Author: 'kubeproof',
        Subject: info.subject,
        Keywords: info.keywords,
        Creator: info.creator,
        Producer: info.creator,
        CreationDate: time,
        ModDate: time,
      },
    });
    for (const role of FONT_ROLES) this.doc.registerFont(role, fontData(role));
    for (const role of FONT_ROLES) {
      this.doc.font(role);
      // pdfkit keeps the fontkit font of the current embedded font here; it is the only way to
      // ask which characters the font can draw.
      const fk = (this.doc as unknown as { _font: { font: { hasGlyphForCodePoint(cp: number): boolean } } })._font.font;
      this.coverage.set(role, (cp) => fk.hasGlyphForCodePoint(cp));
    }
    this.pageWidth = w;
    this.pageHeight = h;
    this.right = w - 54;
    this.bottom = h - 62;
    this.y = this.top;
  }

  get width(): number {
    return this.right - this.left;
  }

  pageCount(): number {
    return this.doc.bufferedPageRange().count;
  }

  addPage(): void {
    this.doc.addPage();
    this.pageIndex = this.pageCount() - 1;
    this.y = this.top;
  }

  /** A new page unless the cursor is already at the top of an empty one. */
  newPage(): void {
    this.addPage();
    this.onNewPage?.();
  }

  /** Room for h points below the cursor, or a new page. */
  ensure(h: number): void {
    if (this.y + h > this.bottom && this.y > this.top + 0.5) this.newPage();
  }

  gap(h: number): void {
    this.y += h;
  }

  lineHeight(style: TextStyle): number {
    return style.size * (style.leading ?? 1.32);
  }

  /**
   * Text made safe to draw: control, bidirectional and zero-width characters become visible
   * escapes, and a character the font has no glyph for becomes U+XXXX rather than a blank box.
   */
  clean(text: string, font: FontRole): string {
    const has = this.coverage.get(font)!;
    let out = '';
    for (const ch of showInvisible(text)) {
      const cp = ch.codePointAt(0)!;
      out += cp < 0x80 || has(cp) ? ch : `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;
    }
    return out;
  }

  textWidth(text: string, style: TextStyle): number {
    const key = `${style.font}\u0000${style.size}\u0000${text}`;
    let w = this.widthCache.get(key);
    if (w === undefined) {
      w = this.doc.font(style.font).fontSize(style.size).widthOfString(text);
      if (this.widthCache.size > 200_000) this.widthCache.clear();
      this.widthCache.set(key, w);
    }
    return w;
  }

  /** The lines a text wraps to in the given width: at spaces, then inside long tokens at / . - : and the like. */
  lines(raw: string, style: TextStyle, width: number): string[] {
    const out: string[] = [];
    // Words are measured one at a time (and cached): a line is as wide as its words and spaces.
    const space = this.textWidth(' ', style);
    const fit = width - 0.5;
    for (const paragraph of raw.split('\n').map((p) => this.clean(p, style.font))) {
      let current = '';
      let currentWidth = 0;
      for (const word of paragraph.split(' ')) {
        const w = this.textWidth(word, style);
        const candidate = current ? currentWidth + space + w : w;
        if (candidate <= fit) {
          current = current ? `${current} ${word}` : word;
          currentWidth = candidate;
          continue;
        }
        if (current) out.push(current);
        current = '';
        currentWidth = 0;
        if (w <= fit) {
          current = word;
          currentWidth = w;
          continue;
        }
        const pieces = this.breakToken(word, style, fit);
        out.push(...pieces.slice(0, -1));
        current = pieces[pieces.length - 1] ?? '';
        currentWidth = this.textWidth(current, style);
      }
      out.push(current);
    }
    return out;
  }

  private breakToken(token: string, style: TextStyle, width: number): string[] {
    const parts = token.split(/(?<=[/.:\-@_,=;&?#|])/);
    const lines: string[] = [];
    let current = '';
    for (const part of parts) {
      if (this.textWidth(current + part, style) <= width) {
        current += part;
        continue;
      }
      if (current) lines.push(current);
      current = '';
      if (this.textWidth(part, style) <= width) {
        current = part;
        continue;
      }
      for (const ch of part) {
        if (this.textWidth(current + ch, style) > width && current) {
          lines.push(current);
          current = '';
        }
        current += ch;
      }
    }
    lines.push(current);
    return lines;
  }

  measure(text: string, style: TextStyle, width = this.width): number {
    return this.lines(text, style, width).length * this.lineHeight(style);
  }

  /** Draws one line as it is, with no wrapping and no page break. */
  drawLine(line: string, x: number, y: number, style: TextStyle, options: { width?: number; align?: 'left' | 'right' | 'center' } = {}): void {
    const doc = this.doc.font(style.font).fontSize(style.size).fillColor(style.color ?? COLORS.ink);
    let dx = x;
    if (options.width !== undefined && options.align && options.align !== 'left') {
      const w = this.textWidth(line, style);
      dx = options.align === 'right' ? x + options.width - w : x + (options.width - w) / 2;
    }
    const baselineShift = (this.lineHeight(style) - style.size * 1.16) / 2;
    doc.text(line, dx, y + Math.max(0, baselineShift), { lineBreak: false });
  }

  /** Wrapped text at the cursor; a paragraph taller than the space left continues on the next page. */
  text(text: string, style: TextStyle, options: { x?: number; width?: number; align?: 'left' | 'right' | 'center'; keep?: boolean } = {}): number {
    const x = options.x ?? this.left;
    const width = options.width ?? this.right - x;
    const lines = this.lines(text, style, width);
    const lh = this.lineHeight(style);
    if (options.keep) this.ensure(lines.length * lh);
    const start = this.y;
    for (const line of lines) {
      this.ensure(lh);
      this.drawLine(line, x, this.y, style, { width, align: options.align ?? 'left' });
      this.y += lh;
    }
    return this.y - start;
  }

  /** A named destination here, for links and the table of contents. */
  anchor(name: string): void {
    if (this.anchors.has(name)) return;
    this.anchors.set(name, { page: this.pageIndex, y: this.y });
    this.doc.addNamedDestination(name, 'XYZ', null, Math.max(0, this.y - 14), null);
  }

  link(x: number, y: number, w: number, h: number, anchor: string): void {
    this.doc.goTo(x, y, w, h, anchor);
  }

  /** A bookmark in the PDF outline pointing at the cursor. */
  bookmark(title: string, parent?: OutlineItem): OutlineItem {
    const root = (this.doc as unknown as { outline: OutlineItem }).outline;
    const item = (parent ?? root).addItem(this.clean(title, 'body'));
    // pdfkit points bookmarks at the top of the page; point at the heading itself.
    const page = (this.doc as unknown as { page: { dictionary: unknown } }).page;
    item.outlineData.Dest = [page.dictionary, 'XYZ', null, this.pageHeight - Math.max(0, this.y - 14), null];
    return item;
  }

  rule(y = this.y, color: string = COLORS.rule, width = 0.6, x0 = this.left, x1 = this.right): void {
    this.doc.save().moveTo(x0, y).lineTo(x1, y).lineWidth(width).strokeColor(color).stroke().restore();
  }

  rect(x: number, y: number, w: number, h: number, fill: string, radius = 0): void {
    this.doc.save();
    if (radius > 0) this.doc.roundedRect(x, y, w, h, radius).fill(fill);
    else this.doc.rect(x, y, w, h).fill(fill);
    this.doc.restore();
  }

  /** A small filled label (status or severity): returns its width. */
  badge(label: string, x: number, y: number, fill: string, color: string = COLORS.white, size = 6.8): number {
    const style: TextStyle = { font: 'bold', size, color, leading: 1.45 };
    const text = this.clean(label, 'bold');
    const w = this.textWidth(text, style) + 8;
    const h = this.lineHeight(style);
    this.rect(x, y, w, h, fill, 2);
    this.drawLine(text, x + 4, y, style);
    return w;
  }

  /** Running header and footer on every page but the cover, once the page count is known. */
  decorate(header: { left: string; right: string }, footerLeft: string): void {
    const total = this.pageCount();
    const small: TextStyle = { font: 'body', size: 7, color: COLORS.muted };
    for (let i = 1; i < total; i++) {
      this.doc.switchToPage(i);
      const hy = 34;
      this.drawLine(this.clean(header.left, 'body'), this.left, hy, small);
      this.drawLine(this.clean(header.right, 'body'), this.left, hy, small, { width: this.width, align: 'right' });
      this.rule(hy + 13, COLORS.rule, 0.5);
      const fy = this.pageHeight - 44;
      this.rule(fy - 5, COLORS.rule, 0.5);
      this.drawLine(this.clean(footerLeft, 'body'), this.left, fy, small);
      this.drawLine(`Page ${i + 1} of ${total}`, this.left, fy, { ...small, font: 'bold', color: COLORS.ink }, { width: this.width, align: 'right' });
    }
  }

  async finish(): Promise<Buffer> {
    const chunks: Buffer[] = [];
    const done = new Promise<Buffer>((resolve, reject) => {
      this.doc.on('data', (c: Buffer) => chunks.push(c));
      this.doc.on('end', () => resolve(Buffer.concat(chunks)));
      this.doc.on('error', reject);
    });
    this.doc.end();
    return done;
  }
}

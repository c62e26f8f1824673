import type { BarPiece, RingPiece } from '../charts.js';
import { COLORS, type PdfLayout, type TextStyle } from './layout.js';

/** The ring from the view model (drawn in a 100-unit box), as vectors at (x, y) with the given size. */
export function drawRing(layout: PdfLayout, pieces: RingPiece[], x: number, y: number, size: number, centre: string, caption: string): void {
  const doc = layout.doc;
  doc.save();
  doc.translate(x, y).scale(size / 100);
  if (pieces.length === 0) doc.circle(50, 50, 42).lineWidth(16).strokeColor(COLORS.rule).stroke();
  for (const p of pieces) doc.path(p.d).fill(p.color, 'even-odd');
  doc.restore();
  const big: TextStyle = { font: 'bold', size: size * 0.15, color: COLORS.navy, leading: 1 };
  const small: TextStyle = { font: 'body', size: size * 0.075, color: COLORS.muted, leading: 1 };
  layout.drawLine(centre, x, y + size * 0.4, big, { width: size, align: 'center' });
  layout.drawLine(caption, x, y + size * 0.58, small, { width: size, align: 'center' });
}

/** A stacked bar from the view model (pieces in a 100-unit width). */
export function drawBar(layout: PdfLayout, pieces: BarPiece[], x: number, y: number, width: number, height: number): void {
  layout.rect(x, y, width, height, COLORS.soft);
  for (const p of pieces) layout.rect(x + (p.x / 100) * width, y, Math.max(0.6, (p.width / 100) * width), height, p.color);
}

/** Swatch, label and count in a row; returns the height used. */
export function drawLegend(layout: PdfLayout, items: Array<{ label: string; color: string; countText: string }>, x: number, y: number, width: number): number {
  const style: TextStyle = { font: 'body', size: 7.5, color: COLORS.ink };
  const bold: TextStyle = { ...style, font: 'bold' };
  let cx = x;
  let cy = y;
  const lh = layout.lineHeight(style);
  for (const item of items) {
    const w = 10 + layout.textWidth(item.label, style) + 3 + layout.textWidth(item.countText, bold) + 14;
    if (cx + w > x + width && cx > x) {
      cx = x;
      cy += lh;
    }
    layout.rect(cx, cy + 2, 7, 7, item.color, 1);
    layout.drawLine(item.label, cx + 10, cy, style);
    layout.drawLine(item.countText, cx + 10 + layout.textWidth(item.label, style) + 3, cy, bold);
    cx += w;
  }
  return cy + lh - y;
}

/**
 * Chart geometry, computed once and drawn by both renderers: the HTML template writes it as
 * inline SVG, the PDF renderer hands the same path data to pdfkit. So both documents show the
 * same picture, and neither template nor PDF code does arithmetic on results.
 */

export interface Segment<K extends string = string> {
  key: K;
  label: string;
  count: number;
  color: string;
}

export interface BarPiece<K extends string = string> extends Segment<K> {
  /** Offset and width in the bar's own units (0..width). */
  x: number;
  width: number;
}

/** A horizontal stacked bar; empty segments are left out, every non-empty one stays visible. */
export function stackedBar<K extends string>(segments: Segment<K>[], width: number, minWidth = 0): BarPiece<K>[] {
  const shown = segments.filter((s) => s.count > 0);
  const total = shown.reduce((a, s) => a + s.count, 0);
  if (total === 0) return [];
  // Small segments are widened to minWidth and the rest shrunk in proportion, so a single
  // failing requirement among hundreds is still a visible sliver.
  const raw = shown.map((s) => (s.count / total) * width);
  const small = raw.filter((w) => w < minWidth).length;
  const largeTotal = raw.filter((w) => w >= minWidth).reduce((a, w) => a + w, 0);
  const room = width - small * minWidth;
  const widths = raw.map((w) => (w < minWidth ? minWidth : largeTotal > 0 ? (w / largeTotal) * room : w));
  let x = 0;
  return shown.map((s, i) => {
    const piece = { ...s, x: round(x), width: round(widths[i]!) };
    x += widths[i]!;
    return piece;
  });
}

export interface RingPiece<K extends string = string> extends Segment<K> {
  /** SVG path data of a filled annular sector, in a box of size 2*outer with its centre at (outer, outer). */
  d: string;
}

/** A ring chart (donut) of the segments, starting at twelve o'clock and going clockwise. */
export function ring<K extends string>(segments: Segment<K>[], outer: number, inner: number): RingPiece<K>[] {
  const shown = segments.filter((s) => s.count > 0);
  const total = shown.reduce((a, s) => a + s.count, 0);
  if (total === 0) return [];
  let start = 0;
  return shown.map((s) => {
    const sweep = (s.count / total) * Math.PI * 2;
    const piece = { ...s, d: sectorPath(outer, outer, outer, inner, start, start + sweep) };
    start += sweep;
    return piece;
  });
}

function point(cx: number, cy: number, r: number, angle: number): string {
  return `${round(cx + r * Math.sin(angle))} ${round(cy - r * Math.cos(angle))}`;
}

function sectorPath(cx: number, cy: number, outer: number, inner: number, a0: number, a1: number): string {
  // A full circle cannot be one arc command: draw it as two halves.
  if (a1 - a0 >= Math.PI * 2 - 1e-9) {
    const mid = a0 + Math.PI;
    return [
      `M ${point(cx, cy, outer, a0)}`,
      `A ${outer} ${outer} 0 1 1 ${point(cx, cy, outer, mid)}`,
      `A ${outer} ${outer} 0 1 1 ${point(cx, cy, outer, a0)}`,
      `M ${point(cx, cy, inner, a0)}`,
      `A ${inner} ${inner} 0 1 0 ${point(cx, cy, inner, mid)}`,
      `A ${inner} ${inner} 0 1 0 ${point(cx, cy, inner, a0)}`,
      'Z',
    ].join(' ');
  }
  const large = a1 - a0 > Math.PI ? 1 : 0;
  return [
    `M ${point(cx, cy, outer, a0)}`,
    `A ${outer} ${outer} 0 ${large} 1 ${point(cx, cy, outer, a1)}`,
    `L ${point(cx, cy, inner, a1)}`,
    `A ${inner} ${inner} 0 ${large} 0 ${point(cx, cy, inner, a0)}`,
    'Z',
  ].join(' ');
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}

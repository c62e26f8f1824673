import type { Severity } from '../catalog/schema.js';
import { formatDate, formatInt, formatScore, isoDay } from './format.js';
import { SEVERITY_COLOR, SEVERITY_LABEL, SEVERITY_ORDER } from './view-model.js';

/** One earlier run of the same cluster, as the trend needs it: framework scores and failing evidence by severity. */
export interface TrendPoint {
  collectedAt: string;
  scores: Array<{ framework: string; title: string; score: number | null }>;
  findings: Record<Severity, number>;
}

/** Chart geometry in an abstract box (CHART_W × CHART_H), drawn as SVG in the HTML and as vectors in the PDF. */
export const CHART_W = 640;
export const CHART_H = 200;
export const PLOT = { left: 40, right: 630, top: 10, bottom: 170 } as const;

const PALETTE = ['#0b2545', '#2e7d32', '#d46b08', '#6a4c93', '#00796b', '#c62828', '#4f6d8a', '#a68a00'];

export interface TrendView {
  runs: number;
  firstDate: string;
  lastDate: string;
  /** x of each run, with its date label. */
  xs: Array<{ x: number; label: string; date: string }>;
  /** Score gridlines (0, 25, 50, 75, 100 %). */
  grid: Array<{ y: number; label: string }>;
  scores: Array<{ framework: string; title: string; color: string; points: string; dots: Array<{ x: number; y: number; text: string }>; lastText: string; firstText: string }>;
  severityMax: number;
  severityGrid: Array<{ y: number; label: string }>;
  bars: Array<{ x: number; width: number; date: string; totalText: string; pieces: Array<{ y: number; height: number; color: string; severity: Severity; label: string; count: number }> }>;
  severityLegend: Array<{ severity: Severity; label: string; color: string }>;
  table: Array<{ date: string; scores: string[]; findings: string[]; total: string }>;
  frameworkTitles: string[];
  severityLabels: string[];
}

const r1 = (n: number): number => Math.round(n * 10) / 10;

function niceMax(n: number): number {
  if (n <= 4) return 4;
  const mag = 10 ** Math.floor(Math.log10(n));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * mag >= n) return m * mag;
  return 10 * mag;
}

/** Scores per framework as lines and failing evidence per severity as stacked bars, over the runs given (oldest first). */
export function buildTrendView(points: readonly TrendPoint[]): TrendView | undefined {
  if (points.length < 2) return undefined;
  const n = points.length;
  const span = PLOT.right - PLOT.left;
  const step = span / n;
  const xOf = (i: number): number => r1(PLOT.left + step * (i + 0.5));
  const h = PLOT.bottom - PLOT.top;
  const yScore = (s: number): number => r1(PLOT.bottom - (s / 100) * h);
  const last = points[n - 1]!;
  const frameworks = last.scores.map((s) => ({ id: s.framework, title: s.title }));
  const scores = frameworks.map((f, fi) => {
    const dots: Array<{ x: number; y: number; text: string }> = [];
    points.forEach((p, i) => {
      const s = p.scores.find((x) => x.framework === f.id)?.score;
      if (s === null || s === undefined) return;
      dots.push({ x: xOf(i), y: yScore(s), text: `${isoDay(p.collectedAt)}: ${formatScore(s)}` });
    });
    const firstScore = points.map((p) => p.scores.find((x) => x.framework === f.id)?.score).find((s) => s !== null && s !== undefined) ?? null;
    return {
      framework: f.id,
      title: f.title,
      color: PALETTE[fi % PALETTE.length]!,
      points: dots.map((d) => `${d.x},${d.y}`).join(' '),
      dots,
      firstText: formatScore(firstScore),
      lastText: formatScore(last.scores[fi]!.score),
    };
  });
  const totals = points.map((p) => SEVERITY_ORDER.reduce((a, s) => a + (p.findings[s] ?? 0), 0));
  const max = niceMax(Math.max(...totals, 1));
  const bw = r1(Math.min(36, step * 0.6));
  const bars = points.map((p, i) => {
    let y: number = PLOT.bottom;
    const pieces = [...SEVERITY_ORDER].reverse().flatMap((s) => {
      const count = p.findings[s] ?? 0;
      if (!count) return [];
      const height = r1((count / max) * h);
      y = r1(y - height);
      return [{ y, height, color: SEVERITY_COLOR[s], severity: s, label: SEVERITY_LABEL[s], count }];
    });
    return { x: r1(xOf(i) - bw / 2), width: bw, date: isoDay(p.collectedAt), totalText: formatInt(totals[i]!), pieces };
  });
  return {
    runs: n,
    firstDate: formatDate(points[0]!.collectedAt),
    lastDate: formatDate(last.collectedAt),
    xs: points.map((p, i) => ({ x: xOf(i), label: isoDay(p.collectedAt).slice(5), date: isoDay(p.collectedAt) })),
    grid: [0, 25, 50, 75, 100].map((s) => ({ y: yScore(s), label: `${s}%` })),
    scores,
    severityMax: max,
    severityGrid: [0, 0.25, 0.5, 0.75, 1].map((f) => ({ y: r1(PLOT.bottom - f * h), label: formatInt(Math.round(f * max)) })),
    bars,
    severityLegend: SEVERITY_ORDER.map((s) => ({ severity: s, label: SEVERITY_LABEL[s], color: SEVERITY_COLOR[s] })),
    table: points.map((p, i) => ({
      date: isoDay(p.collectedAt),
      scores: frameworks.map((f) => formatScore(p.scores.find((x) => x.framework === f.id)?.score ?? null)),
      findings: SEVERITY_ORDER.map((s) => formatInt(p.findings[s] ?? 0)),
      total: formatInt(totals[i]!),
    })),
    frameworkTitles: frameworks.map((f) => f.title),
    severityLabels: SEVERITY_ORDER.map((s) => SEVERITY_LABEL[s]),
  };
}

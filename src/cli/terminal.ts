import type { Results } from '../evaluate/types.js';
import { showInvisible } from '../util/inert.js';

/**
 * Text from the cluster printed to a terminal: control characters (ANSI escapes included),
 * bidirectional overrides and zero-width characters are shown as escapes, so a hostile object
 * name cannot rewrite the screen or disguise itself.
 */
export function inert(text: string): string {
  return showInvisible(text);
}

function pad(s: string, n: number): string {
  return s.length >= n ? s : s + ' '.repeat(n - s.length);
}

export function summaryText(r: Results, outDir?: string): string {
  const lines: string[] = [];
  lines.push(`kubeproof ${r.run.tool.version} — ${inert(r.run.cluster.name)} (${r.run.snapshot.source.type}), collected ${r.run.snapshot.collectedAt}`);
  lines.push('');
  lines.push(`${pad('framework', 26)}${pad('score', 9)}pass  fail  waived  not-assessed  manual  attested  n/a   total`);
  for (const f of r.frameworks) {
    const c = f.counts;
    const score = f.score === null ? '—' : `${f.score.toFixed(1)}%`;
    lines.push(
      `${pad(f.id, 26)}${pad(score, 9)}${pad(String(c.pass), 6)}${pad(String(c.fail), 6)}${pad(String(c.waived), 8)}${pad(String(c['not-assessed']), 14)}${pad(String(c.manual), 8)}${pad(String(c.attested), 10)}${pad(String(c['not-applicable']), 6)}${f.total}`,
    );
    if (!f.scope.declared) lines.push(`  note: ${inert(f.scope.note)}`);
  }
  const failing = r.controls.filter((c) => c.status === 'fail');
  if (failing.length) {
    lines.push('');
    lines.push('failing controls:');
    const rank = { critical: 0, high: 1, medium: 2, low: 3, info: 4 };
    for (const c of [...failing].sort((a, b) => rank[a.severity] - rank[b.severity] || (a.id < b.id ? -1 : 1))) {
      const waived = c.counts.waived ? `, ${c.counts.waived} waived` : '';
      lines.push(`  ${pad(c.severity, 9)}${pad(c.id, 14)}${inert(c.title)} (${c.counts.fail} finding${c.counts.fail === 1 ? '' : 's'}${waived})`);
    }
  }
  const expired = r.waivers.filter((w) => w.status === 'expired');
  const unused = r.waivers.filter((w) => w.status === 'unused');
  if (expired.length || unused.length) {
    lines.push('');
    lines.push('waivers:');
    for (const w of expired) lines.push(`  ${inert(w.id)} for ${w.control} EXPIRED on ${w.expires}: its ${w.matched} finding${w.matched === 1 ? ' is' : 's are'} reported as failures`);
    for (const w of unused) lines.push(`  ${inert(w.id)} for ${w.control} matched nothing`);
  }
  const gaps = r.coverage.filter((c) => c.status === 'forbidden' || c.status === 'error');
  const notAssessed = r.controls.filter((c) => c.status === 'not-assessed');
  if (gaps.length || notAssessed.length) {
    lines.push('');
    lines.push('coverage gaps:');
    for (const g of gaps) lines.push(`  ${g.kind}: ${g.status}${g.message ? ` — ${inert(g.message)}` : ''}`);
    for (const c of notAssessed) lines.push(`  ${c.id} not assessed: ${inert(c.reason ?? '')}`);
  }
  if (outDir) {
    lines.push('');
    lines.push(`results written to ${inert(outDir)}`);
  }
  return `${lines.join('\n')}\n`;
}

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Handlebars from 'handlebars';
import { formatDateTime, formatInt, formatScore } from '../report/format.js';
import { cspFor, inertModel, registerReportPartials, reportCss, TEMPLATES_DIR, type CompileOptions } from '../report/html.js';
import { STATUS_COLOR, STATUS_LABEL, STATUS_MARK } from '../report/view-model.js';
import { mdCode, mdText } from '../util/markdown.js';
import type { RollupResult } from './rollup.js';

/** A relative link that stays one: every segment percent-encoded, and always starting with . so no scheme is read into it. */
export function safeHref(path: string): string {
  const enc = path.split('/').map((s) => (s === '..' || s === '.' ? s : encodeURIComponent(s))).join('/');
  return enc.startsWith('.') ? enc : `./${enc}`;
}

function view(r: RollupResult) {
  return {
    title: 'Fleet compliance rollup',
    subtitle: `${formatInt(r.clusters.length)} cluster${r.clusters.length === 1 ? '' : 's'} · ${r.frameworks.map((f) => f.title).join(' · ')}`,
    frameworks: r.frameworks,
    notes: r.notes,
    clusters: r.clusters.map((c) => ({
      cluster: c.cluster,
      pack: c.pack,
      collected: formatDateTime(c.collectedAt),
      href: c.report === null ? '' : safeHref(c.report),
      scores: c.scores.map((s) => formatScore(s.score)),
      failingRequirements: formatInt(c.failingRequirements),
      failingEvidence: formatInt(c.failingEvidence),
    })),
    clusterNames: r.clusters.map((c) => c.cluster),
    worst: r.worst.map((w) => ({
      framework: w.framework,
      id: w.id,
      title: w.title,
      failingText: `${w.failing.length} of ${r.clusters.length}`,
      statuses: w.statuses.map((s) => (s.status === null ? { status: 'none', statusLabel: 'Not in run', statusMark: '–', color: '' } : { status: s.status, statusLabel: STATUS_LABEL[s.status], statusMark: STATUS_MARK[s.status], color: STATUS_COLOR[s.status] })),
    })),
    toolVersion: 'kubeproof',
  };
}

let compiled: { template: Handlebars.TemplateDelegate; css: string; csp: string } | undefined;

/** The rollup as one self-contained page in the report's look; cluster text escaped, no script. */
export function rollupHtml(r: RollupResult): string {
  if (!compiled) {
    const hbs = Handlebars.create();
    const options: CompileOptions = { knownHelpersOnly: true, strict: false, preventIndent: true };
    registerReportPartials(hbs, options);
    const css = reportCss();
    compiled = { template: hbs.compile(readFileSync(join(TEMPLATES_DIR, 'rollup.html.hbs'), 'utf8'), options), css, csp: cspFor(css) };
  }
  return compiled.template({ ...inertModel(view(r)), css: compiled.css, csp: compiled.csp });
}

export function rollupMarkdown(r: RollupResult): string {
  const v = view(r);
  const out: string[] = [`## kubeproof fleet rollup: ${mdText(v.subtitle)}`, ''];
  for (const n of r.notes) out.push(`> Note: ${mdText(n)}`);
  if (r.notes.length) out.push('');
  out.push(`| cluster | collected | ${r.frameworks.map((f) => mdText(f.title)).join(' | ')} | failing requirements | failing evidence | report |`);
  out.push(`| --- | --- | ${r.frameworks.map(() => '---:').join(' | ')} | ---: | ---: | --- |`);
  for (const c of v.clusters) {
    out.push(`| ${mdText(c.cluster)} | ${mdText(c.collected)} | ${c.scores.join(' | ')} | ${c.failingRequirements} | ${c.failingEvidence} | ${c.href ? `[report.html](<${c.href}>)` : '—'} |`);
  }
  out.push('', '### Requirements failing in the most clusters', '');
  if (!v.worst.length) out.push('No requirement fails in any cluster.');
  else {
    out.push(`| framework | requirement | failing in | ${v.clusterNames.map(mdText).join(' | ')} |`, `| --- | --- | --- | ${v.clusterNames.map(() => '---').join(' | ')} |`);
    for (const w of v.worst) out.push(`| ${mdText(w.framework)} | ${mdCode(w.id)} ${mdText(w.title)} | ${w.failingText} | ${w.statuses.map((s) => `${s.statusMark} ${s.statusLabel}`).join(' | ')} |`);
  }
  return `${out.join('\n')}\n`;
}

import type { Results } from '../evaluate/types.js';
import { showInvisible } from '../util/inert.js';
import { formatInt, plural } from './format.js';
import { SEVERITY_ORDER, type ReportModel } from './view-model.js';

/**
 * Text from the cluster made inert in GitHub-flavoured Markdown: HTML is escaped, the
 * punctuation that makes emphasis, code, links, tables and headings is backslash-escaped (pipes
 * too, so a table cell cannot be split), bare URLs are kept from turning into links, line
 * breaks become spaces, and control, bidirectional and zero-width characters are shown as escapes.
 */
export function md(text: string): string {
  return showInvisible(text.replace(/[\r\n\t]+/g, ' '))
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/([\\`*_[\]|~#])/g, '\\$1')
    // A list marker or heading at the start, and bare links (which GitHub would make clickable).
    .replace(/^(\s*)([-+=]|\d+[.)])/, '$1\\$2')
    .replace(/:(?=\/\/)/g, '\\:')
    .replace(/\bwww\./gi, (w) => `${w.slice(0, 3)}\\.`);
}

const MAX_FINDINGS = 15;
const MAX_CONTROLS = 20;
const MAX_GAPS = 8;

/** summary.md: a short summary for a pull request comment. */
export function renderMarkdown(vm: ReportModel, results: Results): string {
  const out: string[] = [];
  const m = vm.meta;
  out.push(`## kubeproof audit: ${md(m.cluster)}`);
  out.push('');
  out.push(`Collected ${md(m.collectedAt)} · ${md(m.toolVersion)} · snapshot \`${m.snapshotDigest.slice(0, 19)}…\``);
  out.push('');
  out.push('| Framework | Score | Pass | Fail | Waived | Not assessed | Manual | Attested | N/A |');
  out.push('|---|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const f of vm.summary.frameworks) {
    const c = Object.fromEntries(f.counts.map((x) => [x.status, x.countText]));
    out.push(`| ${md(f.name)} | ${f.score} | ${c.pass} | ${c.fail} | ${c.waived} | ${c['not-assessed']} | ${c.manual} | ${c.attested} | ${c['not-applicable']} |`);
  }
  out.push('');

  const failing = results.controls
    .filter((c) => c.status === 'fail')
    .sort((a, b) => SEVERITY_ORDER.indexOf(a.severity) - SEVERITY_ORDER.indexOf(b.severity) || b.counts.fail - a.counts.fail || (a.id < b.id ? -1 : 1));
  if (failing.length) {
    out.push(`### Failing controls (${formatInt(failing.length)})`);
    out.push('');
    out.push('| Severity | Control | Failing | Requirements |');
    out.push('|---|---|---:|---|');
    for (const c of failing.slice(0, MAX_CONTROLS)) {
      const reqs = results.run.frameworks.filter((f) => c.frameworks[f]?.length).map((f) => `${f} ${c.frameworks[f]!.join(', ')}`);
      out.push(`| ${c.severity} | **${md(c.id)}** ${md(c.title)} | ${formatInt(c.counts.fail)} | ${md(reqs.join('; '))} |`);
    }
    if (failing.length > MAX_CONTROLS) out.push(`\n…and ${plural(failing.length - MAX_CONTROLS, 'more failing control')}.`);
    out.push('');
    out.push('<details><summary>First findings</summary>');
    out.push('');
    let shown = 0;
    let total = 0;
    for (const c of failing) {
      for (const e of c.evidence) {
        if (e.outcome !== 'fail') continue;
        total++;
        if (shown >= MAX_FINDINGS) continue;
        shown++;
        const where = e.source ? ` (${md(e.source.file)}:${e.source.line})` : '';
        const obj = `${e.object.kind} ${e.object.namespace ? `${e.object.namespace}/` : ''}${e.object.name}`;
        out.push(`- **${md(c.id)}** ${md(obj)}${e.container ? ` container ${md(e.container)}` : ''}: ${md(e.pointer)}${where}: ${md(e.message)}`);
      }
    }
    if (total > shown) out.push(`- …and ${plural(total - shown, 'more failing record')}: see findings.csv or the HTML report.`);
    out.push('');
    out.push('</details>');
    out.push('');
  } else {
    out.push('No control fails.');
    out.push('');
  }

  if (vm.summary.gaps.length) {
    out.push('### Coverage gaps');
    out.push('');
    for (const g of vm.summary.gaps.slice(0, MAX_GAPS)) out.push(`- ${md(g.text)}`);
    if (vm.summary.gaps.length > MAX_GAPS) out.push(`- …and ${plural(vm.summary.gaps.length - MAX_GAPS, 'more gap')}: see the report's executive summary.`);
    out.push('');
  }
  const expired = vm.waivers.filter((w) => w.expired);
  if (expired.length) {
    out.push('### Expired waivers');
    out.push('');
    for (const w of expired) out.push(`- **${md(w.id)}** (${md(w.control)}) expired on ${md(w.expires)}: its findings count as failures.`);
    out.push('');
  }
  out.push(`<sub>${md(m.confidentiality)}</sub>`);
  return `${out.join('\n')}\n`;
}

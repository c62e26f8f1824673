import { mdCode, mdText } from '../util/markdown.js';
import type { DiffFinding, DiffResult } from './diff.js';

function where(f: DiffFinding): string {
  const obj = `${f.object.kind} ${f.object.namespace ? `${f.object.namespace}/` : ''}${f.object.name}`;
  return `${mdText(obj)}${f.container ? ` (container ${mdText(f.container)})` : ''}`;
}

function findingRows(list: readonly DiffFinding[], max: number): string[] {
  const rows = ['| severity | control | object | field | message |', '| --- | --- | --- | --- | --- |'];
  for (const f of list.slice(0, max)) rows.push(`| ${f.severity} | ${mdCode(f.control)} | ${where(f)} | ${mdCode(f.pointer)} | ${mdText(f.message)} |`);
  if (list.length > max) rows.push(`| | | … and ${list.length - max} more | | |`);
  return rows;
}

/** A pull-request-sized summary of a diff; the JSON form has everything. */
export function diffMarkdown(d: DiffResult, max = 50): string {
  const out: string[] = [];
  out.push(`## kubeproof: ${mdText(d.new.cluster)} — changes since ${mdText(d.old.collectedAt)}`);
  out.push('');
  out.push(d.regression ? '**Regression**: posture got worse.' : 'No regression.');
  out.push('');
  out.push(`Old: ${mdText(d.old.collectedAt)} (snapshot ${mdCode(d.old.snapshotDigest.slice(0, 19))}) · New: ${mdText(d.new.collectedAt)} (snapshot ${mdCode(d.new.snapshotDigest.slice(0, 19))})`);
  for (const n of d.notes) out.push(`> Note: ${mdText(n)}`);
  out.push('');
  out.push('| framework | old score | new score | change |', '| --- | --- | --- | --- |');
  for (const s of d.scores) {
    const fmt = (v: number | null) => (v === null ? '—' : `${v.toFixed(1)}%`);
    out.push(`| ${mdText(s.framework)} | ${fmt(s.old)} | ${fmt(s.new)} | ${s.delta === null ? '—' : `${s.delta > 0 ? '+' : ''}${s.delta.toFixed(1)}`} |`);
  }
  out.push('');
  out.push(`**${d.findings.new.length} new failures**, ${d.findings.resolved.length} resolved, ${d.findings.persisting.length} persisting.`);
  if (d.findings.new.length) out.push('', '### New failures', '', ...findingRows(d.findings.new, max));
  if (d.findings.resolved.length) out.push('', '### Resolved', '', ...findingRows(d.findings.resolved, max));
  if (d.requirements.length) {
    out.push('', '### Requirement status changes', '', '| framework | requirement | was | now |', '| --- | --- | --- | --- |');
    for (const r of d.requirements) out.push(`| ${mdText(r.framework)} | ${mdText(r.id)} ${mdText(r.title)} | ${r.old} | ${r.worse ? '**' : ''}${r.new}${r.worse ? '**' : ''} |`);
  }
  const w = d.waivers;
  if (w.appeared.length || w.expired.length || w.removed.length) {
    out.push('', '### Waivers', '');
    if (w.appeared.length) out.push(`- new: ${w.appeared.map(mdCode).join(', ')}`);
    if (w.expired.length) out.push(`- expired: ${w.expired.map(mdCode).join(', ')}`);
    if (w.removed.length) out.push(`- removed: ${w.removed.map(mdCode).join(', ')}`);
  }
  if (d.objects.added.length || d.objects.removed.length) {
    out.push('', `### Objects (${d.objects.basis === 'snapshots' ? 'from the snapshots' : 'from the evidence only'})`, '');
    if (d.objects.added.length) out.push(`- added: ${d.objects.added.slice(0, max).map(mdText).join(', ')}${d.objects.added.length > max ? ` … and ${d.objects.added.length - max} more` : ''}`);
    if (d.objects.removed.length) out.push(`- removed: ${d.objects.removed.slice(0, max).map(mdText).join(', ')}${d.objects.removed.length > max ? ` … and ${d.objects.removed.length - max} more` : ''}`);
  }
  if (d.rbac.length) {
    out.push('', '### RBAC subjects that gained permissions', '');
    for (const r of d.rbac) out.push(`- ${mdText(r.subject)}: ${r.gained.slice(0, max).map(mdCode).join(', ')}${r.gained.length > max ? ` … and ${r.gained.length - max} more` : ''}`);
  }
  if (d.images.added.length || d.images.removed.length) {
    out.push('', '### Images', '');
    if (d.images.added.length) out.push(`- added: ${d.images.added.map(mdCode).join(', ')}`);
    if (d.images.removed.length) out.push(`- removed: ${d.images.removed.map(mdCode).join(', ')}`);
  }
  return `${out.join('\n')}\n`;
}

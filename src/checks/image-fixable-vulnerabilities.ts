import { z } from 'zod';
import { daysBetween, VULNERABILITY_REPORT_KIND, type VulnSeverity } from '../inventory/vulnerability-data.js';
import type { Json } from './types.js';
import { defineCheck } from './types.js';
import { describeObject, IMAGE_NEEDS, imagesOf } from './images-helpers.js';
import { NO_VULNERABILITY_DATA } from './image-vulnerability-report.js';

/**
 * Neither Trivy nor trivy-operator records when a fix was released; the vulnerability's
 * publication date stands for it. A fix that came out later than the advisory makes the age look
 * larger than it is: a waiver that gives the fix date answers that.
 */
export default defineCheck({
  id: 'image-fixable-vulnerabilities',
  description: 'No image runs a critical or high vulnerability that has a fixed version and was published more than 30 days ago.',
  needs: IMAGE_NEEDS,
  optionalNeeds: [VULNERABILITY_REPORT_KIND],
  options: z.strictObject({
    severities: z.array(z.enum(['critical', 'high', 'medium', 'low'])).min(1).default(['critical', 'high']),
    graceDays: z.number().int().nonnegative().default(30),
  }),
  messages: {
    overdue: 'Image {{image}} (container {{container}} of {{object}}) has {{count}} fixable {{severities}} vulnerabilities published more than {{grace}} days ago: {{list}}{{more}}.',
    withinGrace: 'Image {{image}} (container {{container}}) has no fixable {{severities}} vulnerability older than {{grace}} days ({{recent}} fixable within the grace period; {{report}}).',
  },
  evaluate(ctx) {
    const model = imagesOf(ctx);
    if (model.sources.length === 0) {
      ctx.notAssessed(NO_VULNERABILITY_DATA);
      return;
    }
    const wanted = new Set<VulnSeverity>(ctx.options.severities);
    const grace = ctx.options.graceDays;
    const severities = ctx.options.severities.join('/');
    const expected = `no ${severities} vulnerability with a fixed version published more than ${grace} days ago`;
    let judged = 0;
    for (const c of model.containers) {
      const matched = model.matches.get(c.key);
      if (!c.parsed.ok || !matched) continue;
      judged++;
      const row = model.rows.get(c.key)!;
      const seen = new Set<string>();
      const fixable = matched.findings.filter((f) => {
        if (!f.fixed || !wanted.has(f.severity)) return false;
        const key = `${f.id}\u0000${f.package}\u0000${f.installed ?? ''}`;
        if (seen.has(key)) return false;
        seen.add(key);
        return true;
      });
      const aged = fixable.map((f) => ({ f, age: f.published ? daysBetween(f.published, ctx.asOf) : null }));
      const overdue = aged.filter((a) => a.age === null || a.age > grace).sort((a, b) => (b.age ?? Infinity) - (a.age ?? Infinity) || a.f.id.localeCompare(b.f.id) || a.f.package.localeCompare(b.f.package));
      const base = { object: c.object, container: c.container, pointer: c.pointer, expected };
      const data = { image: row.image, container: c.container, object: describeObject(c), severities, grace, report: row.report?.label ?? '' };
      if (overdue.length === 0) {
        ctx.report({ ...base, observed: [], outcome: 'pass', messageId: 'withinGrace', data: { ...data, recent: fixable.length } });
        continue;
      }
      const observed: Json = overdue.map(({ f, age }) => ({
        id: f.id,
        package: f.package,
        installed: f.installed,
        fixed: f.fixed,
        severity: f.severity,
        published: f.published,
        ageDays: age,
      }));
      const shown = overdue.slice(0, 5).map(({ f, age }) => `${f.id} (${f.severity}) in ${f.package} ${f.installed ?? '?'} → ${f.fixed}, ${age === null ? 'publication date unknown' : `published ${age} days ago`}`);
      ctx.report({
        ...base,
        observed,
        outcome: 'fail',
        messageId: 'overdue',
        data: { ...data, count: overdue.length, list: shown.join('; '), more: overdue.length > 5 ? `; and ${overdue.length - 5} more` : '' },
      });
    }
    if (judged === 0) ctx.notAssessed('no image of the estate has a matching vulnerability report (see the report coverage control, KP-IMG-007)');
  },
});

import { z } from 'zod';
import { namespaceRef, namespacesWithWorkloads } from '../network/policy.js';
import type { K8sObject } from '../snapshot/types.js';
import { matchesSelector } from '../snapshot/selector.js';
import { namespaceLabels } from './admission-helpers.js';
import { globMatch } from './rbac-helpers.js';
import { WORKLOAD_KINDS } from './network-helpers.js';
import { defineCheck } from './types.js';

const VELERO_SCHEDULE = 'Schedule.velero.io';

/** Whether a Velero Schedule's backup template takes in a namespace. */
function covers(s: K8sObject, ns: string, labels: Record<string, string>): boolean {
  const t = (s as any).spec?.template ?? {};
  const included: string[] = Array.isArray(t.includedNamespaces) ? t.includedNamespaces : [];
  const excluded: string[] = Array.isArray(t.excludedNamespaces) ? t.excludedNamespaces : [];
  if (excluded.some((p) => globMatch(p, ns))) return false;
  if (included.length && !included.some((p) => globMatch(p, ns))) return false;
  if (t.namespaceSelector && !matchesSelector(t.namespaceSelector, labels)) return false;
  return true;
}

export default defineCheck({
  id: 'backup-schedule',
  description:
    'The namespaces of a scope (hipaa: ePHI) are taken in by an active Velero backup Schedule. Without Velero the control is not assessed: backups made by other means are for the assessor to attest.',
  needs: ['Namespace', ...WORKLOAD_KINDS],
  optionalNeeds: [VELERO_SCHEDULE],
  options: z.strictObject({ scope: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/) }),
  messages: {
    covered: 'Namespace {{namespace}} is backed up by Velero Schedule {{schedule}} ({{cron}}, kept {{ttl}}).',
    paused: 'Namespace {{namespace}} is taken in only by Velero Schedule {{schedule}}, which is paused.',
    uncovered: 'Namespace {{namespace}} is taken in by none of the Velero Schedules ({{schedules}}).',
  },
  evaluate(ctx) {
    const schedules = ctx.index.of(VELERO_SCHEDULE);
    if (schedules.length === 0) {
      ctx.notAssessed('no Velero backup Schedule is visible (Velero is not installed, or backups are made by other means): an assessor must check and attest the backup of the in-scope data');
      return;
    }
    const scope = ctx.scope(ctx.options.scope);
    const expected = 'an active (not paused) Velero Schedule whose backup includes the namespace';
    for (const ns of namespacesWithWorkloads(ctx.index).filter((n) => scope.namespaces.has(n))) {
      const labels = namespaceLabels(ctx.index, ns);
      const matching = schedules.filter((s) => covers(s, ns, labels));
      const active = matching.find((s) => (s as any).spec?.paused !== true);
      // Evidence sits on the Namespace, whatever namespace the Schedule lives in, so that it counts in scope.
      const object = namespaceRef(ctx.index, ns);
      if (active) {
        const spec = (active as any).spec ?? {};
        ctx.report({ outcome: 'pass', messageId: 'covered', data: { namespace: ns, schedule: `${active.metadata.namespace}/${active.metadata.name}`, cron: spec.schedule ?? '?', ttl: spec.template?.ttl ?? 'the default 720h' }, object, pointer: '', observed: { schedule: `${active.metadata.namespace}/${active.metadata.name}` }, expected });
      } else if (matching[0]) {
        ctx.report({ outcome: 'fail', messageId: 'paused', data: { namespace: ns, schedule: `${matching[0].metadata.namespace}/${matching[0].metadata.name}` }, object, pointer: '', observed: { schedule: `${matching[0].metadata.namespace}/${matching[0].metadata.name}`, paused: true }, expected });
      } else {
        ctx.report({ outcome: 'fail', messageId: 'uncovered', data: { namespace: ns, schedules: schedules.map((s) => s.metadata.name).join(', ') }, object, pointer: '', observed: null, expected });
      }
    }
  },
});

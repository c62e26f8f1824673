import { z } from 'zod';
import { namespaceRef } from '../network/policy.js';
import { defineCheck } from './types.js';

const SCOPE_LABEL = 'compliance.kubeproof.io/scope';

export default defineCheck({
  id: 'scope-declared',
  description:
    'The namespaces of a compliance scope (pci: the cardholder-data environment, hipaa: ePHI) are declared, by the namespace label compliance.kubeproof.io/scope or in the configuration, rather than left for the audit to assume the whole cluster.',
  needs: ['Namespace'],
  options: z.strictObject({
    scope: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/),
    /** The scope in words: "the cardholder-data environment". */
    what: z.string().min(1),
  }),
  messages: {
    inScope: 'Namespace {{namespace}} is declared part of {{what}} ({{how}}).',
    undeclared: 'No namespace is declared part of {{what}}: the audit treats namespace {{namespace}}, like every other, as in scope.',
  },
  evaluate(ctx) {
    const { scope: tag, what } = ctx.options;
    const scope = ctx.scope(tag);
    const expected = `the namespaces of ${what} labelled ${SCOPE_LABEL}=${tag} or listed in the configuration's scope.${tag}`;
    const pointer = `/metadata/labels/${SCOPE_LABEL.replace(/\//g, '~1')}`;
    for (const ns of [...scope.namespaces].sort()) {
      const label = ctx.index.namespaceLabels(ns)[SCOPE_LABEL];
      const how = label?.split(',').map((v) => v.trim()).includes(tag) ? `label ${SCOPE_LABEL}=${label}` : `configuration scope.${tag}`;
      ctx.report({
        outcome: scope.declared ? 'pass' : 'fail',
        messageId: scope.declared ? 'inScope' : 'undeclared',
        data: { namespace: ns, what, how },
        object: namespaceRef(ctx.index, ns),
        pointer,
        observed: label ?? null,
        expected,
      });
    }
  },
});

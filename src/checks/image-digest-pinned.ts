import { z } from 'zod';
import { defineCheck } from './types.js';
import { describeObject, IMAGE_NEEDS, imagesOf, inScopeNamespaces } from './images-helpers.js';

export default defineCheck({
  id: 'image-digest-pinned',
  description: 'Containers in the in-scope (PCI, HIPAA) namespaces name their image by digest.',
  needs: IMAGE_NEEDS,
  options: z.strictObject({ scopes: z.array(z.string().min(1)).min(1).default(['pci', 'hipaa']) }),
  messages: {
    pinned: 'Container {{container}} runs {{image}}, pinned by digest: every node runs the same bytes.',
    notPinned: 'Container {{container}} of {{object}} runs {{image}} by tag: whoever can push that tag changes what runs here, without a change to this manifest.',
    invalid: 'Container {{container}} of {{object}} names an image the kubelet cannot parse: {{error}}.',
  },
  evaluate(ctx) {
    const { namespaces, note } = inScopeNamespaces(ctx, ctx.options.scopes);
    const expected = 'an image pinned by digest (name@sha256:…)';
    let judged = 0;
    for (const c of imagesOf(ctx).containers) {
      if (!namespaces.has(c.workload.namespace)) continue;
      judged++;
      const base = { object: c.object, container: c.container, pointer: c.pointer, observed: c.written, expected };
      if (!c.parsed.ok) {
        ctx.report({ ...base, outcome: 'fail', messageId: 'invalid', data: { container: c.container, object: describeObject(c), error: c.parsed.error } });
        continue;
      }
      const pinned = c.parsed.ref.digest !== null;
      ctx.report({ ...base, outcome: pinned ? 'pass' : 'fail', messageId: pinned ? 'pinned' : 'notPinned', data: { container: c.container, object: describeObject(c), image: c.written } });
    }
    if (judged === 0) ctx.notApplicable(`no workload runs in an in-scope namespace (${note})`);
  },
});

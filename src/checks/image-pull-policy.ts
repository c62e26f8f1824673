import { z } from 'zod';
import { effectiveTag } from '../inventory/image-reference.js';
import { defineCheck } from './types.js';
import { admissionPluginEnabled, describeObject, IMAGE_NEEDS, imagesOf } from './images-helpers.js';

export default defineCheck({
  id: 'image-pull-policy',
  description: 'A container that runs a mutable tag pulls it every time (imagePullPolicy Always), so a node cannot run a stale cached copy.',
  needs: IMAGE_NEEDS,
  options: z.strictObject({}),
  messages: {
    stale: 'Container {{container}} of {{object}} runs tag {{tag}} of {{name}} with imagePullPolicy {{policy}}{{defaulted}}: a node that pulled that tag before runs its old copy, whatever the registry holds now.',
    always: 'Container {{container}} pulls {{image}} on every start (imagePullPolicy Always{{defaulted}}).',
    pinned: 'Container {{container}} runs {{image}} by digest: a cached copy is the same image.',
    admission: 'Container {{container}} runs {{image}} with imagePullPolicy {{policy}}, but the AlwaysPullImages admission plugin of kube-apiserver forces Always.',
  },
  evaluate(ctx) {
    const alwaysPull = admissionPluginEnabled(ctx.index, 'AlwaysPullImages')?.enabled === true;
    const expected = 'imagePullPolicy Always, or an image pinned by digest';
    for (const c of imagesOf(ctx).containers) {
      if (!c.parsed.ok) continue;
      const ref = c.parsed.ref;
      const policy = c.pullPolicy.value;
      const defaulted = c.pullPolicy.set ? '' : ', the default';
      const base = { object: c.object, container: c.container, pointer: c.pullPolicy.pointer, observed: c.pullPolicy.set ? policy : null, expected };
      const data = { container: c.container, object: describeObject(c), image: c.written, policy, defaulted, tag: effectiveTag(ref) ?? '', name: ref.name };
      if (ref.digest) ctx.report({ ...base, outcome: 'pass', messageId: 'pinned', data });
      else if (policy === 'Always') ctx.report({ ...base, outcome: 'pass', messageId: 'always', data });
      else if (alwaysPull) ctx.report({ ...base, outcome: 'pass', messageId: 'admission', data });
      else ctx.report({ ...base, outcome: 'fail', messageId: 'stale', data });
    }
  },
});

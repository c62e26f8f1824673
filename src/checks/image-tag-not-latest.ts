import { z } from 'zod';
import { defineCheck } from './types.js';
import { describeObject, IMAGE_NEEDS, imagesOf } from './images-helpers.js';

export default defineCheck({
  id: 'image-tag-not-latest',
  description: 'No container runs an image by the `latest` tag or by no tag at all (which is `latest`).',
  needs: IMAGE_NEEDS,
  options: z.strictObject({}),
  messages: {
    latest: 'Container {{container}} of {{object}} runs {{image}}: the `latest` tag names whatever was pushed last, so no one can say which version runs.',
    noTag: 'Container {{container}} of {{object}} runs {{image}} with no tag, which the runtime pulls as `latest`.',
    versioned: 'Container {{container}} runs {{image}}, a named version.',
    invalid: 'Container {{container}} of {{object}} names an image the kubelet cannot parse: {{error}}.',
  },
  evaluate(ctx) {
    const expected = 'a version tag or a digest, not latest and not bare';
    for (const c of imagesOf(ctx).containers) {
      const base = { object: c.object, container: c.container, pointer: c.pointer, observed: c.written, expected };
      const data = { container: c.container, object: describeObject(c), image: c.written };
      if (!c.parsed.ok) {
        ctx.report({ ...base, outcome: 'fail', messageId: 'invalid', data: { ...data, error: c.parsed.error } });
        continue;
      }
      const { tag, digest } = c.parsed.ref;
      if (digest) ctx.report({ ...base, outcome: 'pass', messageId: 'versioned', data });
      else if (tag === null) ctx.report({ ...base, outcome: 'fail', messageId: 'noTag', data });
      else if (tag === 'latest') ctx.report({ ...base, outcome: 'fail', messageId: 'latest', data });
      else ctx.report({ ...base, outcome: 'pass', messageId: 'versioned', data });
    }
  },
});

import { z } from 'zod';
import type { Json } from './types.js';
import { defineCheck } from './types.js';
import { describeObject, IMAGE_NEEDS, imagesOf } from './images-helpers.js';

export default defineCheck({
  id: 'image-digest-drift',
  description: 'The pods of a workload run one image digest, and the one pinned when a digest is pinned (status imageID).',
  needs: IMAGE_NEEDS,
  options: z.strictObject({}),
  messages: {
    differFromPinned: 'Container {{container}} of {{object}} pins {{pinned}}, but {{pods}} run {{running}}.',
    replicasDiffer: 'The pods of {{object}} run different images for container {{container}} ({{image}}): {{detail}}. The tag was re-pushed between pulls, or nodes hold different cached copies.',
    consistent: 'The {{count}} running pods of {{object}} run one digest for container {{container}}: {{digest}}.',
  },
  evaluate(ctx) {
    let judged = 0;
    for (const c of imagesOf(ctx).containers) {
      if (!c.parsed.ok) continue;
      const withDigest = c.running.filter((r) => r.imageId.digest !== null);
      if (withDigest.length === 0) continue;
      judged++;
      const observed: Json = withDigest.map((r) => ({ pod: r.pod.name, pointer: r.pointer, digest: r.imageId.digest! }));
      const base = { object: c.object, container: c.container, pointer: c.pointer, observed };
      const pinned = c.parsed.ref.digest;
      const digests = [...new Set(withDigest.map((r) => r.imageId.digest!))].sort();
      const object = describeObject(c);
      if (pinned) {
        const off = withDigest.filter((r) => r.imageId.digest !== pinned);
        if (off.length) {
          ctx.report({
            ...base,
            outcome: 'fail',
            messageId: 'differFromPinned',
            data: { container: c.container, object, pinned, pods: off.map((r) => `pod ${r.pod.name}`).join(', '), running: [...new Set(off.map((r) => r.imageId.digest!))].join(', ') },
            expected: `every pod runs the pinned digest ${pinned}`,
          });
          continue;
        }
      } else if (digests.length > 1) {
        const detail = digests.map((d) => `${d} in ${withDigest.filter((r) => r.imageId.digest === d).map((r) => `pod ${r.pod.name}`).join(', ')}`).join('; ');
        ctx.report({ ...base, outcome: 'fail', messageId: 'replicasDiffer', data: { container: c.container, object, image: c.written, detail }, expected: 'one digest across the pods of the workload' });
        continue;
      }
      ctx.report({ ...base, outcome: 'pass', messageId: 'consistent', data: { container: c.container, object, count: withDigest.length, digest: digests[0]! }, expected: pinned ? `every pod runs the pinned digest ${pinned}` : 'one digest across the pods of the workload' });
    }
    if (judged === 0) ctx.notApplicable('no running pod reports the registry digest it runs (status.containerStatuses[].imageID): manifests without pods, or pods not yet started');
  },
});

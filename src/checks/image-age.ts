import { z } from 'zod';
import { defineCheck } from './types.js';
import { describeObject, IMAGE_NEEDS, imagesOf } from './images-helpers.js';

export default defineCheck({
  id: 'image-age',
  description: 'Images were built within the rebuild period, where the vulnerability report carries the image creation date.',
  needs: IMAGE_NEEDS,
  options: z.strictObject({ maxAgeDays: z.number().int().positive().default(365) }),
  messages: {
    old: 'Image {{image}} (container {{container}} of {{object}}) was built on {{created}}, {{age}} days ago: more than {{max}} days without a rebuild leaves its base packages unpatched.',
    recent: 'Image {{image}} (container {{container}}) was built on {{created}}, {{age}} days ago.',
  },
  evaluate(ctx) {
    const model = imagesOf(ctx);
    const max = ctx.options.maxAgeDays;
    let judged = 0;
    for (const c of model.containers) {
      const row = model.rows.get(c.key);
      if (!c.parsed.ok || !row?.imageCreated || row.imageAgeDays === null) continue;
      judged++;
      const old = row.imageAgeDays > max;
      ctx.report({
        outcome: old ? 'fail' : 'pass',
        messageId: old ? 'old' : 'recent',
        data: { image: row.image, container: c.container, object: describeObject(c), created: row.imageCreated.slice(0, 10), age: row.imageAgeDays, max },
        object: c.object,
        container: c.container,
        pointer: c.pointer,
        observed: { imageCreated: row.imageCreated, ageDays: row.imageAgeDays, report: row.report?.label ?? null },
        expected: `an image built within the last ${max} days`,
      });
    }
    if (judged === 0) {
      ctx.notApplicable('no vulnerability report carries an image creation date (Trivy JSON has it in Metadata.ImageConfig.created; trivy-operator reports and reproducible builds stamped with the epoch do not)');
    }
  },
});

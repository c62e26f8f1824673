import { z } from 'zod';
import type { ImageReference } from '../inventory/image-reference.js';
import type { Json } from './types.js';
import { defineCheck } from './types.js';
import { IMAGE_NEEDS, imagesOf, inScopeNamespaces } from './images-helpers.js';
import { PROVENANCE_KINDS, provenanceEnforcers, type Enforcer } from './provenance-helpers.js';

const ENGINES = 'Kyverno verifyImages or ImageValidatingPolicy, sigstore policy-controller ClusterImagePolicy, Connaisseur, Ratify with Gatekeeper, or the ImagePolicyWebhook admission plugin';

function describe(e: Enforcer): Json {
  return { engine: e.engine, policy: e.name, pointer: e.pointer, mode: e.mode, matches: e.matches };
}

export default defineCheck({
  id: 'image-provenance-enforced',
  description: 'An admission policy verifies image signatures for every image of every in-scope namespace, and blocks what fails.',
  needs: [...IMAGE_NEEDS, 'Namespace', 'MutatingWebhookConfiguration'],
  optionalNeeds: PROVENANCE_KINDS,
  options: z.strictObject({ scopes: z.array(z.string().min(1)).min(1).default(['pci', 'hipaa']) }),
  messages: {
    covered: 'Namespace {{namespace}}: every image ({{images}}) must pass signature verification at admission: {{policies}}.',
    none: 'Namespace {{namespace}}: no image provenance policy is in place ({{engines}}); its images ({{images}}) are admitted unverified.',
    uncovered: 'Namespace {{namespace}}: {{uncovered}} {{verb}} admitted without signature verification{{auditOnly}}.',
  },
  evaluate(ctx) {
    const { namespaces, note } = inScopeNamespaces(ctx, ctx.options.scopes);
    const enforcers = provenanceEnforcers(ctx.index);
    const byNamespace = new Map<string, Map<string, { ref: ImageReference; written: string }>>();
    for (const c of imagesOf(ctx).containers) {
      if (!namespaces.has(c.workload.namespace) || !c.parsed.ok) continue;
      let images = byNamespace.get(c.workload.namespace);
      if (!images) byNamespace.set(c.workload.namespace, (images = new Map()));
      images.set(c.key, { ref: c.parsed.ref, written: c.written });
    }
    if (byNamespace.size === 0) {
      ctx.notApplicable(`no workload runs in an in-scope namespace (${note})`);
      return;
    }
    for (const ns of [...byNamespace.keys()].sort()) {
      const images = [...byNamespace.get(ns)!.values()];
      const nsObject = ctx.index.get('Namespace', undefined, ns);
      const object = nsObject ? { apiVersion: nsObject.apiVersion, kind: 'Namespace', name: ns, ...(nsObject.metadata.uid ? { uid: nsObject.metadata.uid } : {}) } : { apiVersion: 'v1', kind: 'Namespace', name: ns };
      const here = enforcers.filter((e) => e.coversNamespace(ns));
      const blocking = here.filter((e) => e.enforcingIn(ns));
      const uncovered = images.filter((i) => !blocking.some((e) => e.coversImage(i.ref, i.written)));
      const used = blocking.filter((e) => images.some((i) => e.coversImage(i.ref, i.written)));
      const imageList = images.map((i) => i.ref.canonical).join(', ');
      const base = { object, pointer: '/metadata/name', expected: 'every image of the namespace verified by an enforcing provenance policy' };
      if (uncovered.length === 0) {
        ctx.report({ ...base, outcome: 'pass', messageId: 'covered', observed: used.map(describe), data: { namespace: ns, images: imageList, policies: used.map((e) => `${e.engine} ${e.name} (${e.mode})`).join('; ') } });
        continue;
      }
      if (enforcers.length === 0) {
        ctx.report({ ...base, outcome: 'fail', messageId: 'none', observed: [], data: { namespace: ns, engines: ENGINES, images: imageList } });
        continue;
      }
      const auditing = here.filter((e) => !e.enforcingIn(ns) && uncovered.some((i) => e.coversImage(i.ref, i.written)));
      ctx.report({
        ...base,
        outcome: 'fail',
        messageId: 'uncovered',
        observed: { uncovered: uncovered.map((i) => i.ref.canonical), enforcing: used.map(describe), auditOnly: auditing.map(describe), elsewhere: enforcers.filter((e) => !here.includes(e)).map(describe) },
        data: {
          namespace: ns,
          uncovered: uncovered.map((i) => i.ref.canonical).join(', '),
          verb: uncovered.length === 1 ? 'is' : 'are',
          auditOnly: auditing.length ? ` (only audited or warned by ${auditing.map((e) => `${e.engine} ${e.name}, ${e.mode}`).join('; ')})` : '',
        },
      });
    }
  },
});

import { z } from 'zod';
import type { ImageReference } from '../inventory/image-reference.js';
import { defineCheck } from './types.js';
import { describeObject, IMAGE_NEEDS, imagesOf } from './images-helpers.js';

/**
 * `host`, `host/path` or `*.suffix`: the registry must equal the host (Docker Hub's legacy
 * index.docker.io is docker.io) and the repository must equal the path or sit below it.
 */
export function registryAllows(entry: string, ref: ImageReference): boolean {
  const slash = entry.indexOf('/');
  let host = (slash < 0 ? entry : entry.slice(0, slash)).toLowerCase();
  const path = slash < 0 ? '' : entry.slice(slash + 1);
  if (host === 'index.docker.io' || host === 'registry-1.docker.io') host = 'docker.io';
  const registry = ref.registry.toLowerCase();
  const hostOk = host.startsWith('*.') ? registry.endsWith(host.slice(1)) && registry.length > host.length - 1 : registry === host;
  if (!hostOk) return false;
  return path === '' || ref.repository === path || ref.repository.startsWith(`${path}/`);
}

export default defineCheck({
  id: 'allowed-registries',
  description: 'Every image comes from a registry the organisation named as trusted (config images.allowedRegistries).',
  needs: IMAGE_NEEDS,
  options: z.strictObject({}),
  messages: {
    allowed: 'Container {{container}} runs {{image}}, from {{registry}}, which the allowlist names ({{entry}}).',
    notAllowed: 'Container {{container}} of {{object}} runs {{image}}, from {{registry}}, which is not among the trusted registries ({{allowed}}).',
    invalid: 'Container {{container}} of {{object}} names an image the kubelet cannot parse: {{error}}.',
  },
  evaluate(ctx) {
    const allowed = ctx.config.images.allowedRegistries ?? [];
    if (allowed.length === 0) {
      ctx.notApplicable('no trusted registries are named: the organisation must list them in the config file (images.allowedRegistries) before kubeproof can judge where images come from');
      return;
    }
    const expected = `an image from ${allowed.join(', ')}`;
    for (const c of imagesOf(ctx).containers) {
      const base = { object: c.object, container: c.container, pointer: c.pointer, observed: c.written, expected };
      if (!c.parsed.ok) {
        ctx.report({ ...base, outcome: 'fail', messageId: 'invalid', data: { container: c.container, object: describeObject(c), error: c.parsed.error } });
        continue;
      }
      const ref = c.parsed.ref;
      const entry = allowed.find((e) => registryAllows(e, ref));
      const data = { container: c.container, object: describeObject(c), image: ref.canonical, registry: ref.registry, entry: entry ?? '', allowed: allowed.join(', ') };
      ctx.report({ ...base, outcome: entry ? 'pass' : 'fail', messageId: entry ? 'allowed' : 'notAllowed', data });
    }
  },
});

import { z } from 'zod';
import { refOf } from '../snapshot/types.js';
import { defineCheck } from './types.js';

/** TLS host matching as Ingress controllers do it: exact, or a `*.` wildcard for one label. */
function covered(host: string, tlsHosts: readonly string[]): boolean {
  return tlsHosts.some((t) => t === host || (t.startsWith('*.') && host.endsWith(t.slice(1)) && !host.slice(0, -t.length + 1).includes('.')));
}

export default defineCheck({
  id: 'ingress-tls',
  description: 'Every host an Ingress serves is covered by a TLS entry (spec.tls hosts and a certificate Secret).',
  needs: ['Ingress'],
  options: z.strictObject({}),
  messages: {
    noTls: 'Ingress {{name}} has no spec.tls: {{hosts}} is served over plain HTTP.',
    hostNotCovered: 'Ingress {{name}} serves {{host}} without TLS: no spec.tls entry lists that host.',
    tlsWithoutSecret: 'Ingress {{name}}: spec.tls[{{index}}] names no secretName, so {{hosts}} falls back on the controller\'s default certificate.',
    covered: 'Ingress {{name}} serves {{host}} over TLS (certificate Secret {{secret}}).',
  },
  evaluate(ctx) {
    const expected = 'every host listed in a spec.tls entry with a secretName (or a certificate managed by the controller)';
    for (const ing of ctx.index.of('Ingress')) {
      const spec = ((ing as any).spec ?? {}) as Record<string, any>;
      const name = ing.metadata.name;
      const rules: Array<{ host?: string }> = Array.isArray(spec.rules) ? spec.rules : [];
      const tls: Array<{ hosts?: string[]; secretName?: string }> = Array.isArray(spec.tls) ? spec.tls : [];
      const base = { object: refOf(ing), expected };
      if (tls.length === 0) {
        const hosts = rules.map((r) => r?.host ?? '*').join(', ') || 'the default backend';
        ctx.report({ ...base, outcome: 'fail', messageId: 'noTls', data: { name, hosts }, pointer: '/spec/tls', observed: null });
        continue;
      }
      tls.forEach((t, index) => {
        if (!t?.secretName) {
          ctx.report({ ...base, outcome: 'fail', messageId: 'tlsWithoutSecret', data: { name, index, hosts: (t?.hosts ?? []).join(', ') || 'every host' }, pointer: `/spec/tls/${index}`, observed: t ?? null });
        }
      });
      const tlsHosts = tls.flatMap((t) => (Array.isArray(t?.hosts) ? t.hosts : []));
      rules.forEach((r, i) => {
        const host = r?.host;
        // A rule without a host matches every host; a tls entry without hosts covers the default one.
        const ok = host ? covered(host, tlsHosts) : tls.some((t) => !t?.hosts?.length);
        const secret = tls.find((t) => (host ? covered(host, t?.hosts ?? []) : !t?.hosts?.length))?.secretName ?? '(none)';
        ctx.report({
          ...base,
          outcome: ok ? 'pass' : 'fail',
          messageId: ok ? 'covered' : 'hostNotCovered',
          data: { name, host: host ?? '(any host)', secret },
          pointer: `/spec/rules/${i}/host`,
          observed: host ?? null,
        });
      });
    }
  },
});

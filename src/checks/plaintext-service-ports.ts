import { z } from 'zod';
import { refOf, type K8sObject } from '../snapshot/types.js';
import type { SnapshotIndex } from '../snapshot/index.js';
import { defineCheck } from './types.js';

const PEER_AUTHENTICATION = 'PeerAuthentication.security.istio.io';

/** Protocols that carry data in clear text, by appProtocol or port-name prefix (Istio's naming convention). */
const PLAIN = /^(http2?|h2c|grpc|ws|ftp|telnet|ldap|smtp|pop3|imap|redis|mongo|mysql|postgres|amqp|mqtt)($|[-_])/i;
const SECURE = /^(https|tls|grpcs|h2|wss|ftps|ldaps|smtps|pop3s|imaps|amqps|mqtts)($|[-_])|^kubernetes\.io\/(wss|h2)?$/i;
const PLAIN_PORTS = new Map<number, string>([[21, 'FTP'], [23, 'Telnet'], [80, 'HTTP'], [389, 'LDAP'], [8080, 'HTTP']]);

/** mTLS STRICT over a whole namespace (Istio namespace or mesh-wide PeerAuthentication, Linkerd). */
function meshStrict(index: SnapshotIndex, ns: string, root: string): string | undefined {
  const nsObj = index.get('Namespace', undefined, ns);
  const labels = nsObj?.metadata.labels ?? {};
  const annotations = nsObj?.metadata.annotations ?? {};
  if (annotations['linkerd.io/inject'] === 'enabled' && ['all-authenticated', 'cluster-authenticated'].includes(annotations['config.linkerd.io/default-inbound-policy'] ?? '')) {
    return 'Linkerd, default inbound policy authenticated only';
  }
  const istio = labels['istio-injection'] === 'enabled' || (labels['istio.io/rev'] && labels['istio-injection'] !== 'disabled') || labels['istio.io/dataplane-mode'] === 'ambient';
  if (!istio) return undefined;
  const wide = (p: K8sObject) => !Object.keys((p as any).spec?.selector?.matchLabels ?? {}).length;
  const mode = (p: K8sObject | undefined) => (p ? ((p as any).spec?.mtls?.mode as string | undefined) : undefined);
  const pas = index.of(PEER_AUTHENTICATION);
  const nsMode = mode(pas.find((p) => p.metadata.namespace === ns && wide(p)));
  const meshMode = mode(pas.find((p) => p.metadata.namespace === root && wide(p)));
  const effective = nsMode && nsMode !== 'UNSET' ? nsMode : meshMode;
  return effective === 'STRICT' ? `Istio PeerAuthentication STRICT (${nsMode && nsMode !== 'UNSET' ? 'namespace' : 'mesh-wide'})` : undefined;
}

export default defineCheck({
  id: 'plaintext-service-ports',
  description:
    'Service ports do not carry a clear-text protocol (HTTP, FTP, Telnet, LDAP... by appProtocol, port name or well-known port) unless the namespace is in a mesh that requires mutual TLS.',
  needs: ['Service', 'Namespace'],
  optionalNeeds: [PEER_AUTHENTICATION],
  options: z.strictObject({ istioRootNamespace: z.string().min(1).default('istio-system') }),
  messages: {
    plain: 'Service {{name}} port {{port}} carries {{protocol}} in clear text ({{why}}), and no mesh encrypts the namespace.',
    meshed: 'Service {{name}} port {{port}} carries {{protocol}}, inside {{mesh}}: the traffic is encrypted and authenticated by the mesh.',
    notPlain: 'Service {{name}} port {{port}} is not a known clear-text protocol ({{why}}).',
  },
  evaluate(ctx) {
    const expected = 'TLS on the port (https, grpcs...), or the namespace in a service mesh with mTLS STRICT';
    for (const svc of ctx.index.of('Service')) {
      const spec = ((svc as any).spec ?? {}) as Record<string, any>;
      if (spec.type === 'ExternalName') continue;
      const ns = svc.metadata.namespace ?? 'default';
      const mesh = meshStrict(ctx.index, ns, ctx.options.istioRootNamespace);
      (Array.isArray(spec.ports) ? spec.ports : []).forEach((p: any, i: number) => {
        const label = `${p?.port}/${p?.protocol ?? 'TCP'}${p?.name ? ` (${p.name})` : ''}`;
        const hint = String(p?.appProtocol ?? p?.name ?? '');
        let protocol: string | undefined;
        let why = hint ? `${p?.appProtocol ? 'appProtocol' : 'name'} ${hint}` : `port ${p?.port}`;
        if (SECURE.test(hint)) protocol = undefined;
        else if (PLAIN.test(hint)) protocol = hint.split(/[-_]/)[0]!.toUpperCase();
        else if (!hint || !/[a-z]/i.test(hint) || /^(tcp|udp)($|[-_])/i.test(hint) || /^(web|api|metrics)$/i.test(hint)) {
          const known = PLAIN_PORTS.get(Number(p?.port)) ?? PLAIN_PORTS.get(Number(p?.targetPort));
          if (known) {
            protocol = known;
            why = `well-known port ${PLAIN_PORTS.has(Number(p?.port)) ? p?.port : p?.targetPort}`;
          }
        }
        const base = { object: refOf(svc), pointer: `/spec/ports/${i}`, observed: p ?? null, expected };
        const data = { name: svc.metadata.name, port: label, why, protocol: protocol ?? '', mesh: mesh ?? '' };
        if (!protocol) ctx.report({ ...base, outcome: 'pass', messageId: 'notPlain', data });
        else if (mesh) ctx.report({ ...base, outcome: 'pass', messageId: 'meshed', data });
        else ctx.report({ ...base, outcome: 'fail', messageId: 'plain', data });
      });
    }
  },
});

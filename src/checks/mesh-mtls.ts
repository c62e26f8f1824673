import { z } from 'zod';
import { matchesSelector, type LabelSelector } from '../snapshot/selector.js';
import { refOf, type K8sObject } from '../snapshot/types.js';
import type { Workload } from '../snapshot/index.js';
import { WORKLOAD_KINDS } from './network-helpers.js';
import { defineCheck } from './types.js';

const PEER_AUTHENTICATION = 'PeerAuthentication.security.istio.io';

type Mesh = { mesh: 'istio-sidecar' | 'istio-ambient' | 'linkerd'; why: string } | undefined;

function meshOf(w: Workload, nsLabels: Record<string, string>, nsAnnotations: Record<string, string>): Mesh {
  const podInject = w.podLabels['sidecar.istio.io/inject'] ?? w.podAnnotations['sidecar.istio.io/inject'];
  if (nsLabels['istio.io/dataplane-mode'] === 'ambient' && w.podLabels['istio.io/dataplane-mode'] !== 'none') {
    return { mesh: 'istio-ambient', why: 'namespace label istio.io/dataplane-mode=ambient' };
  }
  if (w.podLabels['istio.io/dataplane-mode'] === 'ambient') return { mesh: 'istio-ambient', why: 'pod label istio.io/dataplane-mode=ambient' };
  if (podInject !== 'false') {
    if (podInject === 'true') return { mesh: 'istio-sidecar', why: 'pod sidecar.istio.io/inject=true' };
    if (nsLabels['istio-injection'] === 'enabled') return { mesh: 'istio-sidecar', why: 'namespace label istio-injection=enabled' };
    if (nsLabels['istio.io/rev'] && nsLabels['istio-injection'] !== 'disabled') return { mesh: 'istio-sidecar', why: `namespace label istio.io/rev=${nsLabels['istio.io/rev']}` };
  }
  const linkerd = w.podAnnotations['linkerd.io/inject'] ?? nsAnnotations['linkerd.io/inject'];
  if (linkerd === 'enabled' || linkerd === 'ingress') return { mesh: 'linkerd', why: 'linkerd.io/inject=enabled' };
  return undefined;
}

function modeOf(pa: K8sObject): string {
  const mode = (pa as any).spec?.mtls?.mode;
  return typeof mode === 'string' ? mode : 'UNSET';
}

function hasSelector(pa: K8sObject): boolean {
  const sel = (pa as any).spec?.selector?.matchLabels;
  return sel !== undefined && sel !== null && Object.keys(sel).length > 0;
}

export default defineCheck({
  id: 'mesh-mtls',
  description:
    'Workloads are in a service mesh that requires mutual TLS for every connection to them: Istio PeerAuthentication STRICT (workload, namespace or mesh-wide), or Linkerd with an all-authenticated default inbound policy.',
  needs: ['Namespace', ...WORKLOAD_KINDS],
  optionalNeeds: [PEER_AUTHENTICATION],
  options: z.strictObject({
    /** Istio's root namespace, where a selector-less PeerAuthentication applies mesh-wide. */
    istioRootNamespace: z.string().min(1).default('istio-system'),
    /** Judge only the workloads of this scope tag's namespaces (hipaa: ePHI); every workload when absent. */
    scope: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/).optional(),
  }),
  messages: {
    notMeshed: '{{kind}} {{name}} in {{namespace}} is not in a service mesh: connections to it are not mutually authenticated or encrypted by the platform.',
    notStrict: '{{kind}} {{name}} in {{namespace}} is in the Istio mesh ({{why}}) but its mTLS mode is {{mode}} ({{from}}): plain-text connections are accepted.',
    strict: '{{kind}} {{name}} in {{namespace}} requires mutual TLS: Istio mode STRICT ({{from}}).',
    linkerdOpportunistic: '{{kind}} {{name}} in {{namespace}} is meshed by Linkerd, which encrypts meshed traffic, but its default inbound policy is {{policy}}: unmeshed clients still connect in plain text.',
    linkerdStrict: '{{kind}} {{name}} in {{namespace}} is meshed by Linkerd with default inbound policy {{policy}}: only authenticated (mTLS) clients connect.',
  },
  evaluate(ctx) {
    const root = ctx.options.istioRootNamespace;
    const pas = ctx.index.of(PEER_AUTHENTICATION);
    const expected = 'in a service mesh with mutual TLS required (Istio PeerAuthentication mode STRICT, or Linkerd default inbound policy all-authenticated)';
    const scope = ctx.options.scope ? ctx.scope(ctx.options.scope) : undefined;
    for (const w of ctx.index.workloads()) {
      if (scope && !scope.namespaces.has(w.namespace)) continue;
      const ns = ctx.index.get('Namespace', undefined, w.namespace);
      const nsLabels = ns?.metadata.labels ?? {};
      const nsAnnotations = ns?.metadata.annotations ?? {};
      const data = { kind: w.kind, name: w.object.metadata.name, namespace: w.namespace };
      const object = refOf(w.object);
      const labelsPointer = `${w.podSpecPointer.replace(/\/spec$/, '/metadata')}/labels`;
      const mesh = w.podSpec.hostNetwork === true ? undefined : meshOf(w, nsLabels, nsAnnotations);
      if (!mesh) {
        ctx.report({ outcome: 'fail', messageId: 'notMeshed', data, object, pointer: labelsPointer, observed: null, expected });
        continue;
      }
      if (mesh.mesh === 'linkerd') {
        const policy = w.podAnnotations['config.linkerd.io/default-inbound-policy'] ?? nsAnnotations['config.linkerd.io/default-inbound-policy'] ?? 'all-unauthenticated';
        const ok = policy === 'all-authenticated' || policy === 'cluster-authenticated' || policy === 'deny';
        ctx.report({ outcome: ok ? 'pass' : 'fail', messageId: ok ? 'linkerdStrict' : 'linkerdOpportunistic', data: { ...data, policy }, object, pointer: labelsPointer, observed: policy, expected });
        continue;
      }
      // Most specific wins: a workload policy, then the namespace's, then the mesh-wide one; UNSET inherits.
      const workloadPa = pas.filter((p) => p.metadata.namespace === w.namespace && hasSelector(p) && matchesSelector((p as any).spec.selector as LabelSelector, w.podLabels));
      const nsPa = pas.filter((p) => p.metadata.namespace === w.namespace && !hasSelector(p));
      const meshPa = pas.filter((p) => p.metadata.namespace === root && !hasSelector(p));
      let mode = 'PERMISSIVE';
      let from = 'no PeerAuthentication applies: Istio defaults to PERMISSIVE';
      let source: K8sObject | undefined;
      for (const [list, level] of [[meshPa, 'mesh-wide'], [nsPa, 'namespace'], [workloadPa, 'workload']] as const) {
        const chosen = [...list].sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : 1))[0];
        if (chosen && modeOf(chosen) !== 'UNSET') {
          mode = modeOf(chosen);
          from = `${level} PeerAuthentication ${chosen.metadata.namespace}/${chosen.metadata.name}`;
          source = chosen;
        }
      }
      const portLevel = source && (source as any).spec?.portLevelMtls ? Object.entries((source as any).spec.portLevelMtls as Record<string, { mode?: string }>).filter(([, v]) => v?.mode !== 'STRICT') : [];
      const strict = mode === 'STRICT' && portLevel.length === 0;
      ctx.report({
        outcome: strict ? 'pass' : 'fail',
        messageId: strict ? 'strict' : 'notStrict',
        data: { ...data, why: mesh.why, mode: portLevel.length ? `${mode} except port(s) ${portLevel.map(([p, v]) => `${p} ${v?.mode ?? 'UNSET'}`).join(', ')}` : mode, from },
        object,
        pointer: labelsPointer,
        observed: { mode, from: source ? `PeerAuthentication ${source.metadata.namespace}/${source.metadata.name}` : null },
        expected,
      });
    }
  },
});

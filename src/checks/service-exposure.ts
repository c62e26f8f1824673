import { z } from 'zod';
import { refOf } from '../snapshot/types.js';
import { defineCheck } from './types.js';

/** Annotations that make a cloud load balancer internal (reachable from the VPC, not the internet). */
const INTERNAL_LB: Readonly<Record<string, string[]>> = {
  'service.beta.kubernetes.io/aws-load-balancer-internal': ['true', '0.0.0.0/0'],
  'service.beta.kubernetes.io/aws-load-balancer-scheme': ['internal'],
  'service.beta.kubernetes.io/azure-load-balancer-internal': ['true'],
  'networking.gke.io/load-balancer-type': ['Internal'],
  'cloud.google.com/load-balancer-type': ['Internal'],
  'service.beta.kubernetes.io/oci-load-balancer-internal': ['true'],
};

function internalAnnotation(svc: Record<string, any>): string | undefined {
  const annotations = (svc.metadata?.annotations ?? {}) as Record<string, string>;
  return Object.keys(INTERNAL_LB).find((k) => annotations[k] !== undefined && INTERNAL_LB[k]!.includes(String(annotations[k])));
}

export default defineCheck({
  id: 'service-exposure',
  description:
    'Services are not exposed outside the cluster: no type LoadBalancer or NodePort, no spec.externalIPs. Judged per namespace, so that PCI and HIPAA see their in-scope namespaces.',
  needs: ['Service'],
  options: z.strictObject({
    /** Accept load balancers that a cloud annotation makes internal to the VPC. */
    allowInternalLoadBalancers: z.boolean().default(false),
  }),
  messages: {
    loadBalancer: 'Service {{name}} is type LoadBalancer{{detail}}: its ports {{ports}} are reachable from outside the cluster.',
    nodePort: 'Service {{name}} is type NodePort: its ports {{ports}} are open on every node of the cluster.',
    externalIPs: 'Service {{name}} sets spec.externalIPs {{ips}}: traffic to those addresses reaches it from outside the cluster.',
    internalAllowed: 'Service {{name}} is an internal load balancer ({{annotation}}): reachable from the private network only.',
    clusterOnly: 'Service {{name}} is type {{type}}: reachable only from inside the cluster.',
  },
  evaluate(ctx) {
    const expected = 'type ClusterIP (or headless), exposed outside the cluster only through a TLS Ingress or gateway in front of it';
    for (const svc of ctx.index.of('Service')) {
      const spec = ((svc as any).spec ?? {}) as Record<string, any>;
      const type = typeof spec.type === 'string' ? spec.type : 'ClusterIP';
      const ports = (Array.isArray(spec.ports) ? spec.ports : [])
        .map((p: any) => `${p?.port}${p?.nodePort ? `:${p.nodePort}` : ''}/${p?.protocol ?? 'TCP'}`)
        .join(', ') || '(none)';
      const base = { object: refOf(svc), expected };
      const name = svc.metadata.name;
      if (Array.isArray(spec.externalIPs) && spec.externalIPs.length) {
        ctx.report({ ...base, outcome: 'fail', messageId: 'externalIPs', data: { name, ips: spec.externalIPs.join(', ') }, pointer: '/spec/externalIPs', observed: spec.externalIPs });
      }
      if (type === 'LoadBalancer') {
        const internal = internalAnnotation(svc as any);
        if (internal && ctx.options.allowInternalLoadBalancers) {
          ctx.report({ ...base, outcome: 'pass', messageId: 'internalAllowed', data: { name, annotation: internal }, pointer: '/spec/type', observed: type });
          continue;
        }
        const ranges = Array.isArray(spec.loadBalancerSourceRanges) ? spec.loadBalancerSourceRanges : [];
        const detail = [internal ? ` (internal: ${internal})` : '', ranges.length ? ` limited to ${ranges.join(', ')}` : ''].join('');
        ctx.report({ ...base, outcome: 'fail', messageId: 'loadBalancer', data: { name, detail, ports }, pointer: '/spec/type', observed: type });
      } else if (type === 'NodePort') {
        ctx.report({ ...base, outcome: 'fail', messageId: 'nodePort', data: { name, ports }, pointer: '/spec/type', observed: type });
      } else if (!(Array.isArray(spec.externalIPs) && spec.externalIPs.length)) {
        ctx.report({ ...base, outcome: 'pass', messageId: 'clusterOnly', data: { name, type }, pointer: '/spec/type', observed: spec.type ?? null });
      }
    }
  },
});

import { z } from 'zod';
import { refOf, type K8sObject, type ObjectRef } from '../snapshot/types.js';
import { defineCheck } from './types.js';
import { WORKLOAD_KINDS } from './pod-helpers.js';

/** Kinds other than workloads that people put in a namespace. */
const OTHER_KINDS = ['Service', 'ConfigMap', 'Secret', 'ServiceAccount', 'Role', 'RoleBinding', 'Ingress', 'NetworkPolicy', 'PersistentVolumeClaim'] as const;

const DEFAULT = 'default';
const EXPECTED = 'no object in namespace default beyond those Kubernetes creates there';

/** What the control plane itself keeps in every cluster's default namespace. */
function createdByKubernetes(o: K8sObject): boolean {
  const name = o.metadata.name;
  switch (o.kind) {
    case 'Service':
    case 'Endpoints':
    case 'EndpointSlice':
      return name === 'kubernetes';
    case 'ConfigMap':
      return name === 'kube-root-ca.crt';
    case 'ServiceAccount':
      return name === 'default';
    case 'Secret':
      return o.type === 'kubernetes.io/service-account-token' && o.metadata.annotations?.['kubernetes.io/service-account.name'] === 'default';
    default:
      return false;
  }
}

export default defineCheck({
  id: 'default-namespace',
  description: 'The default namespace holds nothing but the objects Kubernetes creates there.',
  needs: [...WORKLOAD_KINDS, ...OTHER_KINDS],
  options: z.strictObject({}),
  messages: {
    inDefault: '{{kind}} {{name}} is in the default namespace.',
    empty: 'The default namespace holds nothing but what Kubernetes creates there (the kubernetes Service, the default ServiceAccount, kube-root-ca.crt).',
  },
  evaluate(ctx) {
    const found: K8sObject[] = [];
    for (const w of ctx.index.workloads()) if (w.object.metadata.namespace === DEFAULT) found.push(w.object);
    for (const kind of OTHER_KINDS) {
      for (const o of ctx.index.of(kind)) if (o.metadata.namespace === DEFAULT && !createdByKubernetes(o)) found.push(o);
    }
    for (const o of found) {
      ctx.report({
        outcome: 'fail',
        messageId: 'inDefault',
        data: { kind: o.kind, name: o.metadata.name },
        object: refOf(o),
        pointer: '/metadata/namespace',
        observed: DEFAULT,
        expected: EXPECTED,
      });
    }
    if (found.length === 0) {
      const ns = ctx.index.get('Namespace', undefined, DEFAULT);
      const object: ObjectRef = ns ? refOf(ns) : { apiVersion: 'v1', kind: 'Namespace', name: DEFAULT };
      ctx.report({ outcome: 'pass', messageId: 'empty', object, pointer: '', observed: 0, expected: EXPECTED });
    }
  },
});

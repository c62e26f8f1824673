import { z } from 'zod';
import { refOf, type K8sObject } from '../snapshot/types.js';
import type { Workload } from '../snapshot/index.js';
import { EXTERNAL_SECRET } from './admission-helpers.js';
import { WORKLOAD_KINDS } from './network-helpers.js';
import { containersOf } from './pod-helpers.js';
import { defineCheck } from './types.js';

/** Owners that sync a Secret from an external store. */
const EXTERNAL_OWNERS = new Set(['ExternalSecret', 'VaultStaticSecret', 'VaultDynamicSecret', 'VaultPKISecret', 'OnePasswordItem', 'AzureKeyVaultSecret']);
const CSI_DRIVER = 'secrets-store.csi.k8s.io';

interface SecretRef {
  name: string;
  pointer: string;
}

function secretRefs(w: Workload): { refs: SecretRef[]; external: string[] } {
  const refs: SecretRef[] = [];
  const external: string[] = [];
  for (const c of containersOf(w)) {
    (Array.isArray(c.container.env) ? c.container.env : []).forEach((e: any, i: number) => {
      const name = e?.valueFrom?.secretKeyRef?.name;
      if (typeof name === 'string') refs.push({ name, pointer: `${c.pointer}/env/${i}/valueFrom/secretKeyRef/name` });
    });
    (Array.isArray(c.container.envFrom) ? c.container.envFrom : []).forEach((e: any, i: number) => {
      const name = e?.secretRef?.name;
      if (typeof name === 'string') refs.push({ name, pointer: `${c.pointer}/envFrom/${i}/secretRef/name` });
    });
  }
  (Array.isArray(w.podSpec.volumes) ? w.podSpec.volumes : []).forEach((v: any, i: number) => {
    const base = `${w.podSpecPointer}/volumes/${i}`;
    if (typeof v?.secret?.secretName === 'string') refs.push({ name: v.secret.secretName, pointer: `${base}/secret/secretName` });
    (Array.isArray(v?.projected?.sources) ? v.projected.sources : []).forEach((s: any, j: number) => {
      if (typeof s?.secret?.name === 'string') refs.push({ name: s.secret.name, pointer: `${base}/projected/sources/${j}/secret/name` });
    });
    if (v?.csi?.driver === CSI_DRIVER) external.push(`Secrets Store CSI volume ${v.name ?? i}`);
  });
  if (w.podAnnotations['vault.hashicorp.com/agent-inject'] === 'true') external.push('Vault Agent injector');
  return { refs, external };
}

/** How a Secret is synced from an external store, or undefined when it is a plain Kubernetes Secret. */
function managedBy(secret: K8sObject | undefined, name: string, namespace: string, externalSecrets: readonly K8sObject[]): string | undefined {
  const es = externalSecrets.find((e) => e.metadata.namespace === namespace && ((e as any).spec?.target?.name ?? e.metadata.name) === name);
  if (es) return `ExternalSecret ${es.metadata.name}`;
  if (!secret) return undefined;
  const owner = secret.metadata.ownerReferences?.find((o) => EXTERNAL_OWNERS.has(o.kind));
  if (owner) return `${owner.kind} ${owner.name}`;
  if (secret.metadata.labels?.['secrets-store.csi.k8s.io/managed'] === 'true') return 'the Secrets Store CSI driver (secretObjects sync)';
  if (secret.metadata.annotations?.['cert-manager.io/certificate-name']) return `cert-manager Certificate ${secret.metadata.annotations['cert-manager.io/certificate-name']}`;
  return undefined;
}

export default defineCheck({
  id: 'external-secret-store',
  description:
    'Workloads take their credentials from an external secret store (External Secrets Operator, Secrets Store CSI driver, Vault Agent injector or Vault Secrets Operator) rather than from Secrets created by hand or from manifests.',
  needs: [...WORKLOAD_KINDS],
  optionalNeeds: ['Secret', EXTERNAL_SECRET],
  options: z.strictObject({}),
  messages: {
    external: '{{kind}} {{name}} takes its secrets from an external store: {{how}}.',
    unmanaged: '{{kind}} {{name}} reads Secret(s) {{secrets}}, which no external secret store manages: the values live only in the cluster (and in whatever created them).',
  },
  evaluate(ctx) {
    const externalSecrets = ctx.index.of(EXTERNAL_SECRET);
    const expected = 'secrets synced from or injected by an external secret store (ExternalSecret, Secrets Store CSI, Vault)';
    let any = false;
    for (const w of ctx.index.workloads()) {
      const { refs, external } = secretRefs(w);
      if (refs.length === 0 && external.length === 0) continue;
      any = true;
      const data = { kind: w.kind, name: w.object.metadata.name };
      const unmanaged: SecretRef[] = [];
      const how = [...external];
      for (const r of refs) {
        const m = managedBy(ctx.index.get('Secret', w.namespace, r.name), r.name, w.namespace, externalSecrets);
        if (m) how.push(`Secret ${r.name} from ${m}`);
        else if (!unmanaged.some((u) => u.name === r.name)) unmanaged.push(r);
      }
      if (unmanaged.length) {
        ctx.report({ outcome: 'fail', messageId: 'unmanaged', data: { ...data, secrets: unmanaged.map((u) => u.name).join(', ') }, object: refOf(w.object), pointer: unmanaged[0]!.pointer, observed: unmanaged.map((u) => u.name), expected });
      } else {
        ctx.report({ outcome: 'pass', messageId: 'external', data: { ...data, how: [...new Set(how)].join('; ') }, object: refOf(w.object), pointer: refs[0]?.pointer ?? w.podSpecPointer, observed: [...new Set(how)], expected });
      }
    }
    if (!any) ctx.notApplicable('no workload reads a Secret');
  },
});

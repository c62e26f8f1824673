import type { SnapshotIndex } from '../snapshot/index.js';
import { matchesSelector, type LabelSelector } from '../snapshot/selector.js';
import { refOf, type K8sObject, type ObjectRef } from '../snapshot/types.js';
import { globMatch } from './rbac-helpers.js';

export const KYVERNO_CLUSTER_POLICY = 'ClusterPolicy.kyverno.io';
export const KYVERNO_POLICY = 'Policy.kyverno.io';
export const SIGSTORE_CLUSTER_IMAGE_POLICY = 'ClusterImagePolicy.policy.sigstore.dev';
export const EXTERNAL_SECRET = 'ExternalSecret.external-secrets.io';

/** Something in the admission chain that covers a namespace, and the object that proves it. */
export interface Coverage {
  mechanism: string;
  object: ObjectRef;
  pointer: string;
  detail: string;
}

/** A namespace's labels, with the kubernetes.io/metadata.name label the API server sets. */
export function namespaceLabels(index: SnapshotIndex, ns: string): Record<string, string> {
  return { ...index.namespaceLabels(ns), 'kubernetes.io/metadata.name': ns };
}

interface ResourceFilter {
  kinds?: string[];
  namespaces?: string[];
  namespaceSelector?: LabelSelector;
}

function filtersOf(block: any): ResourceFilter[] {
  if (!block || typeof block !== 'object') return [];
  const list = [...(Array.isArray(block.any) ? block.any : []), ...(Array.isArray(block.all) ? block.all : [])];
  if (block.resources) list.push({ resources: block.resources });
  return list.map((f: any) => (f?.resources ?? {}) as ResourceFilter);
}

function kindIsPod(kind: string): boolean {
  // Kyverno writes kinds as Kind, group/version/Kind or version/Kind; * matches all.
  const k = kind.slice(kind.lastIndexOf('/') + 1);
  return k === 'Pod' || k === '*';
}

function filterMatches(f: ResourceFilter, ns: string, labels: Record<string, string>, needKind: boolean): boolean {
  if (needKind && !(f.kinds ?? []).some(kindIsPod)) return false;
  if (f.namespaces?.length && !f.namespaces.some((p) => globMatch(p, ns))) return false;
  if (f.namespaceSelector && !matchesSelector(f.namespaceSelector, labels)) return false;
  return true;
}

/** Whether a Kyverno rule (match/exclude: any, all, or the legacy resources block) applies to pods of a namespace. */
function kyvernoRuleCovers(rule: any, ns: string, labels: Record<string, string>): boolean {
  const part = (block: any, key: 'any' | 'all'): ResourceFilter[] =>
    Array.isArray(block?.[key]) ? block[key].map((f: any) => (f?.resources ?? {}) as ResourceFilter) : [];
  const any = part(rule?.match, 'any');
  const all = part(rule?.match, 'all');
  const legacy: ResourceFilter[] = rule?.match?.resources ? [rule.match.resources] : [];
  if (any.length + all.length + legacy.length === 0) return false;
  const matched =
    (any.length === 0 || any.some((f) => filterMatches(f, ns, labels, true))) &&
    (all.length === 0 || (all.every((f) => filterMatches(f, ns, labels, false)) && all.some((f) => (f.kinds ?? []).some(kindIsPod)))) &&
    legacy.every((f) => filterMatches(f, ns, labels, true));
  if (!matched) return false;
  return !filtersOf(rule?.exclude).some((f) => filterMatches(f, ns, labels, false) && (!f.kinds?.length || f.kinds.some(kindIsPod)));
}

function enforced(value: unknown): boolean {
  return typeof value === 'string' && value.toLowerCase() === 'enforce';
}

/** Kyverno (Cluster)Policies that enforce a rule of the given sort on the pods of a namespace. */
export function kyvernoCoverage(index: SnapshotIndex, ns: string, sort: 'validate' | 'verifyImages'): Coverage[] {
  const labels = namespaceLabels(index, ns);
  const out: Coverage[] = [];
  const policies = [...index.of(KYVERNO_CLUSTER_POLICY), ...index.of(KYVERNO_POLICY).filter((p) => p.metadata.namespace === ns)];
  for (const p of policies) {
    const spec = (p as any).spec ?? {};
    const rules: any[] = Array.isArray(spec.rules) ? spec.rules : [];
    const i = rules.findIndex((r) => {
      if (!r?.[sort]) return false;
      const action = sort === 'validate'
        ? (r.validate.failureAction ?? spec.validationFailureAction)
        : ((Array.isArray(r.verifyImages) ? r.verifyImages.find((v: any) => v?.failureAction)?.failureAction : undefined) ?? spec.validationFailureAction);
      return enforced(action) && kyvernoRuleCovers(r, ns, labels);
    });
    if (i >= 0) {
      out.push({
        mechanism: 'Kyverno',
        object: refOf(p),
        pointer: `/spec/rules/${i}`,
        detail: `${p.kind} ${p.metadata.namespace ? `${p.metadata.namespace}/` : ''}${p.metadata.name} rule ${rules[i].name ?? i} (${sort}, Enforce)`,
      });
    }
  }
  return out;
}

/** ValidatingAdmissionPolicies bound with a Deny action that apply to pods of a namespace. */
export function vapCoverage(index: SnapshotIndex, ns: string): Coverage[] {
  const labels = namespaceLabels(index, ns);
  const out: Coverage[] = [];
  for (const b of index.of('ValidatingAdmissionPolicyBinding')) {
    const spec = (b as any).spec ?? {};
    if (!Array.isArray(spec.validationActions) || !spec.validationActions.includes('Deny')) continue;
    const policy = index.get('ValidatingAdmissionPolicy', undefined, spec.policyName ?? '');
    if (!policy) continue;
    const rules: any[] = (policy as any).spec?.matchConstraints?.resourceRules ?? [];
    const pods = rules.some((r) => (r?.resources ?? []).some((x: string) => x === 'pods' || x === '*') && (r?.apiGroups ?? []).some((g: string) => g === '' || g === '*'));
    if (!pods) continue;
    const sel = spec.matchResources?.namespaceSelector ?? (policy as any).spec?.matchConstraints?.namespaceSelector;
    if (sel && !matchesSelector(sel, labels)) continue;
    out.push({ mechanism: 'ValidatingAdmissionPolicy', object: refOf(b), pointer: '/spec/validationActions', detail: `ValidatingAdmissionPolicyBinding ${b.metadata.name} → ${policy.metadata.name} (Deny)` });
  }
  return out;
}

/** Webhook configurations of policy engines, by name, and the namespace label that opts out of them. */
const ENGINE_WEBHOOKS: ReadonlyArray<{ mechanism: string; name: RegExp; optOut?: string }> = [
  { mechanism: 'OPA Gatekeeper', name: /^gatekeeper-validating-webhook-configuration$/, optOut: 'admission.gatekeeper.sh/ignore' },
  { mechanism: 'Kubewarden', name: /^kubewarden/ },
  { mechanism: 'jsPolicy', name: /^jspolicy/ },
];

/** Whether a webhook's rules send pod creation to it. */
export function validatesPodCreation(hook: any): boolean {
  const rules: any[] = Array.isArray(hook?.rules) ? hook.rules : [];
  return rules.some(
    (r) =>
      (r?.apiGroups ?? []).some((g: string) => g === '' || g === '*') &&
      (r?.resources ?? []).some((x: string) => x === 'pods' || x === '*') &&
      (r?.operations ?? []).some((o: string) => o === 'CREATE' || o === '*'),
  );
}

function describeTarget(hook: any): string {
  const svc = hook?.clientConfig?.service;
  return svc ? `service ${svc.namespace}/${svc.name}` : (hook?.clientConfig?.url ?? 'an unnamed endpoint');
}

/**
 * Validating webhooks that see the pods of a namespace: the known policy engines by name, and
 * any other webhook whose rules cover pod creation (its policies are not among the collected objects).
 */
export function webhookEngineCoverage(index: SnapshotIndex, ns: string): Coverage[] {
  const labels = namespaceLabels(index, ns);
  const out: Coverage[] = [];
  for (const w of index.of('ValidatingWebhookConfiguration')) {
    const engine = ENGINE_WEBHOOKS.find((e) => e.name.test(w.metadata.name));
    if (engine?.optOut && labels[engine.optOut] !== undefined) continue;
    const hooks: any[] = Array.isArray((w as any).webhooks) ? (w as any).webhooks : [];
    const i = hooks.findIndex((h) => (engine || validatesPodCreation(h)) && (!h?.namespaceSelector || matchesSelector(h.namespaceSelector, labels)));
    if (i < 0) continue;
    const failOpen = hooks[i]?.failurePolicy === 'Ignore' ? '; failurePolicy Ignore: it admits everything when its service is down' : '';
    out.push({
      mechanism: engine ? engine.mechanism : `the validating webhook ${hooks[i]?.name ?? i}`,
      object: refOf(w),
      pointer: `/webhooks/${i}`,
      detail: `ValidatingWebhookConfiguration ${w.metadata.name} → ${describeTarget(hooks[i])}, whose policies are not among the collected objects${failOpen}`,
    });
  }
  return out;
}

export function objectLabel(o: K8sObject): string {
  return `${o.kind} ${o.metadata.namespace ? `${o.metadata.namespace}/` : ''}${o.metadata.name}`;
}

import type { ImageReference } from '../inventory/image-reference.js';
import type { SnapshotIndex } from '../snapshot/index.js';
import { POD_TEMPLATE_PATHS } from '../snapshot/index.js';
import { matchesSelector, type LabelSelector } from '../snapshot/selector.js';
import { refOf, type K8sObject, type ObjectRef } from '../snapshot/types.js';
import { kubeApiServers } from './images-helpers.js';

/**
 * Admission-time image provenance (signature) enforcement, read from the objects each engine is
 * configured with. Each engine's rule becomes an Enforcer: which namespaces and images it covers,
 * and whether it blocks or only reports. Pattern matching follows each engine's documented glob
 * rules closely but not byte for byte, so the evidence names the rule and its patterns for the
 * assessor to read.
 */
export interface Enforcer {
  engine: string;
  object: ObjectRef;
  /** JSON Pointer of the rule in `object`. */
  pointer: string;
  /** "ClusterPolicy verify-images, rule check-signatures". */
  name: string;
  /** Blocks an unverified image at admission (rather than only auditing or warning), in general. */
  enforcing: boolean;
  /** The same for one namespace (Kyverno can override the action per namespace). */
  enforcingIn(ns: string): boolean;
  mode: string;
  /** Which namespaces and images it applies to, in words. */
  matches: string;
  coversNamespace(ns: string): boolean;
  coversImage(ref: ImageReference, written: string): boolean;
}

export const PROVENANCE_KINDS = [
  'ClusterPolicy.kyverno.io',
  'Policy.kyverno.io',
  'ImageValidatingPolicy.policies.kyverno.io',
  'ClusterImagePolicy.policy.sigstore.dev',
  'RatifyVerification.constraints.gatekeeper.sh',
] as const;

const POD_KINDS = new Set(Object.keys(POD_TEMPLATE_PATHS));

function label(o: K8sObject): string {
  return `${o.kind} ${o.metadata.namespace ? `${o.metadata.namespace}/` : ''}${o.metadata.name}`;
}

function escape(s: string): string {
  return s.replace(/[.+^${}()|[\]\\]/g, '\\$&');
}

/** `*` and `?` wildcards; `**` always crosses `/`, `*` only when `starCrossesSlash`. */
export function globMatch(glob: string, text: string, starCrossesSlash: boolean): boolean {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const ch = glob[i]!;
    if (ch === '*' && glob[i + 1] === '*') {
      re += '.*';
      i++;
    } else if (ch === '*') re += starCrossesSlash ? '.*' : '[^/]*';
    else if (ch === '?') re += '.';
    else re += escape(ch);
  }
  return new RegExp(`^${re}$`).test(text);
}

/** The spellings a policy author may have matched an image by. */
export function imageForms(ref: ImageReference, written: string): string[] {
  const forms = new Set([written, ref.canonical, ref.name]);
  const suffix = ref.canonical.slice(ref.name.length);
  if (ref.registry === 'docker.io') {
    forms.add(`index.docker.io/${ref.repository}${suffix}`);
    forms.add(`index.docker.io/${ref.repository}`);
    const familiar = ref.repository.startsWith('library/') && !ref.repository.slice(8).includes('/') ? ref.repository.slice(8) : ref.repository;
    forms.add(`${familiar}${suffix}`);
    forms.add(familiar);
  }
  return [...forms];
}

function anyImageMatch(globs: readonly string[], ref: ImageReference, written: string, starCrossesSlash: boolean): boolean {
  const forms = imageForms(ref, written);
  return globs.some((g) => forms.some((f) => globMatch(g, f, starCrossesSlash)));
}

function namespaceLabels(index: SnapshotIndex, ns: string): Record<string, string> {
  return { 'kubernetes.io/metadata.name': ns, ...index.namespaceLabels(ns) };
}

const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : typeof v === 'string' ? [v] : []);

// ---------------------------------------------------------------------------------------------
// Kyverno ClusterPolicy / Policy verifyImages rules

interface KyvernoFilter {
  kinds: string[];
  namespaces: string[];
  namespaceSelector?: LabelSelector;
}

function kyvernoFilters(block: any): { mode: 'any' | 'all'; filters: KyvernoFilter[] } {
  const toFilter = (f: any): KyvernoFilter => ({
    kinds: strings(f?.resources?.kinds),
    namespaces: strings(f?.resources?.namespaces),
    ...(f?.resources?.namespaceSelector ? { namespaceSelector: f.resources.namespaceSelector as LabelSelector } : {}),
  });
  if (!block || typeof block !== 'object') return { mode: 'any', filters: [] };
  if (Array.isArray(block.any)) return { mode: 'any', filters: block.any.map(toFilter) };
  if (Array.isArray(block.all)) return { mode: 'all', filters: block.all.map(toFilter) };
  if (block.resources) return { mode: 'any', filters: [toFilter(block)] };
  return { mode: 'any', filters: [] };
}

function kindCoversPods(kinds: readonly string[]): boolean {
  if (kinds.length === 0) return false;
  return kinds.some((k) => {
    const bare = k.split('/').pop()!;
    return bare === '*' || POD_KINDS.has(bare);
  });
}

function filterCoversNamespace(f: KyvernoFilter, ns: string, labels: Record<string, string>): boolean {
  if (f.namespaces.length && !f.namespaces.some((p) => globMatch(p, ns, true))) return false;
  if (f.namespaceSelector && !matchesSelector(f.namespaceSelector, labels)) return false;
  return true;
}

function describeFilters(filters: readonly KyvernoFilter[]): string {
  if (filters.length === 0) return 'nothing';
  return filters
    .map((f) => {
      const where = f.namespaces.length ? `namespaces ${f.namespaces.join(', ')}` : 'every namespace';
      const sel = f.namespaceSelector ? ` selected by ${JSON.stringify(f.namespaceSelector)}` : '';
      return `${f.kinds.join('/') || 'any kind'} in ${where}${sel}`;
    })
    .join(' or ');
}

function kyvernoEnforcers(index: SnapshotIndex): Enforcer[] {
  const out: Enforcer[] = [];
  for (const policy of [...index.of('ClusterPolicy.kyverno.io'), ...index.of('Policy.kyverno.io')]) {
    const spec = (policy.spec ?? {}) as Record<string, any>;
    const rules = Array.isArray(spec.rules) ? spec.rules : [];
    const policyAction = String(spec.validationFailureAction ?? 'Audit');
    const overrides = Array.isArray(spec.validationFailureActionOverrides) ? spec.validationFailureActionOverrides : [];
    const admission = spec.admission !== false;
    rules.forEach((rule: any, r: number) => {
      const verify = Array.isArray(rule?.verifyImages) ? rule.verifyImages : [];
      if (verify.length === 0) return;
      const match = kyvernoFilters(rule.match);
      const exclude = kyvernoFilters(rule.exclude);
      const ownNamespace = policy.kind === 'Policy' ? policy.metadata.namespace : undefined;
      verify.forEach((v: any, i: number) => {
        const globs = [...strings(v?.imageReferences), ...strings(v?.image)];
        const skips = strings(v?.skipImageReferences);
        const action = String(v?.failureAction ?? rule?.validate?.failureAction ?? policyAction);
        const enforcingFor = (ns: string, labels: Record<string, string>): boolean => {
          const override = overrides.find((o: any) => strings(o?.namespaces).some((p) => globMatch(p, ns, true)) || (o?.namespaceSelector && matchesSelector(o.namespaceSelector, labels)));
          return /^enforce$/i.test(String(override?.action ?? action));
        };
        const enforcing = admission && /^enforce$/i.test(action);
        out.push({
          enforcingIn: (ns) => admission && enforcingFor(ns, namespaceLabels(index, ns)),
          engine: 'Kyverno',
          object: refOf(policy),
          pointer: `/spec/rules/${r}/verifyImages/${i}`,
          name: `${label(policy)}, rule ${String(rule?.name ?? r)}`,
          enforcing,
          mode: !admission ? 'admission disabled (spec.admission: false)' : `${action}${overrides.length ? ' (with per-namespace overrides)' : ''}`,
          matches: `${describeFilters(match.filters)}${exclude.filters.length ? `, except ${describeFilters(exclude.filters)}` : ''}${ownNamespace ? ` (a Policy: namespace ${ownNamespace} only)` : ''}; images ${globs.join(', ') || 'none'}${skips.length ? `, skipping ${skips.join(', ')}` : ''}`,
          coversNamespace(ns) {
            if (ownNamespace !== undefined && ns !== ownNamespace) return false;
            const labels = namespaceLabels(index, ns);
            const hits = match.filters.map((f) => kindCoversPods(f.kinds) && filterCoversNamespace(f, ns, labels));
            const matched = match.mode === 'all' ? hits.length > 0 && hits.every(Boolean) : hits.some(Boolean);
            if (!matched) return false;
            const excluded = exclude.filters.some((f) => (f.kinds.length === 0 || kindCoversPods(f.kinds)) && (f.namespaces.length > 0 || f.namespaceSelector !== undefined) && filterCoversNamespace(f, ns, labels));
            return !excluded;
          },
          coversImage(ref, written) {
            return anyImageMatch(globs, ref, written, true) && !anyImageMatch(skips, ref, written, true);
          },
        });
      });
    });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Kyverno ImageValidatingPolicy (policies.kyverno.io)

function kyvernoImageValidating(index: SnapshotIndex): Enforcer[] {
  return index.of('ImageValidatingPolicy.policies.kyverno.io').map((policy) => {
    const spec = (policy.spec ?? {}) as Record<string, any>;
    const actions = strings(spec.validationActions);
    const enforcing = actions.length === 0 || actions.includes('Deny');
    const rules = Array.isArray(spec.matchConstraints?.resourceRules) ? spec.matchConstraints.resourceRules : [];
    const podRule = rules.length === 0 || rules.some((r: any) => strings(r?.resources).some((x) => x === '*' || x === 'pods' || x === 'deployments' || x === 'statefulsets' || x === 'daemonsets' || x === 'jobs' || x === 'cronjobs' || x === 'replicasets'));
    const selector = spec.matchConstraints?.namespaceSelector as LabelSelector | undefined;
    const refs = Array.isArray(spec.matchImageReferences) ? spec.matchImageReferences : [];
    const globs = refs.map((r: any) => r?.glob).filter((g: unknown): g is string => typeof g === 'string');
    const byExpression = refs.some((r: any) => typeof r?.expression === 'string');
    return {
      engine: 'Kyverno',
      object: refOf(policy),
      pointer: '/spec/matchImageReferences',
      name: label(policy),
      enforcing,
      mode: actions.length ? actions.join(', ') : 'Deny (default)',
      matches: `${podRule ? 'pods' : 'no pod resources'}${selector ? ` in namespaces selected by ${JSON.stringify(selector)}` : ' in every namespace'}; images ${globs.join(', ') || (byExpression ? 'chosen by CEL expression' : 'every image')}`,
      enforcingIn: () => enforcing,
      coversNamespace(ns) {
        return podRule && (!selector || matchesSelector(selector, namespaceLabels(index, ns)));
      },
      coversImage(ref, written) {
        if (refs.length === 0 || byExpression) return true;
        return anyImageMatch(globs, ref, written, true);
      },
    };
  });
}

// ---------------------------------------------------------------------------------------------
// sigstore policy-controller ClusterImagePolicy: opt-in namespaces labelled policy.sigstore.dev/include=true

export const SIGSTORE_INCLUDE_LABEL = 'policy.sigstore.dev/include';

function sigstoreEnforcers(index: SnapshotIndex): Enforcer[] {
  return index.of('ClusterImagePolicy.policy.sigstore.dev').map((policy) => {
    const spec = (policy.spec ?? {}) as Record<string, any>;
    const globs = (Array.isArray(spec.images) ? spec.images : []).map((i: any) => i?.glob).filter((g: unknown): g is string => typeof g === 'string');
    const authorities = Array.isArray(spec.authorities) ? spec.authorities : [];
    const verifies = authorities.some((a: any) => !(a?.static && a.static.action === 'pass'));
    const mode = String(spec.mode ?? 'enforce');
    const enforcing = mode === 'enforce' && verifies;
    return {
      engine: 'sigstore policy-controller',
      object: refOf(policy),
      pointer: '/spec/images',
      name: label(policy),
      enforcing,
      mode: verifies ? mode : `${mode}, but every authority is static "pass": nothing is verified`,
      matches: `namespaces labelled ${SIGSTORE_INCLUDE_LABEL}=true; images ${globs.join(', ') || 'none'}`,
      enforcingIn: () => enforcing,
      coversNamespace(ns) {
        return index.namespaceLabels(ns)[SIGSTORE_INCLUDE_LABEL] === 'true';
      },
      coversImage(ref, written) {
        return anyImageMatch(globs, ref, written, false);
      },
    };
  });
}

// ---------------------------------------------------------------------------------------------
// Connaisseur: a mutating webhook; its image rules live in its own configuration

function webhookCoversPods(webhook: any): boolean {
  const rules = Array.isArray(webhook?.rules) ? webhook.rules : [];
  return rules.some((r: any) => strings(r?.resources).some((x) => x === '*' || x === 'pods' || x === '*/*'));
}

function connaisseurEnforcers(index: SnapshotIndex): Enforcer[] {
  const out: Enforcer[] = [];
  for (const config of index.of('MutatingWebhookConfiguration')) {
    const webhooks = Array.isArray((config as any).webhooks) ? ((config as any).webhooks as any[]) : [];
    webhooks.forEach((w, i) => {
      const service = w?.clientConfig?.service;
      const isConnaisseur =
        /connaisseur/i.test(String(w?.name ?? '')) || /connaisseur/i.test(String(service?.name ?? '')) || config.metadata.labels?.['app.kubernetes.io/name'] === 'connaisseur';
      if (!isConnaisseur || !webhookCoversPods(w)) return;
      const selector = w?.namespaceSelector as LabelSelector | undefined;
      const failOpen = w?.failurePolicy === 'Ignore';
      out.push({
        engine: 'Connaisseur',
        object: refOf(config),
        pointer: `/webhooks/${i}`,
        name: `${label(config)}, webhook ${String(w?.name ?? i)}`,
        enforcing: true,
        enforcingIn: () => true,
        mode: failOpen ? 'validates, but failurePolicy Ignore admits every image while Connaisseur is down' : `failurePolicy ${String(w?.failurePolicy ?? 'Fail')}`,
        matches: `pods in ${selector && (selector.matchLabels || selector.matchExpressions) ? `namespaces selected by ${JSON.stringify(selector)}` : 'every namespace'}; images as Connaisseur's own policy says (not visible in the API)`,
        coversNamespace(ns) {
          return !selector || matchesSelector(selector, namespaceLabels(index, ns));
        },
        coversImage() {
          return true;
        },
      });
    });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Ratify through Gatekeeper: the RatifyVerification constraint

function ratifyEnforcers(index: SnapshotIndex): Enforcer[] {
  return index.of('RatifyVerification.constraints.gatekeeper.sh').map((c) => {
    const spec = (c.spec ?? {}) as Record<string, any>;
    const action = String(spec.enforcementAction ?? 'deny');
    const match = (spec.match ?? {}) as Record<string, any>;
    const kinds = Array.isArray(match.kinds) ? match.kinds : [];
    const podKinds = kinds.length === 0 || kinds.some((k: any) => strings(k?.kinds).some((x) => x === '*' || POD_KINDS.has(x)));
    const namespaces = strings(match.namespaces);
    const excluded = strings(match.excludedNamespaces);
    const selector = match.namespaceSelector as LabelSelector | undefined;
    const enforcing = action === 'deny';
    return {
      engine: 'Ratify (Gatekeeper)',
      object: refOf(c),
      pointer: '/spec/match',
      name: label(c),
      enforcing,
      mode: `enforcementAction ${action}`,
      matches: `${podKinds ? 'pods' : 'no pod kinds'} in ${namespaces.length ? `namespaces ${namespaces.join(', ')}` : 'every namespace'}${excluded.length ? ` except ${excluded.join(', ')}` : ''}${selector ? ` selected by ${JSON.stringify(selector)}` : ''}; every image, against Ratify's verifiers`,
      enforcingIn: () => enforcing,
      coversNamespace(ns) {
        if (!podKinds) return false;
        if (namespaces.length && !namespaces.some((p) => globMatch(p, ns, true))) return false;
        if (excluded.some((p) => globMatch(p, ns, true))) return false;
        return !selector || matchesSelector(selector, namespaceLabels(index, ns));
      },
      coversImage() {
        return true;
      },
    };
  });
}

// ---------------------------------------------------------------------------------------------
// The ImagePolicyWebhook admission plugin of kube-apiserver

function imagePolicyWebhook(index: SnapshotIndex): Enforcer[] {
  const out: Enforcer[] = [];
  for (const api of kubeApiServers(index)) {
    const plugins = api.flags.get('--enable-admission-plugins');
    if (!plugins || !plugins.value.split(',').map((s) => s.trim()).includes('ImagePolicyWebhook')) continue;
    const configFile = api.flags.get('--admission-control-config-file');
    out.push({
      engine: 'ImagePolicyWebhook',
      object: api.pod,
      pointer: plugins.pointer,
      name: `kube-apiserver ${api.pod.namespace}/${api.pod.name} --enable-admission-plugins`,
      enforcing: true,
      enforcingIn: () => true,
      mode: `backend and defaultAllow in ${configFile ? configFile.value : 'the admission configuration file'} (on the control-plane node: attest that defaultAllow is false)`,
      matches: 'every pod in every namespace; every image, as the webhook backend decides',
      coversNamespace() {
        return true;
      },
      coversImage() {
        return true;
      },
    });
  }
  return out;
}

/** Every image provenance rule the snapshot shows, of every engine. */
export function provenanceEnforcers(index: SnapshotIndex): Enforcer[] {
  return [...kyvernoEnforcers(index), ...kyvernoImageValidating(index), ...sigstoreEnforcers(index), ...connaisseurEnforcers(index), ...ratifyEnforcers(index), ...imagePolicyWebhook(index)];
}

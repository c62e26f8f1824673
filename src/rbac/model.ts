import type { SnapshotIndex } from '../snapshot/index.js';
import { matchesSelector, type LabelSelector } from '../snapshot/selector.js';
import { refOf, type K8sObject, type ObjectRef } from '../snapshot/types.js';

/**
 * The effective-permission model of RBAC: Roles and ClusterRoles (aggregation rules resolved),
 * RoleBindings and ClusterRoleBindings, down to who may do what, where, through which binding,
 * role and rule. Matching follows the API server's RBAC authorizer (rbac/v1 helpers).
 */

export const BOOTSTRAP_LABEL = 'kubernetes.io/bootstrapping';

export interface PolicyRule {
  verbs: string[];
  apiGroups: string[];
  resources: string[];
  resourceNames: string[];
  nonResourceURLs: string[];
}

/** A rule and the role object it is written in (for an aggregated role: the component role). */
export interface SourcedRule {
  rule: PolicyRule;
  /** The Role or ClusterRole whose `rules` hold the rule. */
  source: K8sObject;
  index: number;
  /** JSON Pointer of the rule in `source`. */
  pointer: string;
}

export interface RoleView {
  object: K8sObject;
  ref: ObjectRef;
  kind: 'Role' | 'ClusterRole';
  name: string;
  namespace?: string;
  builtIn: boolean;
  /** Its own rules, plus for an aggregated ClusterRole the rules of every role its selectors match. */
  rules: SourcedRule[];
  /** The ClusterRoles aggregated into it (names), transitively. */
  aggregates: string[];
}

export interface Subject {
  kind: string;
  name: string;
  namespace?: string;
}

export interface BindingView {
  object: K8sObject;
  ref: ObjectRef;
  kind: 'RoleBinding' | 'ClusterRoleBinding';
  name: string;
  /** Where its grants apply: the RoleBinding's namespace, or every namespace and the cluster scope. */
  namespace?: string;
  builtIn: boolean;
  roleRef: { kind: string; name: string };
  /** Undefined when the referenced role does not exist (the binding grants nothing). */
  role?: RoleView;
  subjects: Array<{ subject: Subject; index: number }>;
}

/** One permission query: any of the verbs on a resource (`pods`, `nodes/proxy`) of an API group. */
export interface Permission {
  verbs: readonly string[];
  apiGroup: string;
  /** `resource` or `resource/subresource`. */
  resource: string;
}

export interface Grant {
  binding: BindingView;
  subject: Subject;
  subjectIndex: number;
  role: RoleView;
  rule: SourcedRule;
  /** The verbs of the query that the rule grants. */
  verbs: string[];
  /** When the rule is limited to named objects. */
  resourceNames: string[];
  /** True when neither the binding nor the role holding the rule is part of Kubernetes' bootstrap policy. */
  userDefined: boolean;
}

/** Part of Kubernetes' own bootstrap policy: labelled rbac-defaults, or named `system:...`. */
export function isBuiltIn(o: K8sObject): boolean {
  return o.metadata.labels?.[BOOTSTRAP_LABEL] === 'rbac-defaults' || o.metadata.name.startsWith('system:');
}

function strings(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

function ruleOf(raw: unknown): PolicyRule {
  const r = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  return {
    verbs: strings(r.verbs),
    apiGroups: strings(r.apiGroups),
    resources: strings(r.resources),
    resourceNames: strings(r.resourceNames),
    nonResourceURLs: strings(r.nonResourceURLs),
  };
}

function ownRules(o: K8sObject): SourcedRule[] {
  const rules = Array.isArray((o as any).rules) ? ((o as any).rules as unknown[]) : [];
  return rules.map((r, index) => ({ rule: ruleOf(r), source: o, index, pointer: `/rules/${index}` }));
}

function sameRule(a: PolicyRule, b: PolicyRule): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** rbac/v1 ResourceMatches: `*`, an exact `resource` or `resource/sub`, or `*\/sub`. */
function resourceMatches(rule: PolicyRule, resource: string): boolean {
  const slash = resource.indexOf('/');
  const sub = slash < 0 ? '' : resource.slice(slash + 1);
  return rule.resources.some((r) => r === '*' || r === resource || (sub !== '' && r === `*/${sub}`));
}

const NAMELESS_VERBS = new Set(['create', 'list', 'watch', 'deletecollection']);

/** The verbs of `p` that `rule` grants, or an empty list. */
export function grantedVerbs(rule: PolicyRule, p: Permission): string[] {
  if (!rule.apiGroups.includes('*') && !rule.apiGroups.includes(p.apiGroup)) return [];
  if (!resourceMatches(rule, p.resource)) return [];
  const top = !p.resource.includes('/');
  return p.verbs.filter((v) => {
    if (!rule.verbs.includes('*') && !rule.verbs.includes(v)) return false;
    // A request without an object name (create of a top-level resource, list, watch) never
    // matches a rule limited to resourceNames.
    return !(rule.resourceNames.length > 0 && top && NAMELESS_VERBS.has(v));
  });
}

export function describeSubject(s: Subject): string {
  return s.kind === 'ServiceAccount' ? `ServiceAccount ${s.namespace ?? '?'}/${s.name}` : `${s.kind} ${s.name}`;
}

export function describeBinding(b: BindingView): string {
  return b.kind === 'RoleBinding' ? `RoleBinding ${b.namespace}/${b.name}` : `ClusterRoleBinding ${b.name}`;
}

export function describeRole(r: RoleView): string {
  return r.kind === 'Role' ? `Role ${r.namespace}/${r.name}` : `ClusterRole ${r.name}`;
}

/** `rules[2] of ClusterRole monitoring (aggregated into view): get,list secrets` */
export function describeRule(role: RoleView, r: SourcedRule): string {
  const where = r.source === role.object ? '' : ` of ClusterRole ${r.source.metadata.name} (aggregated into ${role.name})`;
  const groups = r.rule.apiGroups.map((g) => (g === '' ? 'core' : g)).join(',');
  const what = r.rule.nonResourceURLs.length
    ? `${r.rule.verbs.join(',')} on ${r.rule.nonResourceURLs.join(',')}`
    : `${r.rule.verbs.join(',')} on ${r.rule.resources.join(',')} (apiGroups ${groups})${r.rule.resourceNames.length ? ` named ${r.rule.resourceNames.join(',')}` : ''}`;
  return `rules[${r.index}]${where}: ${what}`;
}

/** The rule as evidence shows it: where it is written, and what it says. */
export function ruleJson(role: RoleView, r: SourcedRule): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {
    role: describeRole(role),
    ruleIn: `${r.source.kind} ${r.source.metadata.namespace ? `${r.source.metadata.namespace}/` : ''}${r.source.metadata.name}`,
    rule: r.pointer,
    verbs: r.rule.verbs,
    apiGroups: r.rule.apiGroups,
    resources: r.rule.resources,
  };
  if (r.rule.resourceNames.length) out.resourceNames = r.rule.resourceNames;
  if (r.rule.nonResourceURLs.length) out.nonResourceURLs = r.rule.nonResourceURLs;
  return out;
}

const models = new WeakMap<SnapshotIndex, RbacModel>();

/** The model of an index, built once and shared by every RBAC check of a run. */
export function rbacModel(index: SnapshotIndex): RbacModel {
  let m = models.get(index);
  if (!m) models.set(index, (m = new RbacModel(index)));
  return m;
}

export class RbacModel {
  readonly roles: RoleView[] = [];
  readonly bindings: BindingView[] = [];
  private readonly clusterRoles = new Map<string, K8sObject>();
  private readonly roleViews = new Map<K8sObject, RoleView>();

  constructor(private readonly index: SnapshotIndex) {
    for (const cr of index.of('ClusterRole')) this.clusterRoles.set(cr.metadata.name, cr);
    for (const o of [...index.of('ClusterRole'), ...index.of('Role')]) this.roles.push(this.view(o));
    for (const o of [...index.of('ClusterRoleBinding'), ...index.of('RoleBinding')]) this.bindings.push(this.binding(o));
    this.roles.sort(compareBy((r) => `${r.kind}\u0000${r.namespace ?? ''}\u0000${r.name}`));
    this.bindings.sort(compareBy((b) => `${b.kind}\u0000${b.namespace ?? ''}\u0000${b.name}`));
  }

  private view(o: K8sObject): RoleView {
    const cached = this.roleViews.get(o);
    if (cached) return cached;
    const kind = o.kind === 'Role' ? 'Role' : 'ClusterRole';
    const v: RoleView = {
      object: o,
      ref: refOf(o),
      kind,
      name: o.metadata.name,
      ...(o.metadata.namespace ? { namespace: o.metadata.namespace } : {}),
      builtIn: isBuiltIn(o),
      rules: [],
      aggregates: [],
    };
    this.roleViews.set(o, v);
    const selectors = kind === 'ClusterRole' ? ((o as any).aggregationRule?.clusterRoleSelectors as LabelSelector[] | undefined) : undefined;
    if (!Array.isArray(selectors)) {
      v.rules = ownRules(o);
      return v;
    }
    // The aggregation controller copies the rules of every ClusterRole whose labels match one of
    // the selectors (itself aggregated or not). A live object already holds the copies; manifests
    // usually do not. Rules are attributed to the role that really holds them, and the copies
    // in the aggregate are kept only where no component accounts for them.
    const components: SourcedRule[] = [];
    const seen = new Set<K8sObject>([o]);
    const visit = (role: K8sObject): void => {
      const sel = (role as any).aggregationRule?.clusterRoleSelectors as LabelSelector[] | undefined;
      const matched = Array.isArray(sel)
        ? [...this.clusterRoles.values()].filter((cr) => !seen.has(cr) && sel.some((s) => s && matchesSelector(s, cr.metadata.labels)))
        : [];
      for (const cr of matched.sort(compareBy((x) => x.metadata.name))) seen.add(cr);
      for (const cr of matched) {
        v.aggregates.push(cr.metadata.name);
        visit(cr);
        components.push(...ownRules(cr).filter((r) => !components.some((c) => sameRule(c.rule, r.rule))));
      }
    };
    visit(o);
    v.rules = [...components, ...ownRules(o).filter((r) => !components.some((c) => sameRule(c.rule, r.rule)))];
    return v;
  }

  private binding(o: K8sObject): BindingView {
    const kind = o.kind === 'RoleBinding' ? 'RoleBinding' : 'ClusterRoleBinding';
    const roleRef = ((o as any).roleRef ?? {}) as { kind?: string; name?: string; apiGroup?: string };
    const ns = kind === 'RoleBinding' ? o.metadata.namespace : undefined;
    let role: RoleView | undefined;
    if (roleRef.kind === 'ClusterRole') {
      const cr = this.clusterRoles.get(roleRef.name ?? '');
      if (cr) role = this.view(cr);
    } else if (roleRef.kind === 'Role' && ns) {
      const r = this.index.get('Role', ns, roleRef.name ?? '');
      if (r) role = this.view(r);
    }
    const raw = Array.isArray((o as any).subjects) ? ((o as any).subjects as Array<Record<string, unknown>>) : [];
    const subjects = raw.flatMap((s, index) => {
      if (!s || typeof s.kind !== 'string' || typeof s.name !== 'string') return [];
      const subject: Subject = { kind: s.kind, name: s.name };
      if (s.kind === 'ServiceAccount') {
        const sns = typeof s.namespace === 'string' && s.namespace ? s.namespace : ns;
        if (sns) subject.namespace = sns;
      }
      return [{ subject, index }];
    });
    return {
      object: o,
      ref: refOf(o),
      kind,
      name: o.metadata.name,
      ...(ns ? { namespace: ns } : {}),
      builtIn: isBuiltIn(o),
      roleRef: { kind: roleRef.kind ?? '', name: roleRef.name ?? '' },
      ...(role ? { role } : {}),
      subjects,
    };
  }

  /** Every grant of a permission (any of its verbs), binding by binding and subject by subject. */
  grants(p: Permission): Grant[] {
    const out: Grant[] = [];
    for (const b of this.bindings) {
      if (!b.role) continue;
      for (const r of b.role.rules) {
        const verbs = grantedVerbs(r.rule, p);
        if (verbs.length === 0) continue;
        for (const { subject, index } of b.subjects) {
          out.push({
            binding: b,
            subject,
            subjectIndex: index,
            role: b.role,
            rule: r,
            verbs,
            resourceNames: r.rule.resourceNames,
            userDefined: !b.builtIn || !isBuiltIn(r.source),
          });
        }
      }
    }
    return out;
  }
}

function compareBy<T>(key: (t: T) => string): (a: T, b: T) => number {
  return (a, b) => {
    const ka = key(a);
    const kb = key(b);
    return ka < kb ? -1 : ka > kb ? 1 : 0;
  };
}


import { rbacModel } from '../rbac/model.js';
import type { SnapshotIndex } from '../snapshot/index.js';
import type { ObjectRef } from '../snapshot/types.js';

export interface RbacRuleItem {
  verbs: string[];
  apiGroups: string[];
  resources: string[];
  /** The namespace the grant applies in; absent: every namespace and the cluster scope. */
  namespace?: string;
}

export interface RbacSubjectItem {
  kind: string;
  name: string;
  namespace?: string;
  rules: RbacRuleItem[];
  bindings: ObjectRef[];
}

export interface RbacInventory {
  /** Subjects of bindings outside Kubernetes' bootstrap policy, with what those bindings grant. */
  subjects: RbacSubjectItem[];
}

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** One line per grant, for comparing what a subject can do between runs. */
export function ruleKey(r: RbacRuleItem): string {
  return `${r.namespace ?? '*'} ${r.apiGroups.join(',')}/${r.resources.join(',')}: ${r.verbs.join(',')}`;
}

/** Who can do what, through which binding, from the effective-permission model. */
export function rbacInventory(index: SnapshotIndex): RbacInventory {
  const bySubject = new Map<string, RbacSubjectItem>();
  for (const b of rbacModel(index).bindings) {
    if (b.builtIn || !b.role) continue;
    for (const { subject } of b.subjects) {
      const key = `${subject.kind}\u0000${subject.namespace ?? ''}\u0000${subject.name}`;
      let item = bySubject.get(key);
      if (!item) {
        item = { kind: subject.kind, name: subject.name, ...(subject.namespace ? { namespace: subject.namespace } : {}), rules: [], bindings: [] };
        bySubject.set(key, item);
      }
      item.bindings.push(b.ref);
      for (const { rule } of b.role.rules) {
        if (rule.resources.length === 0) continue; // nonResourceURLs rules are not per-resource grants
        item.rules.push({ verbs: [...rule.verbs].sort(), apiGroups: [...rule.apiGroups].sort(), resources: [...rule.resources].sort(), ...(b.namespace ? { namespace: b.namespace } : {}) });
      }
    }
  }
  const subjects = [...bySubject.entries()].sort(([a], [b]) => cmp(a, b)).map(([, item]) => {
    const seen = new Map(item.rules.map((r) => [ruleKey(r), r] as const));
    return { ...item, rules: [...seen.entries()].sort(([a], [b]) => cmp(a, b)).map(([, r]) => r) };
  });
  return { subjects };
}

import type { BindingView, Grant, Subject } from '../rbac/model.js';
import { describeBinding, describeRole, describeRule, describeSubject, ruleJson } from '../rbac/model.js';
import type { Json } from './types.js';

export const RBAC_KINDS = ['Role', 'ClusterRole', 'RoleBinding', 'ClusterRoleBinding'] as const;

/** Where a binding's grants apply, in words. */
export function whereText(b: BindingView): string {
  return b.kind === 'RoleBinding' ? `in namespace ${b.namespace}` : 'cluster-wide (every namespace)';
}

export function roleText(b: BindingView): string {
  return b.role ? describeRole(b.role) : `${b.roleRef.kind} ${b.roleRef.name} (which does not exist)`;
}

/** Message data that names the subject, the binding, the role and the rule. */
export function grantData(g: Grant): Record<string, string> {
  return {
    note: originNote(g.binding),
    subject: describeSubject(g.subject),
    binding: describeBinding(g.binding),
    role: describeRole(g.role),
    rule: describeRule(g.role, g.rule),
    where: whereText(g.binding),
  };
}

export function grantObserved(g: Grant, more: number): Json {
  return {
    subject: describeSubject(g.subject),
    binding: describeBinding(g.binding),
    ...ruleJson(g.role, g.rule),
    ...(more > 0 ? { otherMatchingRules: more } : {}),
  };
}

/** Grants grouped by binding and subject, in binding then subject order. */
export function bySubject(grants: readonly Grant[]): Array<{ binding: BindingView; subjectIndex: number; subject: Subject; grants: Grant[] }> {
  const groups = new Map<string, { binding: BindingView; subjectIndex: number; subject: Subject; grants: Grant[] }>();
  for (const g of grants) {
    const key = `${g.binding.kind}\u0000${g.binding.namespace ?? ''}\u0000${g.binding.name}\u0000${g.subjectIndex}`;
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { binding: g.binding, subjectIndex: g.subjectIndex, subject: g.subject, grants: [] }));
    group.grants.push(g);
  }
  return [...groups.values()];
}

/** `*` matches any run of characters. */
export function globMatch(pattern: string, value: string): boolean {
  const re = new RegExp(`^${pattern.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
  return re.test(value);
}

/** Said of bindings a cluster installer created, so a reader tells them from the team's own. */
export function originNote(b: BindingView): string {
  return b.name.startsWith('kubeadm:') ? ' The binding was created by kubeadm (a distribution default, still a grant to review).' : '';
}

import type { Config } from '../config.js';
import type { SnapshotIndex } from '../snapshot/index.js';
import type { ObjectRef } from '../snapshot/types.js';

export const SCOPE_LABEL = 'compliance.kubeproof.io/scope';

export interface Scope {
  tag: string;
  namespaces: Set<string>;
  /** False when no namespace carries the tag: the whole estate is then in scope. */
  declared: boolean;
  note: string;
}

/**
 * The namespaces a framework applies to. A framework scoped to a tag nobody declared applies to
 * every namespace: an undeclared cardholder-data environment is the whole cluster, never nothing.
 */
export function resolveScope(tag: string, index: SnapshotIndex, config: Config): Scope {
  const all = index.namespaces();
  if (tag === 'all') return { tag, namespaces: new Set(all), declared: true, note: 'every namespace' };
  const tagged = new Set<string>(config.scope[tag] ?? []);
  for (const ns of all) {
    const value = index.namespaceLabels(ns)[SCOPE_LABEL];
    if (value && value.split(',').map((v) => v.trim()).includes(tag)) tagged.add(ns);
  }
  if (tagged.size === 0) {
    return {
      tag,
      namespaces: new Set(all),
      declared: false,
      note: `no namespace is labelled ${SCOPE_LABEL}=${tag} or named in the config's scope.${tag}: the whole estate is treated as in scope`,
    };
  }
  return {
    tag,
    namespaces: tagged,
    declared: true,
    note: `namespaces labelled ${SCOPE_LABEL}=${tag} or named in the config: ${[...tagged].sort().join(', ')}`,
  };
}

/** Namespace objects are scoped by their own name; other cluster-scoped objects are always in scope. */
export function inScope(scope: Scope, object: ObjectRef): boolean {
  const ns = object.kind === 'Namespace' && object.apiVersion === 'v1' ? object.name : object.namespace;
  return ns === undefined || scope.namespaces.has(ns);
}

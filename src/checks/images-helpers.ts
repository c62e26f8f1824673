import type { Config } from '../config.js';
import { imagesModel, SCOPE_TAGS, type ContainerImage, type ImagesModel } from '../inventory/images.js';
import type { SnapshotIndex } from '../snapshot/index.js';
import { refOf, type ObjectRef } from '../snapshot/types.js';
import type { ScopeView } from './types.js';
import { WORKLOAD_KINDS } from './pod-helpers.js';

export const IMAGE_NEEDS = WORKLOAD_KINDS;

export interface ImagesContext {
  index: SnapshotIndex;
  config: Config;
  asOf: string;
  scope(tag: string): ScopeView;
}

/** Scope tags to judge: the shipped frameworks' and any the config names. */
export function scopeTagsOf(config: Config): string[] {
  return [...new Set([...SCOPE_TAGS, ...Object.keys(config.scope)])].sort();
}

/** The images model of an index, built once and shared by the image checks and the results inventory. */
export function imagesOf(ctx: ImagesContext): ImagesModel {
  return ctx.index.memo(`images@${ctx.asOf}`, () => imagesModel(ctx.index, (t) => ctx.scope(t), scopeTagsOf(ctx.config), ctx.asOf));
}

/** Namespaces in any of the given scope tags; a tag nobody declared puts every namespace in scope. */
export function inScopeNamespaces(ctx: Pick<ImagesContext, 'scope'>, tags: readonly string[]): { namespaces: Set<string>; note: string } {
  const namespaces = new Set<string>();
  const notes: string[] = [];
  for (const tag of tags) {
    const view = ctx.scope(tag);
    for (const ns of view.namespaces) namespaces.add(ns);
    notes.push(view.declared ? `${tag}: ${[...view.namespaces].sort().join(', ')}` : `${tag}: undeclared, so every namespace`);
  }
  return { namespaces, note: notes.join('; ') };
}

/** "Deployment payments/checkout" for messages. */
export function describeObject(c: Pick<ContainerImage, 'object'>): string {
  return `${c.object.kind} ${c.object.namespace ? `${c.object.namespace}/` : ''}${c.object.name}`;
}

export interface ApiServerView {
  pod: ObjectRef;
  /** `--flag` → its value and the JSON Pointer of the argument that sets it (the last one wins). */
  flags: Map<string, { value: string; pointer: string }>;
}

/**
 * The kube-apiserver static pods the snapshot holds (kubeadm and similar installs mirror them
 * into kube-system); managed control planes show none.
 */
export function kubeApiServers(index: SnapshotIndex): ApiServerView[] {
  return index.memo('kube-apiservers', () => {
    const out: ApiServerView[] = [];
    for (const pod of index.of('Pod')) {
      if (pod.metadata.namespace !== 'kube-system') continue;
      const isApiServer = pod.metadata.labels?.component === 'kube-apiserver' || pod.metadata.name.startsWith('kube-apiserver');
      if (!isApiServer) continue;
      const containers = Array.isArray((pod.spec as any)?.containers) ? ((pod.spec as any).containers as any[]) : [];
      const ci = Math.max(0, containers.findIndex((c) => c?.name === 'kube-apiserver'));
      const c = containers[ci];
      if (!c) continue;
      const flags = new Map<string, { value: string; pointer: string }>();
      for (const field of ['command', 'args'] as const) {
        const list = Array.isArray(c[field]) ? (c[field] as unknown[]) : [];
        list.forEach((arg, i) => {
          if (typeof arg !== 'string' || !arg.startsWith('--')) return;
          const eq = arg.indexOf('=');
          const pointer = `/spec/containers/${ci}/${field}/${i}`;
          if (eq > 0) flags.set(arg.slice(0, eq), { value: arg.slice(eq + 1), pointer });
          else {
            const next = list[i + 1];
            flags.set(arg, { value: typeof next === 'string' && !next.startsWith('--') ? next : 'true', pointer });
          }
        });
      }
      out.push({ pod: refOf(pod), flags });
    }
    return out;
  });
}

/** Whether every visible kube-apiserver enables an admission plugin; undefined when none is visible. */
export function admissionPluginEnabled(index: SnapshotIndex, plugin: string): { enabled: boolean; evidence: Array<{ pod: ObjectRef; pointer: string; value: string }> } | undefined {
  const servers = kubeApiServers(index);
  if (servers.length === 0) return undefined;
  const evidence = servers.map((s) => {
    const f = s.flags.get('--enable-admission-plugins');
    return { pod: s.pod, pointer: f?.pointer ?? '/spec/containers/0/command', value: f?.value ?? '' };
  });
  return { enabled: evidence.every((e) => e.value.split(',').map((x) => x.trim()).includes(plugin)), evidence };
}

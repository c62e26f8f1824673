import type { PodSpec, SnapshotIndex, Workload } from '../snapshot/index.js';
import { refOf, type ObjectRef } from '../snapshot/types.js';
import type { Json } from './types.js';

export const CONTAINER_FIELDS = ['initContainers', 'containers', 'ephemeralContainers'] as const;
export type ContainerField = (typeof CONTAINER_FIELDS)[number];

export interface ContainerView {
  workload: Workload;
  ref: ObjectRef;
  container: Record<string, any>;
  name: string;
  field: ContainerField;
  /** JSON Pointer of the container inside the object `ref` names. */
  pointer: string;
  /** The pod spec the container belongs to, and its pointer in the object `ref` names. */
  podSpec: PodSpec;
  podSpecPointer: string;
}

function viewsOf(w: Workload, ref: ObjectRef, podSpec: PodSpec, podSpecPointer: string, keep: (field: ContainerField, name: string) => boolean): ContainerView[] {
  const out: ContainerView[] = [];
  for (const field of CONTAINER_FIELDS) {
    const list = podSpec[field];
    if (!Array.isArray(list)) continue;
    list.forEach((c, i) => {
      if (!c || typeof c !== 'object') return;
      const name = typeof c.name === 'string' ? c.name : `#${i}`;
      if (!keep(field, name)) return;
      out.push({ workload: w, ref, container: c, name, field, pointer: `${podSpecPointer}/${field}/${i}`, podSpec, podSpecPointer });
    });
  }
  return out;
}

/**
 * Every container of a workload, init and ephemeral ones included, in spec order: the template's,
 * then those that only the running pods have (sidecars injected by admission webhooks, ephemeral
 * debug containers), reported once on the first pod that has them.
 */
export function containersOf(w: Workload): readonly ContainerView[] {
  let views = containerCache.get(w);
  if (!views) containerCache.set(w, (views = computeContainers(w)));
  return views;
}

/** Every check walks the same containers: work them out once per workload. */
const containerCache = new WeakMap<Workload, ContainerView[]>();

function computeContainers(w: Workload): ContainerView[] {
  const out = viewsOf(w, refOf(w.object), w.podSpec, w.podSpecPointer, () => true);
  if (w.object.kind === 'Pod' || w.pods.length === 0) return out;
  const seen = new Set(out.map((c) => `${c.field}/${c.name}`));
  const pods = [...w.pods].sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : a.metadata.name > b.metadata.name ? 1 : 0));
  for (const pod of pods) {
    const spec = pod.spec as PodSpec | undefined;
    if (!spec || typeof spec !== 'object') continue;
    for (const extra of viewsOf(w, refOf(pod), spec, '/spec', (field, name) => !seen.has(`${field}/${name}`))) {
      seen.add(`${extra.field}/${extra.name}`);
      out.push(extra);
    }
  }
  return out;
}

/** Fields that exist in both the pod's and the container's securityContext. */
export type SharedSecurityField = 'runAsUser' | 'runAsGroup' | 'runAsNonRoot' | 'seccompProfile' | 'seLinuxOptions' | 'windowsOptions' | 'appArmorProfile';

export interface EffectiveValue<T> {
  value: T | undefined;
  /** Where the value was read from (the container's field wins over the pod's), or where it would go. */
  pointer: string;
  from: 'container' | 'pod' | 'unset';
}

/** A securityContext field as the kubelet applies it: the container's value wins over the pod's. */
export function effective<T = unknown>(c: ContainerView, field: SharedSecurityField): EffectiveValue<T> {
  const containerValue = c.container.securityContext?.[field];
  if (containerValue !== undefined && containerValue !== null) {
    return { value: containerValue as T, pointer: `${c.pointer}/securityContext/${field}`, from: 'container' };
  }
  const podValue = c.podSpec.securityContext?.[field];
  if (podValue !== undefined && podValue !== null) {
    return { value: podValue as T, pointer: `${c.podSpecPointer}/securityContext/${field}`, from: 'pod' };
  }
  return { value: undefined, pointer: `${c.pointer}/securityContext/${field}`, from: 'unset' };
}

/** Capability names as the runtime sees them: upper case, without the CAP_ prefix. */
export function normaliseCapability(name: unknown): string {
  return String(name).trim().toUpperCase().replace(/^CAP_/, '');
}


/** The kinds that carry pods, as workload checks declare them in `needs`. */
export const WORKLOAD_KINDS = ['Pod', 'Deployment', 'ReplicaSet', 'ReplicationController', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob'] as const;

/**
 * Pods declared for Windows nodes. The API rejects the Linux-only securityContext fields on them
 * (runAsUser, capabilities, seccompProfile, allowPrivilegeEscalation, readOnlyRootFilesystem...),
 * so a check about one of those fields has nothing to judge there.
 */
export function isWindowsPod(w: Workload): boolean {
  return w.podSpec.os?.name === 'windows';
}

/** Static pods that the kubelet mirrors into the API: they take no ServiceAccount and no token. */
export function isMirrorPod(w: Workload): boolean {
  return w.kind === 'Pod' && w.object.metadata.annotations?.['kubernetes.io/config.mirror'] !== undefined;
}

export type WindowsOption = 'hostProcess' | 'runAsUserName' | 'gmsaCredentialSpecName' | 'gmsaCredentialSpec';

/**
 * One field of windowsOptions as the kubelet applies it. Unlike seccompProfile or seLinuxOptions,
 * the kubelet merges windowsOptions field by field, so the container's object does not hide the
 * pod's value of a field the container leaves unset.
 */
export function effectiveWindowsOption<T = unknown>(c: ContainerView, field: WindowsOption): EffectiveValue<T> {
  const containerValue = c.container.securityContext?.windowsOptions?.[field];
  if (containerValue !== undefined && containerValue !== null) {
    return { value: containerValue as T, pointer: `${c.pointer}/securityContext/windowsOptions/${field}`, from: 'container' };
  }
  const podValue = c.podSpec.securityContext?.windowsOptions?.[field];
  if (podValue !== undefined && podValue !== null) {
    return { value: podValue as T, pointer: `${c.podSpecPointer}/securityContext/windowsOptions/${field}`, from: 'pod' };
  }
  return { value: undefined, pointer: `${c.pointer}/securityContext/windowsOptions/${field}`, from: 'unset' };
}

/** Each entry of capabilities.add or .drop with its index, as written and normalised. */
export function capabilityEntries(c: ContainerView, list: 'add' | 'drop'): Array<{ raw: Json; name: string; pointer: string }> {
  const entries = c.container.securityContext?.capabilities?.[list];
  if (!Array.isArray(entries)) return [];
  return entries.map((raw, i) => ({ raw, name: normaliseCapability(raw), pointer: `${c.pointer}/securityContext/capabilities/${list}/${i}` }));
}

export interface ServiceAccountUse {
  /** The ServiceAccount the pods run under: `default` when the spec names none. */
  name: string;
  /** serviceAccountName, or the deprecated serviceAccount when only it is set. */
  pointer: string;
  /** The value written there; null when neither field is set. */
  observed: Json;
}

export function serviceAccountOf(w: Workload): ServiceAccountUse {
  const spec = w.podSpec;
  if (typeof spec.serviceAccountName === 'string' && spec.serviceAccountName !== '') {
    return { name: spec.serviceAccountName, pointer: `${w.podSpecPointer}/serviceAccountName`, observed: spec.serviceAccountName };
  }
  // The API copies the deprecated field into serviceAccountName only when the latter is empty.
  if (typeof spec.serviceAccount === 'string' && spec.serviceAccount !== '') {
    return { name: spec.serviceAccount, pointer: `${w.podSpecPointer}/serviceAccount`, observed: spec.serviceAccount };
  }
  return { name: 'default', pointer: `${w.podSpecPointer}/serviceAccountName`, observed: (spec.serviceAccountName ?? null) as Json };
}

/**
 * The containers of every Linux pod. Windows pods are left out (the Linux security fields do not
 * apply to them); when every pod is a Windows pod, the check is not applicable and says why.
 */
export function linuxContainers(ctx: { index: SnapshotIndex; notApplicable(reason: string): void }, why: string): ContainerView[] {
  const out: ContainerView[] = [];
  let windows = 0;
  for (const w of ctx.index.workloads()) {
    if (isWindowsPod(w)) windows++;
    else out.push(...containersOf(w));
  }
  if (out.length === 0 && windows > 0) ctx.notApplicable(`every pod is a Windows pod, ${why}`);
  return out;
}

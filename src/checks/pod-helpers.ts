import type { PodSpec, Workload } from '../snapshot/index.js';
import { refOf, type ObjectRef } from '../snapshot/types.js';

export const CONTAINER_FIELDS = ['initContainers', 'containers', 'ephemeralContainers'] as const;
export type ContainerField = (typeof CONTAINER_FIELDS)[number];

export interface ContainerView {
  workload: Workload;
  ref: ObjectRef;
  container: Record<string, any>;
  name: string;
  field: ContainerField;
  /** JSON Pointer of the container inside the workload object. */
  pointer: string;
}

/** Every container of a workload, init and ephemeral ones included, in spec order. */
export function containersOf(w: Workload): ContainerView[] {
  const out: ContainerView[] = [];
  const ref = refOf(w.object);
  for (const field of CONTAINER_FIELDS) {
    const list = w.podSpec[field];
    if (!Array.isArray(list)) continue;
    list.forEach((c, i) => {
      if (!c || typeof c !== 'object') return;
      out.push({
        workload: w,
        ref,
        container: c,
        name: typeof c.name === 'string' ? c.name : `#${i}`,
        field,
        pointer: `${w.podSpecPointer}/${field}/${i}`,
      });
    });
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
  const podValue = (c.workload.podSpec as PodSpec).securityContext?.[field];
  if (podValue !== undefined && podValue !== null) {
    return { value: podValue as T, pointer: `${c.workload.podSpecPointer}/securityContext/${field}`, from: 'pod' };
  }
  return { value: undefined, pointer: `${c.pointer}/securityContext/${field}`, from: 'unset' };
}

/** Capability names as the runtime sees them: upper case, without the CAP_ prefix. */
export function normaliseCapability(name: unknown): string {
  return String(name).trim().toUpperCase().replace(/^CAP_/, '');
}

export function capabilities(c: ContainerView): { add: string[]; drop: string[] } {
  const caps = c.container.securityContext?.capabilities ?? {};
  return {
    add: Array.isArray(caps.add) ? caps.add.map(normaliseCapability) : [],
    drop: Array.isArray(caps.drop) ? caps.drop.map(normaliseCapability) : [],
  };
}

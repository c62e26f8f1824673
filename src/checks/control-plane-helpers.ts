import type { SnapshotIndex } from '../snapshot/index.js';
import { refOf, type K8sObject, type ObjectRef } from '../snapshot/types.js';

export const CONTROL_PLANE_COMPONENTS = ['kube-apiserver', 'kube-controller-manager', 'kube-scheduler', 'etcd'] as const;
export type ControlPlaneComponent = (typeof CONTROL_PLANE_COMPONENTS)[number];

export const NO_CONTROL_PLANE_REASON =
  'no static control-plane pods are visible (a managed control plane such as EKS, GKE or AKS, or the pods were not collected)';

const MIRROR_ANNOTATION = 'kubernetes.io/config.mirror';
const SHELLS = new Set(['sh', 'bash', 'ash', 'dash']);

/** One token of a container's command line, and where it sits in the object. */
interface Token {
  text: string;
  /** JSON Pointer of the array element the token came from. */
  pointer: string;
}

export interface FlagOccurrence {
  name: string;
  /** `true` for a bare boolean flag (`--profiling`). */
  value: string;
  /** The token as written, `--flag=value` or `--flag value`. */
  raw: string;
  pointer: string;
}

/** A control-plane component as its static pod shows it. */
export interface ControlPlanePod {
  component: ControlPlaneComponent;
  pod: K8sObject;
  ref: ObjectRef;
  container: string;
  /** JSON Pointer of the container inside the pod. */
  containerPointer: string;
  /** Every flag occurrence in command-line order; a repeated flag appears once per occurrence. */
  flags: FlagOccurrence[];
  /** Whether the kubelet marked the pod as the mirror of a static pod manifest. */
  mirror: boolean;
}

function basename(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

function asComponent(name: string | undefined): ControlPlaneComponent | undefined {
  return (CONTROL_PLANE_COMPONENTS as readonly string[]).includes(name ?? '') ? (name as ControlPlaneComponent) : undefined;
}

/** command then args, as the kubelet joins them; `sh -c "kube-apiserver --a=b"` is split on blanks. */
function tokensOf(container: Record<string, any>, containerPointer: string): Token[] {
  const out: Token[] = [];
  for (const field of ['command', 'args'] as const) {
    const list = container[field];
    if (!Array.isArray(list)) continue;
    list.forEach((t, i) => {
      if (typeof t === 'string') out.push({ text: t, pointer: `${containerPointer}/${field}/${i}` });
    });
  }
  const first = out[0];
  if (first && SHELLS.has(basename(first.text)) && out[1]?.text === '-c' && out[2]) {
    const script = out[2];
    return script.text.split(/\s+/).filter(Boolean).map((text) => ({ text, pointer: script.pointer }));
  }
  return out;
}

/**
 * Flags as pflag reads them: `--flag=value`, `--flag value` (when the next token is not a flag)
 * and a bare `--flag` (true). A repeated flag is kept once per occurrence: scalar flags take the
 * last, list flags (`--enable-admission-plugins`) add up.
 */
export function parseFlags(tokens: readonly Token[]): FlagOccurrence[] {
  const flags: FlagOccurrence[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    const m = /^--?([A-Za-z0-9][A-Za-z0-9._-]*)(?:=(.*))?$/s.exec(t.text);
    if (!m) continue;
    const name = `--${m[1]!}`;
    if (m[2] !== undefined) {
      flags.push({ name, value: m[2], raw: t.text, pointer: t.pointer });
      continue;
    }
    const next = tokens[i + 1];
    if (next && !next.text.startsWith('-')) {
      flags.push({ name, value: next.text, raw: `${t.text} ${next.text}`, pointer: t.pointer });
      i++;
    } else {
      flags.push({ name, value: 'true', raw: t.text, pointer: t.pointer });
    }
  }
  return flags;
}

function componentOf(pod: K8sObject): ControlPlaneComponent | undefined {
  const labels = pod.metadata.labels ?? {};
  const byLabel = asComponent(labels.component) ?? asComponent(labels['k8s-app']);
  if (byLabel) return byLabel;
  const containers: Array<Record<string, any>> = Array.isArray((pod as any).spec?.containers) ? (pod as any).spec.containers : [];
  for (const c of containers) {
    const first = Array.isArray(c.command) ? c.command[0] : undefined;
    const byCommand = typeof first === 'string' ? asComponent(basename(first)) : undefined;
    if (byCommand) return byCommand;
  }
  const controlPlaneMarked = labels.tier === 'control-plane' || pod.metadata.annotations?.[MIRROR_ANNOTATION] !== undefined;
  if (controlPlaneMarked) {
    return CONTROL_PLANE_COMPONENTS.find((c) => pod.metadata.name === c || pod.metadata.name.startsWith(`${c}-`));
  }
  return undefined;
}

/** The container that runs the component: by command, then by name, then the only one. */
function componentContainer(pod: K8sObject, component: ControlPlaneComponent): { c: Record<string, any>; i: number } | undefined {
  const containers: Array<Record<string, any>> = Array.isArray((pod as any).spec?.containers) ? (pod as any).spec.containers : [];
  const indexed = containers.map((c, i) => ({ c, i })).filter(({ c }) => c && typeof c === 'object');
  const runs = (c: Record<string, any>, field: 'command' | 'args'): boolean =>
    Array.isArray(c[field]) && typeof c[field][0] === 'string' && basename(c[field][0]) === component;
  return (
    indexed.find(({ c }) => runs(c, 'command')) ??
    indexed.find(({ c }) => c.name === component) ??
    indexed.find(({ c }) => runs(c, 'args')) ??
    (indexed.length === 1 ? indexed[0] : undefined)
  );
}

/**
 * The static pods of the control plane in kube-system (the kubelet's mirror pods, or the manifests
 * of /etc/kubernetes/manifests), recognised by the `component` label, `tier: control-plane`, the
 * mirror annotation or the binary their container runs. Sorted by component, then pod name.
 */
export function controlPlanePods(index: SnapshotIndex): readonly ControlPlanePod[] {
  // Forty-odd flag controls ask for the same pods: find and parse them once per snapshot.
  return index.memo('controlPlanePods', () => findControlPlanePods(index));
}

function findControlPlanePods(index: SnapshotIndex): ControlPlanePod[] {
  const out: ControlPlanePod[] = [];
  for (const pod of index.inNamespace('kube-system', 'Pod')) {
    if (pod.metadata.namespace !== 'kube-system') continue;
    const component = componentOf(pod);
    if (!component) continue;
    const found = componentContainer(pod, component);
    if (!found) continue;
    const containerPointer = `/spec/containers/${found.i}`;
    out.push({
      component,
      pod,
      ref: refOf(pod),
      container: typeof found.c.name === 'string' ? found.c.name : `#${found.i}`,
      containerPointer,
      flags: parseFlags(tokensOf(found.c, containerPointer)),
      mirror: pod.metadata.annotations?.[MIRROR_ANNOTATION] !== undefined,
    });
  }
  const order = (c: ControlPlaneComponent) => CONTROL_PLANE_COMPONENTS.indexOf(c);
  return out.sort((a, b) => order(a.component) - order(b.component) || (a.pod.metadata.name < b.pod.metadata.name ? -1 : a.pod.metadata.name > b.pod.metadata.name ? 1 : 0));
}

/** Every occurrence of a flag, in order. */
export function occurrences(pod: ControlPlanePod, flag: string): FlagOccurrence[] {
  return pod.flags.filter((f) => f.name === flag);
}

/** The elements of a comma-separated list flag, over every occurrence. */
export function listValues(occ: readonly FlagOccurrence[]): string[] {
  return occ.flatMap((o) => o.value.split(',')).map((v) => v.trim()).filter(Boolean);
}

/** Go's strconv.ParseBool; undefined for anything else. */
export function parseBool(value: string): boolean | undefined {
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(value)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(value)) return false;
  return undefined;
}

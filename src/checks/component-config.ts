import { parse } from 'yaml';
import { z } from 'zod';
import { refOf, type K8sObject } from '../snapshot/types.js';
import { parseBool, parseFlags } from './control-plane-helpers.js';
import { defineCheck, type Json } from './types.js';

/**
 * Where a node component's configuration file is visible through the API: kubeadm keeps the
 * KubeletConfiguration every node received at join in kube-system/kubelet-config (kubelet-config-1.NN
 * before 1.24), and kube-proxy's KubeProxyConfiguration in kube-system/kube-proxy, which its
 * DaemonSet mounts; flags on the DaemonSet override the file.
 */
const SOURCES = {
  kubelet: { configMaps: /^kubelet-config(-1\.\d+)?$/, key: 'kubelet', kind: 'KubeletConfiguration', daemonSet: undefined },
  'kube-proxy': { configMaps: /^kube-proxy$/, key: 'config.conf', kind: 'KubeProxyConfiguration', daemonSet: 'kube-proxy' },
} as const;

const RULES = ['set', 'equals', 'notEquals', 'min', 'only', 'loopback'] as const;

const optionsSchema = z
  .strictObject({
    component: z.enum(['kubelet', 'kube-proxy']),
    /** Dotted path in the configuration file: authentication.anonymous.enabled, featureGates.SeccompDefault. */
    field: z.string().regex(/^[A-Za-z0-9]+(\.[A-Za-z0-9]+)*$/),
    /** The command-line flag that overrides the field, where the DaemonSet's flags are visible. */
    flag: z.string().regex(/^--[a-z0-9-]+$/).optional(),
    rule: z.enum(RULES),
    value: z.union([z.string(), z.number(), z.array(z.string()).min(1)]).optional(),
    /** The component's default when the field is absent or zero ("", 0s), as it applies them. */
    default: z.union([z.string(), z.number(), z.boolean()]).optional(),
  })
  .superRefine((o, ctx) => {
    const bad = (m: string) => ctx.addIssue({ code: 'custom', path: ['value'], message: m });
    if ((o.rule === 'equals' || o.rule === 'notEquals') && (o.value === undefined || Array.isArray(o.value))) bad(`rule ${o.rule} needs a value`);
    if (o.rule === 'min' && typeof o.value !== 'number') bad('rule min needs a number');
    if (o.rule === 'only' && !Array.isArray(o.value)) bad('rule only needs the list of allowed values');
    if ((o.rule === 'set' || o.rule === 'loopback') && o.value !== undefined) bad(`rule ${o.rule} takes no value`);
  });

type Options = z.output<typeof optionsSchema>;

function dig(o: unknown, path: string): unknown {
  let cur = o;
  for (const p of path.split('.')) {
    if (!cur || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[p];
  }
  return cur;
}

/** Zero values that the component replaces with its default ("" and zero durations). */
function isZero(v: unknown): boolean {
  return v === '' || (typeof v === 'string' && /^0+(\.0+)?(ns|us|µs|ms|s|m|h)?$/.test(v) && v !== '0');
}

function same(observed: unknown, wanted: unknown): boolean {
  if (typeof wanted === 'boolean' || wanted === 'true' || wanted === 'false') {
    const w = typeof wanted === 'boolean' ? wanted : wanted === 'true';
    const o = typeof observed === 'boolean' ? observed : typeof observed === 'string' ? parseBool(observed) : undefined;
    return o === w;
  }
  return String(observed) === String(wanted);
}

function isLoopback(address: unknown): boolean {
  const host = String(address).replace(/:\d+$/, '').replace(/^\[|\]$/g, '');
  return host === 'localhost' || host === '::1' || /^127\./.test(host);
}

function judge(o: Options, value: unknown): boolean {
  switch (o.rule) {
    case 'set':
      return value !== undefined && value !== null && value !== '';
    case 'equals':
      return value !== undefined && same(value, o.value);
    case 'notEquals':
      return value === undefined || !same(value, o.value);
    case 'min':
      return typeof value === 'number' ? value >= Number(o.value) : Number.isFinite(Number(value)) && value !== '' && Number(value) >= Number(o.value);
    case 'only': {
      const list = Array.isArray(value) ? value.map(String) : typeof value === 'string' ? value.split(',').map((s) => s.trim()).filter(Boolean) : [];
      return list.length > 0 && list.every((v) => (o.value as string[]).includes(v));
    }
    case 'loopback':
      return value !== undefined && isLoopback(value);
  }
}

function expectation(o: Options): string {
  switch (o.rule) {
    case 'set':
      return 'set';
    case 'equals':
      return `${JSON.stringify(o.value)}`;
    case 'notEquals':
      return `anything but ${JSON.stringify(o.value)}`;
    case 'min':
      return `${o.value} or more`;
    case 'only':
      return `set, with only: ${(o.value as string[]).join(', ')}`;
    case 'loopback':
      return 'a loopback address (127.0.0.1, localhost or ::1)';
  }
}

export default defineCheck({
  id: 'component-config',
  description:
    "A field of the kubelet's or kube-proxy's configuration file, as kubeadm publishes it in kube-system (kubelet-config, kube-proxy ConfigMaps), with the component's defaults for absent or zero fields and the DaemonSet's flags overriding the file.",
  needs: ['ConfigMap', 'DaemonSet'],
  options: optionsSchema,
  messages: {
    ok: '{{source}}: {{field}} {{state}} (expected {{expected}}).{{caveat}}',
    bad: '{{source}}: {{field}} {{state}}; expected {{expected}}.{{caveat}}',
  },
  evaluate(ctx) {
    const o = ctx.options;
    const source = SOURCES[o.component];
    // Each node's live configuration (collected with --node-config through /configz) is the better
    // evidence: it is what the kubelet runs with, defaults and local flags applied, node by node.
    const live = o.component === 'kubelet' && ctx.index.coverage('KubeletConfiguration')?.status === 'collected' ? ctx.index.of('KubeletConfiguration') : [];
    if (live.length > 0) {
      for (const node of live) {
        const raw = dig(node, o.field);
        const defaulted = (raw === undefined || raw === null || isZero(raw)) && o.default !== undefined;
        const value = defaulted ? o.default : raw;
        const ok = judge(o, value);
        ctx.report({
          outcome: ok ? 'pass' : 'fail',
          messageId: ok ? 'ok' : 'bad',
          data: {
            source: `node ${node.metadata.name} (its kubelet's /configz)`,
            field: o.field,
            state: raw === undefined || raw === null ? (defaulted ? `is not set, so the default ${JSON.stringify(o.default)} applies` : 'is not set') : `is ${JSON.stringify(raw)}`,
            expected: expectation(o),
            caveat: '',
          },
          object: refOf(node),
          pointer: `/${o.field.split('.').join('/')}`,
          observed: (raw === undefined ? null : raw) as Json,
          expected: `${o.field}: ${expectation(o)}`,
          clusterWide: true,
        });
      }
      return;
    }
    const configMaps = ctx.index
      .of('ConfigMap')
      .filter((cm) => cm.metadata.namespace === 'kube-system' && source.configMaps.test(cm.metadata.name) && typeof (cm as any).data?.[source.key] === 'string')
      .sort((a, b) => (a.metadata.name < b.metadata.name ? 1 : -1));
    const cm = configMaps[0];
    if (!cm) {
      ctx.notAssessed(
        `no ${source.kind} is visible: kubeproof reads the kube-system ConfigMap that kubeadm publishes (${o.component === 'kubelet' ? 'kubelet-config' : 'kube-proxy'}), and there is none (not a kubeadm cluster, or a managed node pool), and no node's /configz was collected (collect from the cluster with --node-config); otherwise an assessor must read the ${o.component} configuration and flags on each node`,
      );
      return;
    }
    let config: unknown;
    try {
      config = parse((cm as any).data[source.key] as string);
    } catch (err) {
      ctx.notAssessed(`ConfigMap kube-system/${cm.metadata.name} key ${source.key} is not valid YAML: ${(err as Error).message.split('\n')[0]}`);
      return;
    }
    let value: unknown = dig(config, o.field);
    let where = `ConfigMap kube-system/${cm.metadata.name}`;
    let object = refOf(cm);
    let pointer = `/data/${source.key.replace(/~/g, '~0').replace(/\//g, '~1')}`;
    let container: string | undefined;
    if (o.flag && source.daemonSet) {
      const ds: K8sObject | undefined = ctx.index.get('DaemonSet', 'kube-system', source.daemonSet);
      const containers: any[] = ds ? ((ds as any).spec?.template?.spec?.containers ?? []) : [];
      containers.forEach((c, i) => {
        const tokens = [...(c?.command ?? []), ...(c?.args ?? [])].map((text: string, j: number) => ({ text, pointer: `/spec/template/spec/containers/${i}/${j < (c?.command ?? []).length ? 'command' : 'args'}/${j < (c?.command ?? []).length ? j : j - (c?.command ?? []).length}` }));
        const flag = parseFlags(tokens).filter((f) => f.name === o.flag).at(-1);
        if (flag && ds) {
          value = flag.value;
          where = `DaemonSet kube-system/${ds.metadata.name} flag ${o.flag} (overrides the configuration file)`;
          object = refOf(ds);
          pointer = flag.pointer;
          container = c?.name;
        }
      });
    }
    const raw = value;
    const defaulted = (value === undefined || value === null || isZero(value)) && o.default !== undefined;
    if (defaulted) value = o.default;
    const ok = judge(o, value);
    const state = raw === undefined || raw === null
      ? defaulted ? `is not set, so the default ${JSON.stringify(o.default)} applies` : 'is not set'
      : defaulted ? `is ${JSON.stringify(raw)}, which the ${o.component} replaces with its default ${JSON.stringify(o.default)}` : `is ${JSON.stringify(raw)}`;
    ctx.report({
      outcome: ok ? 'pass' : 'fail',
      messageId: ok ? 'ok' : 'bad',
      data: {
        source: where,
        field: o.field,
        state,
        expected: expectation(o),
        caveat: where.startsWith('ConfigMap') ? ` This is the configuration kubeadm gives every node; a node started with other flags or a local file overrides it.` : '',
      },
      object,
      ...(container ? { container } : {}),
      pointer,
      observed: (raw === undefined ? null : raw) as Json,
      expected: `${o.field}: ${expectation(o)}`,
      clusterWide: true,
    });
  },
});

import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync, mkdtempSync, statSync, readdirSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TLSSocket } from 'node:tls';
import { parseManifestText } from '../../src/collect/manifests.js';
import { KNOWN_KINDS, isNamespaced, kindIdOf, type KindInfo } from '../../src/snapshot/kinds.js';
import type { K8sObject } from '../../src/snapshot/types.js';
import { tlsMaterial } from './tls.js';

/**
 * A Kubernetes API server for tests, on 127.0.0.1, speaking the real protocol over HTTPS with its
 * own CA: bearer-token and client-certificate auth (401 Status otherwise), discovery (/api, /apis,
 * /api/v1, /apis/<group>/<version>), /version, lists cluster-wide and per namespace with limit,
 * continue, resourceVersion, labelSelector and fieldSelector, single GETs, PartialObjectMetadataList
 * answers, nodes/<name>/proxy/configz, and Status objects for every error. Faults can be injected
 * per kind: a status (403, 404, 500, ...), 429 with Retry-After, 410 Gone on a continue token, a
 * connection reset after some bytes, and a fixed latency for every request.
 */

export interface Fault {
  /** The HTTP status to answer with (ignored when resetAfterBytes is set). */
  status?: number;
  /** Seconds, sent as Retry-After (with 429). */
  retryAfter?: number;
  /** Break the connection after this many bytes of a 200 answer. */
  resetAfterBytes?: number;
  /** Milliseconds to wait before answering normally (a slow list, for --timeout). */
  delayMs?: number;
  /** Only requests that carry a continue token (the second page onwards). */
  onContinue?: boolean;
  /** How many matching requests it hits; every one when absent. */
  times?: number;
}

export interface ApiServerOptions {
  objects: K8sObject[];
  /** Accepted bearer token. */
  token?: string;
  /** Milliseconds added before every answer. */
  latencyMs?: number;
  /** Kind id (Pod, VulnerabilityReport.aquasecurity.github.io, KubeletConfiguration) or '/version' → faults, in order. */
  faults?: Record<string, Fault[]>;
  /** Optional (CRD) kinds installed; all of them when absent. */
  installed?: string[];
  /** Built-in kind ids this server does not serve at all (an older cluster). */
  unserved?: string[];
  /** Kind id → the version this server serves it at instead of the one kubeproof knows. */
  servedVersions?: Record<string, string>;
  /** Node name → the kubelet configuration /configz returns. */
  kubeletConfigs?: Record<string, Record<string, unknown>>;
  gitVersion?: string;
  /** Called as each request arrives, before it is answered (a test changes the cluster mid-run). */
  onRequest?: (record: RequestRecord) => void;
  /**
   * Holds a request's answer until the promise it returns settles (after the latency, before the
   * answer is made, so faults set meanwhile apply): a test decides the order answers arrive in.
   */
  hold?: (record: RequestRecord) => Promise<void> | undefined;
}

export interface RequestRecord {
  path: string;
  query: Record<string, string>;
  accept: string;
  kind?: string;
  status: number;
  user?: string;
}

export interface KubeconfigOptions {
  token?: string;
  server?: string;
  /** The cluster's proxy-url (an HTTP CONNECT or SOCKS proxy), as kubectl reads it. */
  proxyUrl?: string;
  caFile?: string;
  clientCert?: boolean;
  exec?: { command: string; args: string[] };
  context?: string;
  clusterName?: string;
}

export interface ApiServer {
  url: string;
  port: number;
  token: string;
  caFile: string;
  requests: RequestRecord[];
  faults: Record<string, Fault[]>;
  latencyMs: number;
  /** Writes a kubeconfig for this server and returns its path. */
  kubeconfig(options?: KubeconfigOptions): string;
  /** Bytes of list answers written so far. */
  bytesOut(): number;
  /** Creates objects while the server runs, as kubectl apply would: later lists include them. */
  create(objects: K8sObject[]): void;
  close(): Promise<void>;
}

interface Served {
  info: KindInfo;
  items: K8sObject[];
  /** Items by namespace, and the JSON of each item as a list serves it: the API server's watch cache keeps both. */
  byNamespace?: Map<string, K8sObject[]>;
}

const encoded = new WeakMap<K8sObject, { full: string; metadata: string }>();

const LIST_KIND_OF = (kind: string): string => `${kind}List`;

function status(code: number, reason: string, message: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { kind: 'Status', apiVersion: 'v1', metadata: extra.metadata ?? {}, status: 'Failure', message, reason, code, ...(extra.details ? { details: extra.details } : {}) };
}

function uidOf(key: string): string {
  const h = createHash('sha1').update(key).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

function keyOf(o: K8sObject): string {
  return `${o.metadata.namespace ?? ''}/${o.metadata.name}`;
}

/** `a=b,c!=d,e in (x,y),f notin (z),g,!h` as the API server reads label selectors. */
export function matchLabelSelector(selector: string, labels: Record<string, string> = {}): boolean {
  const parts = selector.match(/[^,(]+(\([^)]*\))?/g) ?? [];
  return parts.every((raw) => {
    const part = raw.trim();
    if (!part) return true;
    let m = /^([^\s!=]+)\s*(==|=|!=)\s*(.*)$/.exec(part);
    if (m) return m[2] === '!=' ? labels[m[1]!] !== m[3] : labels[m[1]!] === m[3];
    m = /^(\S+)\s+(in|notin)\s*\(([^)]*)\)$/.exec(part);
    if (m) {
      const values = m[3]!.split(',').map((v) => v.trim());
      const has = Object.prototype.hasOwnProperty.call(labels, m[1]!);
      return m[2] === 'in' ? has && values.includes(labels[m[1]!]!) : !has || !values.includes(labels[m[1]!]!);
    }
    if (part.startsWith('!')) return !Object.prototype.hasOwnProperty.call(labels, part.slice(1));
    return Object.prototype.hasOwnProperty.call(labels, part);
  });
}

function fieldValue(o: K8sObject, field: string): string | undefined {
  if (field === 'metadata.name') return o.metadata.name;
  if (field === 'metadata.namespace') return o.metadata.namespace ?? '';
  if (field === 'type' && o.kind === 'Secret') return (o.type as string | undefined) ?? 'Opaque';
  if (field === 'spec.nodeName' && o.kind === 'Pod') return ((o.spec as Record<string, unknown>)?.nodeName as string | undefined) ?? '';
  if (field === 'status.phase' && o.kind === 'Pod') return ((o.status as Record<string, unknown>)?.phase as string | undefined) ?? '';
  return undefined;
}

/** Field selectors: `f=v`, `f==v`, `f!=v`, comma-joined; an unsupported field is a 400, as on a real server. */
function parseFieldSelector(selector: string, kind: string): Array<{ field: string; op: '=' | '!='; value: string }> | string {
  const out: Array<{ field: string; op: '=' | '!='; value: string }> = [];
  for (const part of selector.split(',')) {
    if (!part.trim()) continue;
    const m = /^([\w.]+)\s*(==|=|!=)\s*(.*)$/.exec(part.trim());
    if (!m) return `invalid field selector ${JSON.stringify(part)}`;
    const field = m[1]!;
    const supported = field === 'metadata.name' || field === 'metadata.namespace' || (kind === 'Secret' && field === 'type') || (kind === 'Pod' && (field === 'spec.nodeName' || field === 'status.phase'));
    if (!supported) return `field label not supported: ${field}`;
    out.push({ field, op: m[2] === '!=' ? '!=' : '=', value: m[3]! });
  }
  return out;
}

/** Objects from YAML files or folders (kubectl-get-style), unredacted: this is the cluster's own data. */
export function objectsFromYaml(paths: string[], defaultNamespace = 'default'): K8sObject[] {
  const files: string[] = [];
  const walk = (p: string): void => {
    if (statSync(p).isDirectory()) {
      for (const e of readdirSync(p).sort()) if (!e.startsWith('.')) walk(join(p, e));
    } else if (/\.(ya?ml|json)$/.test(p)) files.push(p);
  };
  for (const p of paths) walk(p);
  const out: K8sObject[] = [];
  for (const f of files) {
    for (const { object } of parseManifestText(readFileSync(f, 'utf8'), f)) {
      if (object.metadata.namespace === undefined && isNamespaced(kindIdOf(object.apiVersion, object.kind)) === true) object.metadata.namespace = defaultNamespace;
      out.push(object);
    }
  }
  return out;
}

export async function startApiServer(options: ApiServerOptions): Promise<ApiServer> {
  const tls = tlsMaterial();
  const token = options.token ?? 'kubeproof-test-token';
  const installed = new Set(options.installed ?? KNOWN_KINDS.filter((k) => k.optional).map((k) => k.id));
  const unserved = new Set(options.unserved ?? []);
  const kinds = KNOWN_KINDS.filter((k) => (!k.optional || installed.has(k.id)) && !unserved.has(k.id)).map((k) =>
    options.servedVersions?.[k.id] ? { ...k, version: options.servedVersions[k.id]! } : k,
  );
  const served = new Map<string, Served>(kinds.map((info) => [info.id, { info, items: [] }]));
  let rv = 1000;
  const insert = (raw: K8sObject): Served | undefined => {
    const o = structuredClone(raw);
    const s = served.get(kindIdOf(o.apiVersion, o.kind));
    if (!s) return undefined;
    o.apiVersion = s.info.group ? `${s.info.group}/${s.info.version}` : s.info.version;
    o.metadata.uid ??= uidOf(`${o.apiVersion}/${o.kind}/${keyOf(o)}`);
    o.metadata.resourceVersion ??= String(++rv);
    s.items.push(o);
    return s;
  };
  const index = (s: Served): void => {
    s.items.sort((a, b) => (keyOf(a) < keyOf(b) ? -1 : keyOf(a) > keyOf(b) ? 1 : 0));
    s.byNamespace = new Map();
    for (const o of s.items) {
      const ns = o.metadata.namespace ?? '';
      if (!s.byNamespace.has(ns)) s.byNamespace.set(ns, []);
      s.byNamespace.get(ns)!.push(o);
      if (encoded.has(o)) continue;
      // Built-in lists carry no apiVersion/kind on their items; custom resources do.
      const { apiVersion: _a, kind: _k, ...rest } = o;
      encoded.set(o, {
        full: JSON.stringify(s.info.optional ? o : rest),
        metadata: JSON.stringify({ kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: o.metadata }),
      });
    }
  };
  for (const raw of options.objects) insert(raw);
  for (const s of served.values()) index(s);
  const listRV = String(++rv);
  const faults = options.faults ?? {};
  const requests: RequestRecord[] = [];
  let bytes = 0;

  const byPath = new Map<string, Served>();
  for (const s of served.values()) byPath.set(`${s.info.group}/${s.info.version}/${s.info.resource}`, s);

  const groups = new Map<string, Set<string>>();
  for (const k of kinds) {
    if (!groups.has(k.group)) groups.set(k.group, new Set());
    groups.get(k.group)!.add(k.version);
  }

  const takeFault = (kindKey: string, hasContinue: boolean): Fault | undefined => {
    const list = faults[kindKey];
    if (!list) return undefined;
    for (const f of list) {
      if (f.onContinue && !hasContinue) continue;
      if (f.times !== undefined) {
        if (f.times <= 0) continue;
        f.times--;
      }
      return f;
    }
    return undefined;
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'https://127.0.0.1');
    const path = url.pathname;
    const query = Object.fromEntries(url.searchParams.entries());
    const accept = String(req.headers.accept ?? '*/*');
    const record: RequestRecord = { path: url.pathname, query, accept, status: 0 };
    requests.push(record);
    options.onRequest?.(record);
    const send = (code: number, body: unknown, headers: Record<string, string> = {}, resetAfter?: number): void => {
      record.status = code;
      const text = Buffer.from(typeof body === 'string' ? body : JSON.stringify(body));
      bytes += text.length;
      if (resetAfter !== undefined) {
        res.writeHead(code, { 'Content-Type': 'application/json', ...headers });
        res.write(text.subarray(0, Math.min(resetAfter, text.length - 1)), () => res.socket?.destroy());
        return;
      }
      res.writeHead(code, { 'Content-Type': 'application/json', 'Content-Length': String(text.length), ...headers });
      res.end(text);
    };
    const fail = (code: number, reason: string, message: string, extra: Record<string, unknown> = {}, headers: Record<string, string> = {}): void =>
      send(code, status(code, reason, message, extra), headers);

    if (options.latencyMs) await new Promise((r) => setTimeout(r, options.latencyMs));
    await options.hold?.(record);

    // Authentication: a bearer token, or a client certificate signed by the CA.
    const authz = req.headers.authorization;
    const socket = req.socket as TLSSocket;
    if (authz === `Bearer ${token}`) record.user = 'token-user';
    else if (!authz && socket.authorized) record.user = String(socket.getPeerCertificate().subject?.CN ?? 'cert-user');
    else {
      fail(401, 'Unauthorized', 'Unauthorized');
      return;
    }
    if (req.method !== 'GET') {
      fail(405, 'MethodNotAllowed', `the server does not allow this method on the requested resource`);
      return;
    }

    const applyFault = (key: string, hasContinue: boolean, info?: KindInfo, namespace?: string): boolean | number | 'delay' => {
      const f = takeFault(key, hasContinue);
      if (!f) return false;
      if (f.resetAfterBytes !== undefined) return f.resetAfterBytes;
      if (f.delayMs !== undefined) return 'delay';
      const code = f.status ?? 500;
      const headers: Record<string, string> = f.retryAfter !== undefined ? { 'Retry-After': String(f.retryAfter) } : {};
      const reasons: Record<number, [string, string]> = {
        401: ['Unauthorized', 'Unauthorized'],
        403: [
          'Forbidden',
          info
            ? `${info.resource}${info.group ? `.${info.group}` : ''} is forbidden: User "${record.user}" cannot list resource "${info.resource}" in API group "${info.group}" ${namespace ? `in the namespace "${namespace}"` : 'at the cluster scope'}`
            : `${key} is forbidden: User "${record.user}" cannot get path "${path}"`,
        ],
        404: ['NotFound', 'the server could not find the requested resource'],
        410: ['Expired', 'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter.'],
        429: ['TooManyRequests', 'too many requests, please try again later'],
        500: ['InternalError', 'Internal error occurred: injected fault'],
        503: ['ServiceUnavailable', 'the server is currently unable to handle the request'],
      };
      const [reason, message] = reasons[code] ?? ['Unknown', `injected ${code}`];
      fail(code, reason, message, {}, headers);
      return true;
    };

    if (path === '/version') {
      if (applyFault('/version', false) === true) return;
      const v = options.gitVersion ?? 'v1.31.4';
      const [, major, minor] = /^v(\d+)\.(\d+)/.exec(v) ?? [];
      send(200, { major, minor, gitVersion: v, gitCommit: '0000000', gitTreeState: 'clean', buildDate: '2026-01-01T00:00:00Z', goVersion: 'go1.23', compiler: 'gc', platform: 'linux/amd64' });
      return;
    }
    if (path === '/api') {
      send(200, { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: `127.0.0.1:${port}` }] });
      return;
    }
    if (path === '/apis') {
      const list = [...groups.entries()]
        .filter(([g]) => g !== '')
        .sort((a, b) => (a[0] < b[0] ? -1 : 1))
        .map(([name, versions]) => {
          const vs = [...versions].map((version) => ({ groupVersion: `${name}/${version}`, version }));
          return { name, versions: vs, preferredVersion: vs[0] };
        });
      send(200, { kind: 'APIGroupList', apiVersion: 'v1', groups: list });
      return;
    }
    const discovery = /^\/(?:api\/(v1)|apis\/([^/]+)\/([^/]+))$/.exec(path);
    if (discovery) {
      const group = discovery[2] ?? '';
      const version = discovery[1] ?? discovery[3]!;
      const resources = kinds
        .filter((k) => k.group === group && k.version === version)
        .map((k) => ({ name: k.resource, singularName: k.kind.toLowerCase(), namespaced: k.namespaced, kind: k.kind, verbs: ['get', 'list', 'watch'] }));
      if (resources.length === 0) {
        fail(404, 'NotFound', 'the server could not find the requested resource');
        return;
      }
      if (group === '' && served.has('Node')) resources.push({ name: 'nodes/proxy', singularName: '', namespaced: false, kind: 'NodeProxyOptions', verbs: ['get'] });
      send(200, { kind: 'APIResourceList', apiVersion: 'v1', groupVersion: group ? `${group}/${version}` : version, resources });
      return;
    }
    const configz = /^\/api\/v1\/nodes\/([^/]+)\/proxy\/configz$/.exec(path);
    if (configz) {
      record.kind = 'KubeletConfiguration';
      if (applyFault('KubeletConfiguration', false) === true) return;
      const name = decodeURIComponent(configz[1]!);
      const config = options.kubeletConfigs?.[name];
      if (!config) {
        fail(404, 'NotFound', `nodes "${name}" not found`);
        return;
      }
      send(200, { kubeletconfig: config });
      return;
    }
    // /api/v1[/namespaces/<ns>]/<resource>[/<name>] and /apis/<g>/<v>[/namespaces/<ns>]/<resource>[/<name>]
    const m = /^\/(?:api\/(v1)|apis\/([^/]+)\/([^/]+))(?:\/namespaces\/([^/]+))?\/([^/]+)(?:\/([^/]+))?$/.exec(path);
    let group = m?.[2] ?? '';
    let version = m?.[1] ?? m?.[3];
    let namespace = m?.[4] ? decodeURIComponent(m[4]) : undefined;
    let resource = m?.[5];
    let name = m?.[6] ? decodeURIComponent(m[6]) : undefined;
    // /api/v1/namespaces/<name> is a GET of a Namespace, not a list in it.
    const nsGet = /^\/api\/v1\/namespaces\/([^/]+)$/.exec(path);
    if (nsGet) {
      group = '';
      version = 'v1';
      namespace = undefined;
      resource = 'namespaces';
      name = decodeURIComponent(nsGet[1]!);
    }
    const s = m || nsGet ? byPath.get(`${group}/${version}/${resource}`) : undefined;
    if (!s || (namespace !== undefined && !s.info.namespaced)) {
      fail(404, 'NotFound', 'the server could not find the requested resource');
      return;
    }
    record.kind = s.info.id;
    const hasContinue = Boolean(query.continue);
    const injected = applyFault(s.info.id, hasContinue, s.info, namespace);
    if (injected === true) return;
    if (injected === 'delay') {
      const f = faults[s.info.id]!.find((x) => x.delayMs !== undefined)!;
      await new Promise((r) => setTimeout(r, f.delayMs));
      if (res.destroyed || req.socket.destroyed) return;
    }
    const resetAfter = typeof injected === 'number' ? injected : undefined;

    if (name !== undefined) {
      const found = s.items.find((o) => o.metadata.name === name && (o.metadata.namespace ?? undefined) === namespace);
      if (!found) {
        fail(404, 'NotFound', `${s.info.resource} "${name}" not found`, { details: { name, kind: s.info.resource } });
        return;
      }
      send(200, found, {}, resetAfter);
      return;
    }

    // Content negotiation: PartialObjectMetadataList, or plain JSON; Table is not offered.
    let metadataOnly = false;
    let acceptable = false;
    for (const range of accept.split(',')) {
      const [type, ...params] = range.split(';').map((p) => p.trim());
      const p = Object.fromEntries(params.map((x) => x.split('=') as [string, string]));
      if (type !== 'application/json' && type !== '*/*' && type !== 'application/*') continue;
      if (p.as === 'PartialObjectMetadataList' && p.g === 'meta.k8s.io' && (p.v === 'v1' || p.v === 'v1beta1')) {
        metadataOnly = true;
        acceptable = true;
        break;
      }
      if (p.as === undefined) {
        acceptable = true;
        break;
      }
    }
    if (!acceptable) {
      fail(406, 'NotAcceptable', `only the following media types are accepted: application/json`);
      return;
    }

    let items = namespace === undefined ? s.items : (s.byNamespace!.get(namespace) ?? []);
    if (query.labelSelector) items = items.filter((o) => matchLabelSelector(query.labelSelector!, o.metadata.labels));
    if (query.fieldSelector) {
      const terms = parseFieldSelector(query.fieldSelector, s.info.kind);
      if (typeof terms === 'string') {
        fail(400, 'BadRequest', `Unable to find "${s.info.group}/${s.info.version}, Resource=${s.info.resource}" that match label selector "", field selector "${query.fieldSelector}": ${terms}`);
        return;
      }
      items = items.filter((o) => terms.every((t) => (fieldValue(o, t.field) === t.value) === (t.op === '=')));
    }
    let start = 0;
    if (query.continue) {
      let decoded: { rv?: string; start?: string };
      try {
        decoded = JSON.parse(Buffer.from(query.continue, 'base64url').toString('utf8'));
        if (typeof decoded.start !== 'string') throw new Error('no start');
      } catch {
        fail(400, 'BadRequest', 'continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)');
        return;
      }
      const after = decoded.start;
      let lo = 0;
      let hi = items.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (keyOf(items[mid]!) > after) hi = mid;
        else lo = mid + 1;
      }
      start = lo;
    }
    const limit = query.limit ? Number(query.limit) : 0;
    const end = limit > 0 ? Math.min(items.length, start + limit) : items.length;
    const page = items.slice(start, end);
    const metadata: Record<string, unknown> = { resourceVersion: listRV };
    if (end < items.length) {
      metadata.continue = Buffer.from(JSON.stringify({ v: 'meta.k8s.io/v1', rv: listRV, start: keyOf(page[page.length - 1]!) })).toString('base64url');
      if (!query.labelSelector && !query.fieldSelector) metadata.remainingItemCount = items.length - end;
    }
    const head = metadataOnly
      ? { kind: 'PartialObjectMetadataList', apiVersion: 'meta.k8s.io/v1', metadata }
      : { kind: LIST_KIND_OF(s.info.kind), apiVersion: s.info.group ? `${s.info.group}/${s.info.version}` : s.info.version, metadata };
    const itemsJson = page.map((o) => (metadataOnly ? encoded.get(o)!.metadata : encoded.get(o)!.full)).join(',');
    send(200, `${JSON.stringify(head).slice(0, -1)},"items":[${itemsJson}]}`, {}, resetAfter);
  };

  const server = https.createServer({ key: tls.serverKey, cert: tls.serverCert, ca: [tls.caPem], requestCert: true, rejectUnauthorized: false }, (req, res) => {
    handle(req, res).catch((err) => {
      res.statusCode = 500;
      res.end(JSON.stringify(status(500, 'InternalError', `test server bug: ${(err as Error).message}`)));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const url = `https://127.0.0.1:${port}`;
  const dir = mkdtempSync(join(tmpdir(), 'kp-apiserver-'));
  let configs = 0;

  return {
    url,
    port,
    token,
    caFile: tls.caFile,
    requests,
    faults,
    get latencyMs() {
      return options.latencyMs ?? 0;
    },
    set latencyMs(ms: number) {
      options.latencyMs = ms;
    },
    bytesOut: () => bytes,
    create(objects: K8sObject[]) {
      const touched = new Set<Served>();
      for (const o of objects) {
        const s = insert(o);
        if (s) touched.add(s);
      }
      for (const s of touched) index(s);
    },
    kubeconfig(o: KubeconfigOptions = {}) {
      const user: Record<string, unknown> = {};
      if (o.clientCert) {
        user['client-certificate'] = tls.clientCertFile;
        user['client-key'] = tls.clientKeyFile;
      } else if (o.exec) {
        user.exec = { apiVersion: 'client.authentication.k8s.io/v1', command: o.exec.command, args: o.exec.args, interactiveMode: 'Never' };
      } else {
        user.token = o.token ?? token;
      }
      const context = o.context ?? 'test';
      const clusterName = o.clusterName ?? 'test-cluster';
      const config = {
        apiVersion: 'v1',
        kind: 'Config',
        'current-context': context,
        clusters: [{ name: clusterName, cluster: { server: o.server ?? url, 'certificate-authority': o.caFile ?? tls.caFile, ...(o.proxyUrl ? { 'proxy-url': o.proxyUrl } : {}) } }],
        users: [{ name: 'test-user', user }],
        contexts: [{ name: context, context: { cluster: clusterName, user: 'test-user' } }],
      };
      const file = join(dir, `kubeconfig-${++configs}`);
      writeFileSync(file, JSON.stringify(config, null, 2));
      return file;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

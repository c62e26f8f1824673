import { setMaxListeners } from 'node:events';
import { X509Certificate } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import pLimit, { type LimitFunction } from 'p-limit';
import { ClusterError, InputError, UsageError } from '../errors.js';
import { sealSnapshot } from '../snapshot/io.js';
import type { KindInfo } from '../snapshot/kinds.js';
import { SNAPSHOT_SCHEMA_VERSION, type CoverageEntry, type K8sObject, type Snapshot } from '../snapshot/types.js';
import { KubeHttp, TransportError, displayServer, type HttpAnswer } from './kube-http.js';
import { KUBELET_CONFIG_KIND, collectionPlan, listPath, secretTypeSelectors } from './plan.js';
import { silentLog, type CollectLog } from './progress.js';
import { redactObject } from './redact.js';
import { DEFAULT_RETRY, isRetriableStatus, retryAfterMs, retryDelay, sleep, type RetryPolicy } from './retry.js';
import { collectionTime, type SourceOptions } from './source.js';

export type ClusterOptions = SourceOptions;

export interface ClusterHooks {
  log?: CollectLog;
  retry?: RetryPolicy;
  /** Prefix of /var/run/secrets/kubernetes.io/serviceaccount for --in-cluster (tests). */
  inClusterRoot?: string;
  /** Called with run statistics when collection ends (benchmark). */
  stats?: (s: CollectStats) => void;
}

export interface CollectStats {
  requests: number;
  objects: number;
  ms: number;
}

export const DEFAULTS = { concurrency: 8, pageSize: 500, timeoutMs: 30_000, deadlineMs: 10 * 60_000 } as const;

const JSON_ACCEPT = 'application/json';
const METADATA_ACCEPT = 'application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1,application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1beta1';
/** Lists restarted at most this often after 410 Gone before the kind is an error. */
const MAX_RESTARTS = 3;

/** `30s`, `5m`, `1h`, `250ms`, `1m30s` or plain seconds, as kubectl's --request-timeout takes them. */
export function parseDuration(value: number | string | undefined, flag: string, fallbackMs: number): number {
  if (value === undefined) return fallbackMs;
  if (typeof value === 'number') return value;
  const text = value.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  const re = /(\d+(?:\.\d+)?)(ms|h|m|s)/gy;
  let ms = 0;
  let matched = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    ms += Number(m[1]) * { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[m[2] as 'ms' | 's' | 'm' | 'h'];
    matched = re.lastIndex;
  }
  if (matched !== text.length || text.length === 0 || ms <= 0) {
    throw new UsageError(`${flag} takes a duration such as 30s, 5m or 1h30m, not ${JSON.stringify(value)}`);
  }
  return Math.round(ms);
}

function parseCount(value: number | string | undefined, flag: string, fallback: number, max: number): number {
  if (value === undefined) return fallback;
  const n = typeof value === 'number' ? value : /^\d+$/.test(value.trim()) ? Number(value) : NaN;
  if (!Number.isInteger(n) || n < 1 || n > max) throw new UsageError(`${flag} takes a whole number from 1 to ${max}, not ${JSON.stringify(value)}`);
  return n;
}

interface Target {
  kc: KubeConfig;
  context: string;
  clusterName: string;
  server: string;
}

/** Reads the kubeconfig the way kubectl does, or the pod's ServiceAccount with --in-cluster. */
export function loadTarget(o: ClusterOptions, hooks: ClusterHooks = {}): Target {
  const kc = new KubeConfig();
  if (o.inCluster) {
    if (!process.env.KUBERNETES_SERVICE_HOST || !process.env.KUBERNETES_SERVICE_PORT) {
      throw new ClusterError('--in-cluster: not running in a pod (KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT are not set)');
    }
    const root = hooks.inClusterRoot ?? '';
    const tokenFile = `${root}/var/run/secrets/kubernetes.io/serviceaccount/token`;
    if (!existsSync(tokenFile)) throw new ClusterError(`--in-cluster: no ServiceAccount token at ${tokenFile} (is automountServiceAccountToken off?)`);
    kc.loadFromCluster(root);
    const server = kc.getCurrentCluster()?.server ?? '';
    return { kc, context: 'in-cluster', clusterName: 'in-cluster', server: displayServer(server) };
  }
  const files = o.kubeconfig ? [o.kubeconfig] : process.env.KUBECONFIG ? process.env.KUBECONFIG.split(delimiter).filter(Boolean) : [join(homedir(), '.kube', 'config')];
  const present = files.filter((f) => existsSync(f));
  if (present.length === 0) throw new InputError('cannot read kubeconfig: no such file', { file: files[0] ?? '~/.kube/config' });
  try {
    kc.loadFromFile(present[0]!);
    for (const extra of present.slice(1)) {
      const more = new KubeConfig();
      more.loadFromFile(extra);
      kc.mergeConfig(more);
    }
  } catch (err) {
    throw new InputError(`not a usable kubeconfig: ${String((err as Error).message ?? err).split('\n')[0]}`, { file: present[0]! });
  }
  if (o.context) {
    if (!kc.getContextObject(o.context)) {
      const known = kc.getContexts().map((c) => c.name);
      throw new UsageError(`--context ${o.context}: no such context in the kubeconfig (contexts: ${known.join(', ') || 'none'})`);
    }
    kc.setCurrentContext(o.context);
  }
  const context = kc.getCurrentContext();
  const ctx = context ? kc.getContextObject(context) : null;
  if (!ctx) throw new UsageError('the kubeconfig has no current context: choose one with --context');
  const cluster = kc.getCurrentCluster();
  if (!cluster?.server) throw new InputError(`context ${context} names cluster ${ctx.cluster}, which the kubeconfig does not define with a server`, { file: present[0]! });
  return { kc, context, clusterName: ctx.cluster, server: displayServer(cluster.server) };
}

/** A kind that cannot be read: the coverage table says why, the run goes on. */
class KindGap extends Error {
  constructor(
    readonly status: 'forbidden' | 'absent' | 'error',
    message: string,
  ) {
    super(message);
  }
}

class DeadlineExceeded extends Error {}

/** A request that was queued but, when its turn came, was no longer needed: it was never sent. */
class NotNeeded extends Error {}

/**
 * Scheduling: discovery, and beside it the first pages of the largest core/v1 lists (early: they
 * need no discovery); then the Namespace list (it decides how large kinds are split), then the
 * next pages of lists known to have many pages left, the longest first: a list's pages can only
 * come one after another, so the longest list is the run's critical path and never waits. Then the
 * first pages of every other list (each tells how long its list is) and the pages of lists that
 * cannot tell (field selectors); then the pages of short lists and the per-namespace parts of a
 * split list. A list's next page has priority 1 + the pages it still needs.
 */
const PRIORITY = { discovery: 1e9, early: 1e9 - 1, namespaces: 1e6, firstPage: 4, unknownLength: 5 } as const;

interface StatusBody {
  message?: string;
  reason?: string;
}

const HTTP_REASON: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  406: 'Not Acceptable',
  410: 'Gone',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

/** `403 Forbidden: <the Status message>`, one line, bounded. Never the raw body of a non-Status answer. */
export function statusLine(answer: HttpAnswer): string {
  let status: StatusBody | undefined;
  if (String(answer.headers['content-type'] ?? '').startsWith('application/json')) {
    try {
      const parsed = JSON.parse(answer.body.toString('utf8')) as { kind?: string } & StatusBody;
      if (parsed?.kind === 'Status') status = parsed;
    } catch {
      status = undefined;
    }
  }
  const head = `${answer.status}${HTTP_REASON[answer.status] ? ` ${HTTP_REASON[answer.status]}` : ''}`;
  const message = status?.message && status.message !== HTTP_REASON[answer.status] ? oneLine(status.message) : '';
  return message ? `${head}: ${message}` : head;
}

function oneLine(s: string, max = 300): string {
  const flat = s.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

interface ListPage {
  items: unknown[];
  continue?: string;
  remainingItemCount?: number;
}

interface ListOptions {
  namespace?: string;
  extra?: Record<string, string>;
  accept?: string;
  convert: (item: unknown) => K8sObject;
  first?: ListPage;
  firstPriority?: number;
  /** The priority of the pages after the first; by default, from the pages the list still needs. */
  nextPriority?: number;
  until?: (items: unknown[]) => boolean;
  admit?: () => boolean;
}

interface ResolvedKind {
  info: KindInfo;
  version: string;
}

export class ClusterCollector {
  private readonly http: KubeHttp;
  private readonly limit: LimitFunction;
  private readonly pageSize: number;
  private readonly deadlineMs: number;
  private readonly policy: RetryPolicy;
  private readonly log: CollectLog;
  private readonly abort = new AbortController();
  private deadlineAt = 0;
  private namespaces: Promise<string[] | undefined> = Promise.resolve(undefined);
  private served = new Map<string, ResolvedKind | KindGap>();
  private readonly waiting: Array<{ priority: number; seq: number; run: () => Promise<void> }> = [];
  private seq = 0;
  private readonly concurrency: number;
  /** First pages asked for beside discovery (prefetch), by kind id: taken once by firstPage. */
  private early = new Map<string, Promise<HttpAnswer>>();
  /** Retry lines of the early first pages before the run's start line: held until it. */
  private beforeStart: Array<() => void> | undefined = [];
  /** Requests made per kind id, for the log. */
  private readonly tally = new Map<string, number>();

  constructor(
    private readonly target: Target,
    private readonly o: ClusterOptions,
    hooks: ClusterHooks,
  ) {
    const concurrency = parseCount(o.concurrency, '--concurrency', DEFAULTS.concurrency, 256);
    this.concurrency = concurrency;
    this.pageSize = parseCount(o.pageSize, '--page-size', DEFAULTS.pageSize, 100_000);
    const timeoutMs = parseDuration(o.timeout, '--timeout', DEFAULTS.timeoutMs);
    this.deadlineMs = parseDuration(o.deadline, '--deadline', DEFAULTS.deadlineMs);
    this.policy = hooks.retry ?? DEFAULT_RETRY;
    this.log = hooks.log ?? silentLog;
    this.limit = pLimit(concurrency);
    // Every waiting request and backoff listens for the deadline: far more than the default ten.
    setMaxListeners(0, this.abort.signal);
    try {
      this.http = new KubeHttp(target.kc, { maxSockets: concurrency, timeoutMs });
    } catch (err) {
      throw new ClusterError(`${this.where()}: ${(err as Error).message}`);
    }
  }

  get requests(): number {
    return this.http.requests;
  }

  private where(): string {
    return `cluster ${this.target.clusterName} at ${this.target.server} (context ${this.target.context})`;
  }

  private remaining(): number {
    return this.deadlineAt - Date.now();
  }

  /**
   * One GET through the shared concurrency limit, retried on 429, 5xx, resets and timeouts with
   * backoff (or the server's Retry-After). The slot is given back while waiting. Returns the last
   * answer, whatever its status; throws TransportError when no answer came.
   */
  private async call(
    what: string,
    path: string,
    query: Record<string, string | undefined>,
    accept = JSON_ACCEPT,
    kindId = what,
    priority: number = PRIORITY.discovery,
    admit?: () => boolean,
  ): Promise<HttpAnswer> {
    for (let attempt = 1; ; attempt++) {
      if (this.abort.signal.aborted) throw this.abort.signal.reason;
      let answer: HttpAnswer | undefined;
      let reason: string;
      let after: number | undefined;
      try {
        answer = await this.schedule<HttpAnswer>(priority, () => {
          // Asked when a slot is free, not when the request was queued: by then it may be needless.
          if (attempt === 1 && admit && !admit()) return Promise.reject(new NotNeeded());
          this.tally.set(kindId, (this.tally.get(kindId) ?? 0) + 1);
          return this.http.get(path, query, accept, this.abort.signal);
        });
        if (!isRetriableStatus(answer.status) || attempt >= this.policy.attempts) return answer;
        reason = statusLine(answer);
        after = retryAfterMs(answer.headers['retry-after']);
      } catch (err) {
        if (!(err instanceof TransportError) || !err.retriable || attempt >= this.policy.attempts) throw err;
        reason = err.message;
      }
      const delay = retryDelay(attempt, this.policy, after);
      if (delay >= this.remaining()) {
        if (answer) return answer;
        throw new DeadlineExceeded(`${reason}; no time left to retry before the --deadline`);
      }
      const attemptNext = attempt + 1;
      const line = (): void => this.log.retry(what, reason, delay, attemptNext, this.policy.attempts);
      // An early first page may retry before the start line: its line waits for it (and is not
      // printed at all if the run stops at discovery, whose own lines say why).
      if (priority === PRIORITY.early && this.beforeStart) this.beforeStart.push(line);
      else line();
      await sleep(delay, this.abort.signal);
    }
  }

  /**
   * Runs `fn` when one of the `--concurrency` slots is free, choosing among everything waiting the
   * request with the highest priority (then the oldest). A list's pages can only come one after
   * another, so a page whose list has many pages left goes first: first come, first served would
   * put every next page behind the whole queue and stretch the longest list across the run.
   */
  private schedule<T>(priority: number, fn: () => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.waiting.push({ priority, seq: this.seq++, run: () => fn().then(resolve, reject) });
      void this.limit(() => {
        let best = 0;
        for (let i = 1; i < this.waiting.length; i++) {
          const w = this.waiting[i]!;
          const b = this.waiting[best]!;
          if (w.priority > b.priority || (w.priority === b.priority && w.seq < b.seq)) best = i;
        }
        return this.waiting.splice(best, 1)[0]!.run();
      });
    });
  }

  async collect(): Promise<Snapshot> {
    const started = Date.now();
    this.deadlineAt = started + this.deadlineMs;
    const timer = setTimeout(() => this.abort.abort(new DeadlineExceeded(`not finished within the --deadline of ${this.deadlineMs / 1000}s`)), this.deadlineMs);
    timer.unref();
    try {
      const collectedAt = collectionTime();
      const plan = collectionPlan();
      // /version and the two group lists side by side: one round trip before the lists start. The
      // first pages of the largest core/v1 lists go with them, into the slots discovery leaves free:
      // every API server serves /api/v1, so they need no discovery, and they start the longest lists
      // a round trip sooner. Their answers are read only once /version has answered.
      this.early = this.prefetch(plan);
      const [version, core, apis] = await Promise.all([this.probe(), this.discoveryDoc('/api'), this.discoveryDoc('/apis')]);
      this.log.start({ server: this.target.server, context: this.target.context, kinds: plan.length + (this.o.nodeConfig ? 1 : 0) });
      const held = this.beforeStart ?? [];
      this.beforeStart = undefined;
      for (const line of held) line();
      const served = await this.discover(plan, core, apis);
      this.served = served;

      const objects: K8sObject[] = [];
      const coverage: CoverageEntry[] = [];
      let nodes: Promise<K8sObject[] | undefined> = Promise.resolve(undefined);
      const tasks: Array<Promise<unknown>> = plan.map((info) => {
        const run = this.collectKind(info, served, objects, coverage);
        if (info.id === 'Namespace') this.namespaces = run.then((list) => list?.map((o) => o.metadata.name));
        if (info.id === 'Node') nodes = run;
        return run;
      });
      if (this.o.nodeConfig) tasks.push(nodes.then((list) => this.collectKubeletConfig(list, objects, coverage)));
      await Promise.all(tasks);

      const gaps = coverage.filter((c) => c.status === 'forbidden' || c.status === 'error').length;
      this.log.finish({ objects: objects.length, requests: this.http.requests, ms: Date.now() - started, gaps });
      return sealSnapshot({
        schemaVersion: SNAPSHOT_SCHEMA_VERSION,
        source: { type: 'cluster', detail: [this.target.context] },
        cluster: { name: this.o.clusterName ?? this.target.clusterName, server: this.target.server, version },
        collectedAt,
        coverage,
        objects,
        sources: {},
      });
    } finally {
      clearTimeout(timer);
      // Whatever is still in flight (a failed run's other requests) stops quietly, no retry, no log.
      if (!this.abort.signal.aborted) this.abort.abort(new DeadlineExceeded('the collection stopped'));
      this.http.close();
    }
  }

  /**
   * /version: a cluster that cannot be reached or refuses the credentials is one clear error
   * (exit 3), not forty coverage gaps; no list answer is used before it has answered.
   */
  private async probe(): Promise<string | null> {
    let answer: HttpAnswer;
    try {
      answer = await this.call('/version', '/version', {});
    } catch (err) {
      if (err instanceof TransportError && err.kind === 'credentials') throw new ClusterError(`no credentials for the ${this.where()}: ${err.message}`);
      throw new ClusterError(`cannot reach the ${this.where()}: ${(err as Error).message}`);
    }
    if (answer.status === 401) throw new ClusterError(`the ${this.where()} refused the credentials: ${statusLine(answer)}${certificateHint(this.target.kc)}`);
    if (answer.status === 403) return null; // authenticated; only /version is withheld
    if (answer.status !== 200) throw new ClusterError(`the ${this.where()} answered GET /version with ${statusLine(answer)}`);
    try {
      const v = JSON.parse(answer.body.toString('utf8')) as { gitVersion?: unknown };
      if (typeof v.gitVersion !== 'string') throw new Error('no gitVersion');
      return v.gitVersion;
    } catch {
      throw new ClusterError(`the ${this.where()} does not answer like a Kubernetes API server (GET /version gave no version)`);
    }
  }

  /**
   * Which group/version serves each planned kind. A group the server does not know (a CRD that is
   * not installed) makes its kinds `absent` without a request. When the group does not serve the
   * version kubeproof knows, its other versions' resource lists are read and the first that serves
   * the resource is listed instead. A resource missing from a served version (a built-in too new
   * for this cluster) shows as a 404 on its list, which is `absent` too.
   */
  private async discover(
    plan: readonly KindInfo[],
    core: Record<string, unknown> | undefined,
    apis: Record<string, unknown> | undefined,
  ): Promise<Map<string, ResolvedKind | KindGap>> {
    const out = new Map<string, ResolvedKind | KindGap>();
    if (!core || !apis) {
      // Discovery is withheld: list what kubeproof knows and let each list's answer decide.
      for (const info of plan) out.set(info.id, { info, version: info.version });
      return out;
    }
    const groups = new Map<string, { versions: string[]; preferred?: string }>();
    groups.set('', { versions: (core.versions as string[] | undefined) ?? ['v1'] });
    for (const g of (apis.groups as Array<{ name: string; versions: Array<{ version: string }>; preferredVersion?: { version: string } }> | undefined) ?? []) {
      groups.set(g.name, { versions: g.versions.map((v) => v.version), ...(g.preferredVersion ? { preferred: g.preferredVersion.version } : {}) });
    }
    const resourceLists = new Map<string, Promise<Set<string> | undefined>>();
    const resourcesOf = (group: string, version: string): Promise<Set<string> | undefined> => {
      const key = `${group}/${version}`;
      let p = resourceLists.get(key);
      if (!p) {
        p = this.discoveryDoc(group === '' ? `/api/${version}` : `/apis/${group}/${version}`).then((doc) =>
          doc ? new Set(((doc.resources as Array<{ name: string }> | undefined) ?? []).map((r) => r.name)) : undefined,
        );
        resourceLists.set(key, p);
      }
      return p;
    };
    await Promise.all(
      plan.map(async (info) => {
        const group = groups.get(info.group);
        if (!group) {
          out.set(info.id, new KindGap('absent', info.optional ? `not installed: the cluster does not serve the API group ${info.group}` : `the cluster does not serve the API group ${info.group || 'core'}`));
          return;
        }
        if (group.versions.includes(info.version)) {
          out.set(info.id, { info, version: info.version });
          return;
        }
        const candidates = [group.preferred, ...group.versions].filter((v, i, all): v is string => !!v && group.versions.includes(v) && all.indexOf(v) === i);
        for (const version of candidates) {
          if ((await resourcesOf(info.group, version))?.has(info.resource)) {
            out.set(info.id, { info, version });
            return;
          }
        }
        out.set(info.id, new KindGap('absent', `the cluster does not serve ${info.resource} in any version of ${info.group || 'core'} (${group.versions.join(', ')})${info.optional ? ' (not installed)' : ''}`));
      }),
    );
    return out;
  }

  /** A discovery document, or undefined when it cannot be read (the lists then speak for themselves). */
  private async discoveryDoc(path: string): Promise<Record<string, unknown> | undefined> {
    let answer: HttpAnswer;
    try {
      answer = await this.call(path, path, {});
    } catch (err) {
      if (err instanceof TransportError && err.kind === 'credentials') throw new ClusterError(`no credentials for the ${this.where()}: ${err.message}`);
      if (err instanceof TransportError && !err.retriable) throw new ClusterError(`cannot reach the ${this.where()}: ${err.message}`);
      if (err instanceof DeadlineExceeded) throw err;
      return undefined;
    }
    if (answer.status === 401) throw new ClusterError(`the ${this.where()} refused the credentials: ${statusLine(answer)}${certificateHint(this.target.kc)}`);
    if (answer.status !== 200) return undefined;
    try {
      return JSON.parse(answer.body.toString('utf8')) as Record<string, unknown>;
    } catch {
      return undefined;
    }
  }

  /** Lists one kind into `objects` and records its coverage; never throws for a kind's own failure. */
  private async collectKind(
    info: KindInfo,
    served: Map<string, ResolvedKind | KindGap>,
    objects: K8sObject[],
    coverage: CoverageEntry[],
  ): Promise<K8sObject[] | undefined> {
    const started = Date.now();
    const resolved = served.get(info.id)!;
    let entry: CoverageEntry;
    let list: K8sObject[] | undefined;
    try {
      if (resolved instanceof KindGap) throw resolved;
      list = info.id === 'Secret' ? await this.listSecrets(resolved) : await this.listKind(resolved);
      for (const o of list) objects.push(o);
      entry = { kind: info.id, status: 'collected', count: list.length };
    } catch (err) {
      entry = this.gapEntry(info, err);
      list = undefined;
    }
    coverage.push(entry);
    this.log.kindDone(entry, { requests: this.tally.get(info.id) ?? 0, ms: Date.now() - started });
    return list;
  }

  private gapEntry(info: Pick<KindInfo, 'id' | 'optional'>, err: unknown): CoverageEntry {
    if (err instanceof KindGap) {
      // A CRD that is not installed is an empty set; a built-in that is missing is still a gap.
      return { kind: info.id, status: err.status, count: 0, message: err.message };
    }
    if (err instanceof ClusterError) throw err;
    if (err instanceof TransportError || err instanceof DeadlineExceeded) return { kind: info.id, status: 'error', count: 0, message: err.message };
    if (this.abort.signal.aborted) return { kind: info.id, status: 'error', count: 0, message: (this.abort.signal.reason as Error).message };
    throw err;
  }

  private toGap(what: string, answer: HttpAnswer, r: ResolvedKind): KindGap {
    const { info, version } = r;
    const line = statusLine(answer);
    if (answer.status === 403) return new KindGap('forbidden', line);
    if (answer.status === 404) return new KindGap('absent', `the cluster does not serve ${info.resource} in ${info.group ? `${info.group}/` : ''}${version} (${line})${info.optional ? ' (not installed)' : ''}`);
    if (answer.status === 401) return new KindGap('error', `credentials refused for ${what}: ${line}`);
    if (isRetriableStatus(answer.status)) return new KindGap('error', `${line} (gave up after ${this.policy.attempts} attempts)`);
    return new KindGap('error', line);
  }

  /**
   * Every page of one list, following `continue`. A 410 Gone (the continue token expired) starts
   * the list again; a page that fails in transit is asked for again by `call`. `until` is told of
   * each page's items and ends the list early when it says so; `admit` is asked, when the first
   * request's turn comes, whether the list is still wanted (if not, nothing is sent and the list
   * is empty).
   */
  private async listAll(r: ResolvedKind, o: ListOptions): Promise<K8sObject[]> {
    const { namespace, extra = {}, accept = JSON_ACCEPT, convert, first, firstPriority = PRIORITY.firstPage, nextPriority } = o;
    const path = listPath({ ...r.info, version: r.version }, namespace);
    const what = namespace === undefined ? r.info.id : `${r.info.id} in ${namespace}`;
    for (let restarts = 0; ; restarts++) {
      const out: K8sObject[] = [];
      let page = restarts === 0 ? first : undefined;
      let token: string | undefined;
      if (page) {
        for (const item of page.items) out.push(convert(item));
        token = page.continue;
        if (!token || o.until?.(page.items)) return out;
      }
      let gone = false;
      do {
        const priority = token === undefined ? firstPriority : (nextPriority ?? pagesLeft(page, this.pageSize));
        let answer: HttpAnswer;
        try {
          answer = await this.call(what, path, { limit: String(this.pageSize), continue: token, ...extra }, accept, r.info.id, priority, restarts === 0 && !token ? o.admit : undefined);
        } catch (err) {
          if (err instanceof NotNeeded) return out;
          throw err;
        }
        if (answer.status === 410 && token !== undefined && restarts < MAX_RESTARTS) {
          this.log.restart(what, `${statusLine(answer)} (the continue token expired)`);
          this.log.progress(r.info.id, -out.length);
          gone = true;
          break;
        }
        if (answer.status !== 200) throw this.toGap(what, answer, r);
        page = parsePage(answer, what);
        for (const item of page.items) out.push(convert(item));
        this.log.progress(r.info.id, page.items.length);
        token = page.continue;
        if (token && o.until?.(page.items)) return out;
      } while (token);
      if (!gone) return out;
    }
  }

  /**
   * The first pages of core/v1 lists (not Secrets: they are listed otherwise), in plan order, as
   * many as the concurrency has room for beside the three discovery requests.
   */
  private prefetch(plan: readonly KindInfo[]): Map<string, Promise<HttpAnswer>> {
    const out = new Map<string, Promise<HttpAnswer>>();
    const room = this.concurrency - 3;
    for (const info of plan) {
      if (out.size >= room) break;
      if (info.group !== '' || info.version !== 'v1' || info.id === 'Secret') continue;
      const answer = this.call(info.id, listPath(info), { limit: String(this.pageSize) }, JSON_ACCEPT, info.id, PRIORITY.early);
      // Read later, or never if the run stops at discovery: no unhandled rejection meanwhile.
      answer.catch(() => undefined);
      out.set(info.id, answer);
    }
    return out;
  }

  private async firstPage(r: ResolvedKind, accept: string): Promise<ListPage> {
    const what = r.info.id;
    const priority = r.info.id === 'Namespace' ? PRIORITY.namespaces : PRIORITY.firstPage;
    const early = accept === JSON_ACCEPT && r.version === r.info.version ? this.early.get(r.info.id) : undefined;
    this.early.delete(r.info.id);
    const answer = await (early ?? this.call(what, listPath({ ...r.info, version: r.version }), { limit: String(this.pageSize) }, accept, r.info.id, priority));
    if (answer.status !== 200) throw this.toGap(what, answer, r);
    const page = parsePage(answer, what);
    this.log.progress(r.info.id, page.items.length);
    return page;
  }

  /**
   * A kind is listed cluster-wide. When the first page says many pages remain, and a namespace
   * holds on average half a page or more, the list is also taken from its other end: while the
   * cluster-wide list goes on page after page from the first namespace, the last namespaces are
   * listed one by one side by side as slots free up, and the two meet in between. A namespace's own
   * list is sent only if the cluster-wide list has not passed it by then (the furthest it has ever
   * been: after a 410 it starts again, and must again reach every namespace it passed); the
   * cluster-wide list stops at the first namespace listed on its own, and keeps nothing of one.
   */
  private async listKind(r: ResolvedKind): Promise<K8sObject[]> {
    const convert = objectConverter(r);
    const first = await this.firstPage(r, JSON_ACCEPT);
    if (!first.continue) return first.items.map(convert);
    // The Namespace list decides the splits: all its pages go first, not only the first one.
    if (r.info.id === 'Namespace') return this.listAll(r, { convert, first, nextPriority: PRIORITY.namespaces });
    const pagesLeft = Math.ceil((first.remainingItemCount ?? 0) / this.pageSize);
    const lastNs = namespaceOf(first.items[first.items.length - 1]);
    if (!r.info.namespaced || pagesLeft < 2 || lastNs === undefined) return this.listAll(r, { convert, first });
    // The API server lists in the order of the storage key, `<namespace>/<name>`: namespace
    // `team-a` comes before `team`. Position is compared as that key, never as the bare name.
    let reached = nsKey(lastNs);
    const claimed = new Set<string>();
    let chainEnded = false;
    // The cluster-wide list goes on at once; whether to take namespaces on their own is decided
    // when the Namespace list is in.
    const chain = this.listAll(r, {
      convert,
      first,
      until: (items) => {
        for (const item of items) if (claimed.has(namespaceOf(item) ?? '')) return true;
        const at = items.length ? nsKey(namespaceOf(items[items.length - 1]) ?? '') : reached;
        if (at > reached) reached = at;
        return false;
      },
    }).finally(() => (chainEnded = true));
    chain.catch(() => undefined); // awaited below; not an unhandled rejection meanwhile
    const names = await this.namespaces;
    const later = (names ?? []).filter((n) => nsKey(n) > reached).sort((x, y) => (nsKey(x) < nsKey(y) ? 1 : -1));
    if (!names || chainEnded || later.length === 0 || later.length + 1 > 2 * pagesLeft) return chain;

    // A namespace's share of the list, as a guess at how many pages its own list will take.
    const share = Math.ceil(pagesLeft / (later.length + 1));
    const own = (ns: string, admit?: () => boolean): Promise<K8sObject[]> => this.listAll(r, { namespace: ns, convert, firstPriority: share, admit });
    // Queued last namespace first, so that the namespaces taken are always the last ones.
    const taken = later.map((ns) =>
      own(ns, () => {
        if (chainEnded || nsKey(ns) < reached) return false;
        claimed.add(ns);
        return true;
      }),
    );
    // A namespace created since the Namespace list was read is in no part, and the cluster-wide
    // list may have stopped before it: once that list has ended (no namespace is taken after),
    // the namespaces are read again, beside the last parts, and the new ones listed too.
    const known = new Set(names);
    const created = chain.then(
      async () => (claimed.size ? (await this.namespaceNamesNow()).filter((n) => !known.has(n)) : []),
      () => [] as string[],
    );
    const [fromChain, parts, late] = await Promise.all([chain, Promise.all(taken), created.then((list) => Promise.all(list.map((ns) => own(ns))))]);
    const alone = new Set([...claimed, ...(await created)]);
    const out: K8sObject[] = [];
    for (const o of fromChain) if (!alone.has(o.metadata.namespace ?? '')) out.push(o);
    this.log.progress(r.info.id, out.length - fromChain.length);
    parts.push(...late);
    for (const part of parts) for (const o of part) out.push(o);
    return out;
  }

  /**
   * The namespace names as they are now, as metadata only and without progress lines (the
   * Namespace kind is done); none when they cannot be read again: the split lists stand as they are.
   */
  private async namespaceNamesNow(): Promise<string[]> {
    const r = this.served.get('Namespace');
    if (!r || r instanceof KindGap) return [];
    const what = 'Namespace (read again)';
    const path = listPath({ ...r.info, version: r.version });
    const names: string[] = [];
    let token: string | undefined;
    try {
      do {
        const answer = await this.call(what, path, { limit: String(this.pageSize), continue: token }, METADATA_ACCEPT, what, PRIORITY.firstPage);
        if (answer.status !== 200) return [];
        const page = parsePage(answer, what);
        for (const item of page.items) {
          const name = (item as { metadata?: { name?: unknown } })?.metadata?.name;
          if (typeof name === 'string') names.push(name);
        }
        token = page.continue;
      } while (token);
    } catch (err) {
      if (err instanceof KindGap || err instanceof TransportError || err instanceof DeadlineExceeded) return [];
      throw err;
    }
    return names;
  }

  /**
   * Secrets as metadata only (PartialObjectMetadataList): their data is never asked for, and the
   * last-applied annotation that can repeat it is dropped by the converter, page by page. The
   * type, which metadata does not carry, comes from asking for each known type with a field
   * selector; Secrets of any other type are listed last and keep no type.
   */
  private async listSecrets(r: ResolvedKind): Promise<K8sObject[]> {
    const parts = await Promise.all(
      secretTypeSelectors().map(async ({ type, fieldSelector }) => {
        return this.listAll(r, { extra: { fieldSelector }, accept: METADATA_ACCEPT, convert: (item) => secretFromMetadata(item, type) });
      }),
    );
    const out: K8sObject[] = [];
    const seen = new Set<string>();
    for (const part of parts) {
      for (const o of part) {
        const key = `${o.metadata.namespace}/${o.metadata.name}`;
        if (seen.has(key)) continue; // a Secret recreated with another type between two lists
        seen.add(key);
        out.push(o);
      }
    }
    return out;
  }

  /** The kubelet's own configuration of each node through nodes/proxy (/configz): --node-config. */
  private async collectKubeletConfig(nodes: K8sObject[] | undefined, objects: K8sObject[], coverage: CoverageEntry[]): Promise<void> {
    const started = Date.now();
    const info = { id: KUBELET_CONFIG_KIND };
    let entry: CoverageEntry;
    try {
      if (!nodes) throw new KindGap('error', 'the Node list was not collected, so no node could be asked for its kubelet configuration');
      const failures: string[] = [];
      let forbidden: string | undefined;
      let count = 0;
      await Promise.all(
        nodes.map(async (node) => {
          const name = node.metadata.name;
          const answer = await this.call(`${KUBELET_CONFIG_KIND} of ${name}`, `/api/v1/nodes/${encodeURIComponent(name)}/proxy/configz`, {}, JSON_ACCEPT, KUBELET_CONFIG_KIND, PRIORITY.firstPage);
          if (answer.status === 403) {
            forbidden = statusLine(answer);
            return;
          }
          if (answer.status !== 200) {
            failures.push(`${name}: ${statusLine(answer)}`);
            return;
          }
          let config: Record<string, unknown>;
          try {
            config = (JSON.parse(answer.body.toString('utf8')) as { kubeletconfig?: Record<string, unknown> }).kubeletconfig ?? {};
          } catch {
            failures.push(`${name}: the answer is not JSON`);
            return;
          }
          objects.push(redactObject({ ...config, apiVersion: 'kubelet.config.k8s.io/v1beta1', kind: KUBELET_CONFIG_KIND, metadata: { name } }));
          count++;
        }),
      );
      if (forbidden) throw new KindGap('forbidden', `nodes/proxy: ${forbidden}`);
      if (failures.length) throw new KindGap('error', `${failures.length} of ${nodes.length} nodes did not give their configuration: ${failures.sort().slice(0, 3).join('; ')}`);
      entry = { kind: KUBELET_CONFIG_KIND, status: 'collected', count };
    } catch (err) {
      entry = this.gapEntry(info, err);
    }
    coverage.push(entry);
    this.log.kindDone(entry, { requests: this.tally.get(KUBELET_CONFIG_KIND) ?? 0, ms: Date.now() - started });
  }
}

function parsePage(answer: HttpAnswer, what: string): ListPage {
  let parsed: { items?: unknown; metadata?: { continue?: string; remainingItemCount?: number } };
  try {
    parsed = JSON.parse(answer.body.toString('utf8'));
  } catch {
    // Never the parser's message: it quotes the text, and the text may be anything.
    throw new KindGap('error', `the answer to the list of ${what} is not valid JSON`);
  }
  if (!Array.isArray(parsed?.items)) throw new KindGap('error', `the answer to the list of ${what} has no items`);
  const page: ListPage = { items: parsed.items };
  if (parsed.metadata?.continue) page.continue = parsed.metadata.continue;
  if (typeof parsed.metadata?.remainingItemCount === 'number') page.remainingItemCount = parsed.metadata.remainingItemCount;
  return page;
}

/** Pages still to fetch after this one, at least 1 (a continue token says there is more). */
function pagesLeft(page: ListPage | undefined, pageSize: number): number {
  // A list read with a selector carries no remainingItemCount: it may be the longest of all, so
  // its pages go before those of lists known to be short rather than trailing after the rest.
  if (page?.remainingItemCount === undefined) return PRIORITY.unknownLength;
  return 1 + Math.ceil(page.remainingItemCount / pageSize);
}

/** A namespace's place in a cluster-wide list, whose items come in the order of `<namespace>/<name>`. */
function nsKey(namespace: string): string {
  return `${namespace}/`;
}

function namespaceOf(item: unknown): string | undefined {
  return (item as { metadata?: { namespace?: string } })?.metadata?.namespace;
}

/** List items carry no apiVersion and kind (custom resources do): give them back, then redact. */
function objectConverter(r: ResolvedKind): (item: unknown) => K8sObject {
  const apiVersion = r.info.group === '' ? r.version : `${r.info.group}/${r.version}`;
  return (item) => redactObject(Object.assign({ apiVersion, kind: r.info.kind }, item as object, { apiVersion, kind: r.info.kind }) as K8sObject);
}

/** A Secret rebuilt from its PartialObjectMetadata: metadata and, where known, type. Nothing else exists to copy. */
function secretFromMetadata(item: unknown, type: string | undefined): K8sObject {
  const metadata = (item as { metadata?: K8sObject['metadata'] })?.metadata ?? ({} as K8sObject['metadata']);
  const secret: K8sObject = { apiVersion: 'v1', kind: 'Secret', metadata };
  if (type !== undefined) secret.type = type;
  return redactObject(secret);
}

/**
 * Why a client certificate may have been refused, when the certificate itself can tell: an API
 * server answers an expired one with a plain 401. Certificates are public; the key is not read.
 */
export function certificateHint(kc: KubeConfig, now: Date = new Date()): string {
  const user = kc.getCurrentUser();
  let pem: string | undefined;
  try {
    if (user?.certData) pem = Buffer.from(user.certData, 'base64').toString('utf8');
    else if (user?.certFile) pem = readFileSync(user.certFile, 'utf8');
  } catch {
    return '';
  }
  if (!pem) return '';
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(pem);
  } catch {
    return '';
  }
  const iso = (d: string): string => new Date(d).toISOString().replace('.000Z', 'Z');
  if (new Date(cert.validTo) < now) return ` (the kubeconfig's client certificate expired on ${iso(cert.validTo)})`;
  if (new Date(cert.validFrom) > now) return ` (the kubeconfig's client certificate is not valid before ${iso(cert.validFrom)})`;
  return '';
}

export async function collectCluster(o: ClusterOptions, hooks: ClusterHooks = {}): Promise<Snapshot> {
  const target = loadTarget(o, hooks);
  const collector = new ClusterCollector(target, o, hooks);
  const started = Date.now();
  const snapshot = await collector.collect();
  hooks.stats?.({ requests: collector.requests, objects: snapshot.objects.length, ms: Date.now() - started });
  return snapshot;
}

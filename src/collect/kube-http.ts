import http from 'node:http';
import https from 'node:https';
import { createHash } from 'node:crypto';
import { gunzip } from 'node:zlib';
import { promisify } from 'node:util';
import type { KubeConfig } from '@kubernetes/client-node';
import { HttpProxyAgent, HttpsProxyAgent } from 'hpagent';
import { proxyFromEnvironment } from './proxy-env.js';
import { TOOL_VERSION } from '../paths.js';

const gunzipAsync = promisify(gunzip);
const CREDENTIALS_TTL_MS = 30_000;

/**
 * GET requests to the API server with the credentials client-node derives from the kubeconfig
 * (token, client certificate, exec plugin, token file), over a keep-alive agent shared by every
 * request of the run. Raw HTTPS rather than client-node's generated clients because the collector
 * needs what they do not offer: any group/version/resource, the PartialObjectMetadataList Accept
 * header, a per-request timeout, and the status and headers of failures (Retry-After).
 */

export type TransportCause = 'dns' | 'tls' | 'refused' | 'unreachable' | 'reset' | 'timeout' | 'credentials' | 'other';

/** The request never got an HTTP answer. The message names the cause, never a credential. */
export class TransportError extends Error {
  constructor(
    readonly kind: TransportCause,
    message: string,
  ) {
    super(message);
    this.name = 'TransportError';
  }

  /** Worth asking again: the connection broke or was too slow, the server did not say no. */
  get retriable(): boolean {
    return this.kind === 'reset' || this.kind === 'timeout';
  }
}

export interface HttpAnswer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

export interface KubeHttpOptions {
  /** Sockets kept open to the server: the collection's concurrency. */
  maxSockets: number;
  /** Milliseconds for one request, from sending it to the last byte of the answer. */
  timeoutMs: number;
}

const TLS_CODES = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_SIGNATURE_FAILURE',
  'CERT_REVOKED',
  'CERT_UNTRUSTED',
  'CERT_REJECTED',
  'INVALID_CA',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'EPROTO',
]);

/** Turns a socket-level failure into a cause and a one-line description without secrets. */
export function classifyTransportError(err: unknown, host: string): TransportError {
  if (err instanceof TransportError) return err;
  const e = err as NodeJS.ErrnoException & { reason?: string };
  const code = e?.code ?? '';
  const message = firstLine(e?.message ?? String(err));
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EAI_NONAME') return new TransportError('dns', `DNS lookup of ${host} failed (${code})`);
  if (code === 'ECONNREFUSED') return new TransportError('refused', `connection refused by ${host}`);
  if (TLS_CODES.has(code) || code.startsWith('ERR_TLS') || code.startsWith('ERR_SSL')) {
    return new TransportError('tls', `TLS verification of ${host} failed: ${message} (${code})`);
  }
  if (code === 'ECONNRESET' || code === 'EPIPE' || message === 'aborted' || message === 'socket hang up') {
    return new TransportError('reset', `connection to ${host} was reset (${code || message})`);
  }
  if (code === 'ETIMEDOUT') return new TransportError('timeout', `connection to ${host} timed out`);
  if (code === 'ENETUNREACH' || code === 'EHOSTUNREACH' || code === 'EHOSTDOWN') return new TransportError('unreachable', `${host} is unreachable (${code})`);
  return new TransportError('other', `request to ${host} failed: ${message}${code ? ` (${code})` : ''}`);
}

function firstLine(s: string): string {
  return s.split('\n')[0]!.trim();
}

/** The server URL as the user can be shown it: no user-info, query or fragment. */
export function displayServer(server: string): string {
  try {
    const u = new URL(server);
    u.username = '';
    u.password = '';
    u.search = '';
    u.hash = '';
    return u.toString().replace(/\/$/, '');
  } catch {
    return '(unparseable server URL)';
  }
}

export class KubeHttp {
  readonly server: URL;
  private agent: http.Agent | undefined;
  private agentKey = '';
  /** The credentials the agent was last checked against: the same object for CREDENTIALS_TTL_MS. */
  private agentOpts: https.RequestOptions | undefined;
  private requestCount = 0;
  private applied: { at: number; opts: Promise<https.RequestOptions> } | undefined;

  constructor(
    private readonly kc: KubeConfig,
    private readonly options: KubeHttpOptions,
  ) {
    const cluster = kc.getCurrentCluster();
    if (!cluster?.server) throw new TransportError('other', 'the kubeconfig context names no cluster server');
    this.server = new URL(cluster.server);
  }

  get requests(): number {
    return this.requestCount;
  }

  get host(): string {
    return this.server.host;
  }

  /**
   * Credentials as client-node applies them, reused for a short while: an exec plugin that gives
   * no expiry would otherwise be run once per request. Rotated tokens (projected ServiceAccount
   * tokens, expiring exec credentials) are picked up within CREDENTIALS_TTL_MS.
   */
  private async credentials(): Promise<https.RequestOptions> {
    const now = Date.now();
    if (!this.applied || now - this.applied.at >= CREDENTIALS_TTL_MS) this.applied = { at: now, opts: this.applyCredentials() };
    const pending = this.applied;
    try {
      return await pending.opts;
    } catch (err) {
      if (this.applied === pending) this.applied = undefined;
      throw err;
    }
  }

  private async applyCredentials(): Promise<https.RequestOptions> {
    const opts: https.RequestOptions = { headers: {} };
    try {
      await this.kc.applyToHTTPSOptions(opts);
    } catch (err) {
      // Exec plugins and token files fail here; their messages name commands and files, not secrets.
      throw new TransportError('credentials', `could not obtain credentials from the kubeconfig: ${firstLine((err as Error).message ?? String(err))}`);
    }
    return opts;
  }

  async get(path: string, query: Record<string, string | undefined>, accept: string, signal?: AbortSignal): Promise<HttpAnswer> {
    if (signal?.aborted) throw signal.reason;
    const opts = await this.credentials();
    if (signal?.aborted) throw signal.reason;
    const agent = this.agentFor(opts);
    const search = new URLSearchParams();
    for (const [k, v] of Object.entries(query)) if (v !== undefined) search.set(k, v);
    const qs = search.toString();
    const basePath = this.server.pathname.replace(/\/$/, '');
    const headers: http.OutgoingHttpHeaders = {
      ...(opts.headers as http.OutgoingHttpHeaders),
      Accept: accept,
      'Accept-Encoding': 'gzip',
      'User-Agent': `kubeproof/${TOOL_VERSION}`,
    };
    this.requestCount++;
    const mod = this.server.protocol === 'http:' ? http : https;
    return new Promise<HttpAnswer>((resolve, reject) => {
      let settled = false;
      const fail = (err: unknown): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        reject(signal?.aborted ? signal.reason : classifyTransportError(err, this.host));
      };
      const req = mod.request({
        protocol: this.server.protocol,
        hostname: this.server.hostname.replace(/^\[|\]$/g, ''),
        port: this.server.port || (this.server.protocol === 'http:' ? 80 : 443),
        path: `${basePath}${path}${qs ? `?${qs}` : ''}`,
        method: 'GET',
        headers,
        agent,
        ...(opts.auth ? { auth: opts.auth } : {}),
      });
      const timer = setTimeout(
        () => req.destroy(new TransportError('timeout', `no complete answer from ${this.host} within ${this.options.timeoutMs / 1000}s (--timeout)`)),
        this.options.timeoutMs,
      );
      const onAbort = (): void => {
        req.destroy(signal!.reason);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      req.on('error', fail);
      req.on('response', (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', fail);
        res.on('aborted', () => fail(Object.assign(new Error('aborted'), { code: 'ECONNRESET' })));
        res.on('end', () => {
          if (settled) return;
          if (!res.complete) {
            fail(Object.assign(new Error('aborted'), { code: 'ECONNRESET' }));
            return;
          }
          const body = Buffer.concat(chunks);
          const finish = (b: Buffer): void => {
            if (settled) return;
            settled = true;
            clearTimeout(timer);
            signal?.removeEventListener('abort', onAbort);
            resolve({ status: res.statusCode ?? 0, headers: res.headers, body: b });
          };
          if (res.headers['content-encoding'] === 'gzip') gunzipAsync(body).then(finish, fail);
          else finish(body);
        });
      });
      req.end();
    });
  }

  /**
   * One keep-alive agent for the run, rebuilt only if the TLS identity changes (an exec plugin
   * handing out a new client certificate). A cluster with a `proxy-url` gets the same through the
   * proxy: an HTTP CONNECT tunnel per socket (hpagent, which client-node uses too), kept alive and
   * reused, or a SOCKS proxy through client-node's own agent.
   */
  private agentFor(opts: https.RequestOptions): http.Agent {
    if (this.agent && opts === this.agentOpts) return this.agent;
    this.agentOpts = opts;
    const cluster = this.kc.getCurrentCluster();
    // The kubeconfig's proxy-url, else the environment's, as kubectl does.
    const fromEnv = cluster?.proxyUrl ? undefined : proxyFromEnvironment(this.server);
    if (fromEnv?.startsWith('socks')) {
      // Named without credentials: a proxy URL may carry them.
      throw new TransportError('other', `${this.server.protocol === 'https:' ? 'HTTPS_PROXY' : 'HTTP_PROXY'} names a SOCKS proxy (${proxyWithoutCredentials(fromEnv)}): give it as the cluster's proxy-url in the kubeconfig`);
    }
    const proxy = cluster?.proxyUrl ?? fromEnv;
    const tls = {
      ca: opts.ca,
      cert: opts.cert,
      key: opts.key,
      pfx: opts.pfx,
      passphrase: opts.passphrase,
      servername: opts.servername,
      ...(opts.rejectUnauthorized !== undefined ? { rejectUnauthorized: opts.rejectUnauthorized } : {}),
    };
    const key = createHash('sha256')
      .update(JSON.stringify([String(tls.ca ?? ''), String(tls.cert ?? ''), String(tls.key ?? ''), tls.servername ?? '', tls.rejectUnauthorized ?? '', proxy ?? '']))
      .digest('hex');
    if (!this.agent || key !== this.agentKey) {
      this.agent?.destroy();
      const common = { keepAlive: true, maxSockets: this.options.maxSockets, maxFreeSockets: this.options.maxSockets };
      const plain = this.server.protocol === 'http:';
      if (proxy?.startsWith('socks') && opts.agent) this.agent = opts.agent as http.Agent;
      else if (proxy) this.agent = plain ? new HttpProxyAgent({ ...common, proxy }) : new HttpsProxyAgent({ ...common, ...tls, proxy });
      else this.agent = plain ? new http.Agent(common) : new https.Agent({ ...common, ...tls });
      this.agentKey = key;
    }
    return this.agent;
  }

  close(): void {
    this.agent?.destroy();
    this.agent = undefined;
  }
}

/** scheme://host:port of a proxy URL, never its user or password; the scheme alone if it does not parse. */
function proxyWithoutCredentials(proxy: string): string {
  try {
    const u = new URL(proxy);
    return `${u.protocol}//${u.host}`;
  } catch {
    return `${proxy.split(':')[0]}://…`;
  }
}

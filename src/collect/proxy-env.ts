/**
 * The proxy a cluster without a `proxy-url` is reached through, from the environment, as kubectl
 * (Go's net/http ProxyFromEnvironment, with client-go's CIDRs in NO_PROXY) decides it:
 *
 * - `HTTPS_PROXY` (or `https_proxy`) for an https server, `HTTP_PROXY` (or `http_proxy`) for http;
 *   a value without a scheme is taken as `http://`.
 * - Never for `localhost` or a loopback address.
 * - Not for a host that `NO_PROXY` (or `no_proxy`) names: `*`; an IP, with or without a port; a CIDR
 *   (`10.0.0.0/8`); a domain, which also covers its subdomains (`example.com`, `.example.com` and
 *   `*.example.com` all cover `api.example.com`), with or without a port.
 */
import { BlockList, isIP } from 'node:net';

export function proxyFromEnvironment(server: URL, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const https = server.protocol === 'https:';
  const raw = (https ? (env.HTTPS_PROXY ?? env.https_proxy) : (env.HTTP_PROXY ?? env.http_proxy))?.trim();
  if (!raw) return undefined;
  const host = server.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  const port = server.port || (https ? '443' : '80');
  if (host === 'localhost' || isLoopback(host)) return undefined;
  if (noProxyCovers(env.NO_PROXY ?? env.no_proxy ?? '', host, port)) return undefined;
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(raw) ? raw : `http://${raw}`;
}

function isLoopback(host: string): boolean {
  const family = isIP(host);
  if (family === 4) return host.startsWith('127.');
  if (family === 6) return sameIp('::1', host) || /^::ffff:127\./.test(host);
  return false;
}

export function noProxyCovers(noProxy: string, host: string, port: string): boolean {
  const family = isIP(host);
  for (const rawEntry of noProxy.split(',')) {
    const entry = rawEntry.trim().toLowerCase();
    if (!entry) continue;
    if (entry === '*') return true;
    const cidr = /^(.+)\/(\d{1,3})$/.exec(entry);
    if (cidr) {
      const base = cidr[1]!;
      const bits = Number(cidr[2]);
      const type = isIP(base);
      if (type && family === type && bits <= (type === 4 ? 32 : 128)) {
        const list = new BlockList();
        list.addSubnet(base, bits, type === 4 ? 'ipv4' : 'ipv6');
        if (list.check(host, family === 4 ? 'ipv4' : 'ipv6')) return true;
      }
      continue;
    }
    const [entryHost, entryPort] = splitHostPort(entry);
    if (!entryHost) continue;
    if (isIP(entryHost)) {
      if (family && sameIp(entryHost, host) && (!entryPort || entryPort === port)) return true;
      continue;
    }
    // A domain covers itself and its subdomains; a leading `.` or `*.` changes nothing but itself.
    const domain = entryHost.replace(/^\*?\./, '');
    const bare = !entryHost.startsWith('.') && !entryHost.startsWith('*.');
    if ((host.endsWith(`.${domain}`) || (bare && host === domain)) && (!entryPort || entryPort === port)) return true;
  }
  return false;
}

/** `host:port`, `[v6]:port`, or a bare host (a bare IPv6 address has colons and no port). */
function splitHostPort(entry: string): [string, string | undefined] {
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(entry);
  if (bracketed) return [bracketed[1]!, bracketed[2]];
  if (isIP(entry) === 6) return [entry, undefined];
  const withPort = /^([^:]+):(\d+)$/.exec(entry);
  return withPort ? [withPort[1]!, withPort[2]] : [entry, undefined];
}

function sameIp(a: string, b: string): boolean {
  const family = isIP(a);
  if (!family || family !== isIP(b)) return false;
  const list = new BlockList();
  list.addAddress(a, family === 4 ? 'ipv4' : 'ipv6');
  return list.check(b, family === 4 ? 'ipv4' : 'ipv6');
}

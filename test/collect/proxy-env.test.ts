/**
 * Which proxy the environment gives a cluster without a proxy-url: the rules of Go's
 * ProxyFromEnvironment (kubectl), with client-go's CIDRs in NO_PROXY.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { proxyFromEnvironment } from '../../src/collect/proxy-env.js';

const P = 'http://proxy.corp:3128';

test('HTTPS_PROXY for https servers, HTTP_PROXY for http ones; upper case first; http:// assumed', () => {
  assert.equal(proxyFromEnvironment(new URL('https://api.example.com:6443'), { HTTPS_PROXY: P }), P);
  assert.equal(proxyFromEnvironment(new URL('https://api.example.com:6443'), { https_proxy: P }), P);
  assert.equal(proxyFromEnvironment(new URL('https://api.example.com:6443'), { HTTPS_PROXY: P, https_proxy: 'http://other:1' }), P);
  assert.equal(proxyFromEnvironment(new URL('https://api.example.com:6443'), { HTTP_PROXY: P }), undefined, 'no HTTP_PROXY for https, as in Go');
  assert.equal(proxyFromEnvironment(new URL('http://api.example.com:8080'), { HTTP_PROXY: P }), P);
  assert.equal(proxyFromEnvironment(new URL('https://api.example.com'), { HTTPS_PROXY: 'proxy.corp:3128' }), 'http://proxy.corp:3128');
  assert.equal(proxyFromEnvironment(new URL('https://api.example.com'), { HTTPS_PROXY: '  ' }), undefined);
  assert.equal(proxyFromEnvironment(new URL('https://api.example.com'), {}), undefined);
});

test('never for localhost or a loopback address', () => {
  for (const server of ['https://localhost:6443', 'https://127.0.0.1:6443', 'https://127.3.4.5', 'https://[::1]:6443', 'https://[0:0:0:0:0:0:0:1]:6443']) {
    assert.equal(proxyFromEnvironment(new URL(server), { HTTPS_PROXY: P }), undefined, server);
  }
});

test('NO_PROXY: *, IPs with or without a port, CIDRs, domains and their subdomains, ports', () => {
  const cases: Array<[string, string, boolean]> = [
    // [server, NO_PROXY, proxied]
    ['https://api.example.com', '*', false],
    ['https://10.0.0.1:6443', '10.0.0.1', false],
    ['https://10.0.0.1:6443', '10.0.0.1:6443', false],
    ['https://10.0.0.1:6443', '10.0.0.1:443', true],
    ['https://10.0.0.1:6443', '10.0.0.2', true],
    ['https://10.20.30.40', '10.0.0.0/8', false],
    ['https://11.0.0.1', '10.0.0.0/8', true],
    ['https://[fd00::1]:6443', 'fd00::/8', false],
    ['https://[fd00::1]:6443', '[fd00::1]:6443', false],
    ['https://[fd00::1]:6443', 'fd00:0:0:0:0:0:0:1', false],
    ['https://api.example.com', 'example.com', false],
    ['https://example.com', 'example.com', false],
    ['https://example.com', '.example.com', true],
    ['https://api.example.com', '.example.com', false],
    ['https://api.example.com', '*.example.com', false],
    ['https://example.com', '*.example.com', true],
    ['https://badexample.com', 'example.com', true],
    ['https://api.example.com:6443', 'example.com:6443', false],
    ['https://api.example.com:6443', 'example.com:443', true],
    ['https://api.example.com', 'example.com:443', false],
    ['https://API.Example.COM', ' other.org , EXAMPLE.com ', false],
    ['https://api.example.com', 'other.org,,10.0.0.0/8', true],
    ['https://10.0.0.1', 'example.com', true],
  ];
  for (const [server, noProxy, proxied] of cases) {
    assert.equal(proxyFromEnvironment(new URL(server), { HTTPS_PROXY: P, NO_PROXY: noProxy }), proxied ? P : undefined, `${server} with NO_PROXY=${noProxy}`);
    assert.equal(proxyFromEnvironment(new URL(server), { HTTPS_PROXY: P, no_proxy: noProxy }), proxied ? P : undefined, `${server} with no_proxy=${noProxy}`);
  }
});

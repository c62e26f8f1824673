import { test } from 'node:test';
import assert from 'node:assert/strict';
import { defaultPullPolicy, parseImageId, parseImageReference } from '../../src/inventory/image-reference.js';

const D = 'sha256:227139522b0a0bdd80217d1295bc2ad9df3853f545032e311db4c4b94fb1fa01';

/** written → registry, repository, tag, digest (null: absent). */
const valid: Array<[string, string, string, string | null, string | null]> = [
  ['nginx', 'docker.io', 'library/nginx', null, null],
  ['nginx:latest', 'docker.io', 'library/nginx', 'latest', null],
  ['nginx:1.27', 'docker.io', 'library/nginx', '1.27', null],
  ['docker.io/library/nginx:1.27', 'docker.io', 'library/nginx', '1.27', null],
  ['docker.io/nginx:1.27', 'docker.io', 'library/nginx', '1.27', null],
  ['index.docker.io/library/nginx:1.27', 'docker.io', 'library/nginx', '1.27', null],
  ['bitnami/redis:7.2.4-debian-12-r9', 'docker.io', 'bitnami/redis', '7.2.4-debian-12-r9', null],
  ['library/busybox:1.36', 'docker.io', 'library/busybox', '1.36', null],
  ['localhost:5000/a/b:1', 'localhost:5000', 'a/b', '1', null],
  ['localhost/app', 'localhost', 'app', null, null],
  [`gcr.io/p/i@${D}`, 'gcr.io', 'p/i', null, D],
  [`registry.example.com/payments/checkout@${D}`, 'registry.example.com', 'payments/checkout', null, D],
  [`nginx:1.27@${D}`, 'docker.io', 'library/nginx', '1.27', D],
  [`nginx@${D}`, 'docker.io', 'library/nginx', null, D],
  ['registry.k8s.io/kube-apiserver:v1.31.4', 'registry.k8s.io', 'kube-apiserver', 'v1.31.4', null],
  ['registry.k8s.io/coredns/coredns:v1.11.3', 'registry.k8s.io', 'coredns/coredns', 'v1.11.3', null],
  ['quay.io/prometheus/node-exporter:v1.8.2', 'quay.io', 'prometheus/node-exporter', 'v1.8.2', null],
  ['ghcr.io/fluxcd/source-controller:v1.4.1', 'ghcr.io', 'fluxcd/source-controller', 'v1.4.1', null],
  ['123456789012.dkr.ecr.eu-west-1.amazonaws.com/team/api:2024.10.01', '123456789012.dkr.ecr.eu-west-1.amazonaws.com', 'team/api', '2024.10.01', null],
  ['europe-west1-docker.pkg.dev/my-proj/repo/img:v1', 'europe-west1-docker.pkg.dev', 'my-proj/repo/img', 'v1', null],
  ['myregistry.azurecr.io/samples/hello_world:v2', 'myregistry.azurecr.io', 'samples/hello_world', 'v2', null],
  ['10.0.0.5:5000/tools/debug:1', '10.0.0.5:5000', 'tools/debug', '1', null],
  ['[::1]:5000/app:dev', '[::1]:5000', 'app', 'dev', null],
  ['mcr.microsoft.com/windows/servercore:ltsc2022', 'mcr.microsoft.com', 'windows/servercore', 'ltsc2022', null],
  ['docker.io/calico/node:v3.28.2', 'docker.io', 'calico/node', 'v3.28.2', null],
  ['a__b/c--d.e_f:TAG_1.0-rc', 'docker.io', 'a__b/c--d.e_f', 'TAG_1.0-rc', null],
  ['registry:5000/team/app', 'registry:5000', 'team/app', null, null],
  ['Registry.Example.com/team/app:1', 'Registry.Example.com', 'team/app', '1', null],
];

for (const [written, registry, repository, tag, digest] of valid) {
  test(`image reference: ${written}`, () => {
    const parsed = parseImageReference(written);
    assert.ok(parsed.ok, parsed.ok ? '' : parsed.error);
    assert.deepEqual(
      { registry: parsed.ref.registry, repository: parsed.ref.repository, tag: parsed.ref.tag, digest: parsed.ref.digest },
      { registry, repository, tag, digest },
    );
    assert.equal(parsed.ref.name, `${registry}/${repository}`);
    assert.equal(parsed.ref.canonical, `${registry}/${repository}${tag ? `:${tag}` : ''}${digest ? `@${digest}` : ''}`);
  });
}

/** written → a fragment the message must contain. */
const invalid: Array<[unknown, string]> = [
  ['', 'empty'],
  ['Nginx:1.27', 'must be lower case'],
  ['docker.io/Library/nginx', 'must be lower case'],
  ['registry.example.com/Payments/checkout:1', 'must be lower case'],
  ['nginx:', 'tag after ":" is empty'],
  ['nginx:-bad', 'tag "-bad" is not valid'],
  [`nginx:${'x'.repeat(129)}`, 'is not valid'],
  ['nginx@sha256:abc', 'not algorithm:hex'],
  [`nginx@sha256:${'A'.repeat(64)}`, 'lower-case hex'],
  [`nginx@sha256:${'a'.repeat(63)}0a`, '64 hex digits, not 65'],
  [`nginx@md5:${'a'.repeat(32)}`, 'algorithm "md5" is not supported'],
  [`nginx@${D}@${D}`, 'more than one @'],
  ['https://registry.example.com/app:1', 'no URL scheme'],
  ['nginx 1.27', 'white space'],
  [' nginx', 'leading or trailing white space'],
  ['registry.example.com//app', 'empty path component'],
  ['registry.example.com/app/', 'empty path component'],
  ['a'.repeat(64).replace(/a/g, 'f'), '64-hex-digit image id'],
  ['-nginx', 'reference grammar'],
  ['nginx..x', 'reference grammar'],
  [`registry.example.com/${'a'.repeat(256)}`, 'longer than 255'],
  [null, 'must be a string'],
  [42, 'must be a string'],
];

for (const [written, fragment] of invalid) {
  test(`image reference rejected: ${JSON.stringify(written)?.slice(0, 60)}`, () => {
    const parsed = parseImageReference(written);
    assert.equal(parsed.ok, false);
    assert.ok(!parsed.ok && parsed.error.includes(fragment), `${!parsed.ok ? parsed.error : ''} should contain ${fragment}`);
  });
}

test('image reference: the API server default pull policy', () => {
  const p = (s: string) => defaultPullPolicy((parseImageReference(s) as { ref: any }).ref);
  assert.equal(p('nginx'), 'Always');
  assert.equal(p('nginx:latest'), 'Always');
  assert.equal(p('nginx:1.27'), 'IfNotPresent');
  assert.equal(p(`nginx@${D}`), 'IfNotPresent');
  assert.equal(p(`nginx:latest@${D}`), 'Always');
});

test('image id: repo digests, docker-pullable, and local image ids', () => {
  assert.deepEqual(parseImageId(`docker.io/library/nginx@${D}`), { digest: D, name: 'docker.io/library/nginx', raw: `docker.io/library/nginx@${D}`, kind: 'repo-digest' });
  assert.equal(parseImageId(`docker-pullable://nginx@${D}`)?.digest, D);
  assert.equal(parseImageId(`docker://${D}`)?.kind, 'image-id');
  assert.equal(parseImageId(D)?.kind, 'image-id');
  assert.equal(parseImageId(''), undefined);
  assert.equal(parseImageId('garbage!')?.kind, 'unknown');
});

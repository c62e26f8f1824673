import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { execFileSync } from 'node:child_process';
import { kubeproof, type CliRun } from '../support/cli.js';

/**
 * The rule that cannot break: no secret value leaves kubeproof. Unique random canaries are planted
 * everywhere a credential hides in an estate; every command runs over it, and every byte written
 * or printed is searched for each canary in every encoding a leak could take.
 */
const canary = (label: string) => `kpcanary${label}${randomBytes(9).toString('hex')}`;
const C = {
  secretData: canary('data'),
  secretStringData: canary('stringdata'),
  lastApplied: canary('lastapplied'),
  envLiteral: canary('env'),
  configMap: canary('configmap'),
  configFile: canary('configfile'),
  annotation: canary('annotation'),
  urlPassword: canary('url'),
};

const b64 = (s: string) => Buffer.from(s).toString('base64');

function encodings(value: string): string[] {
  return [value, b64(value), b64(value).replace(/=+$/, ''), encodeURIComponent(value), JSON.stringify(value).slice(1, -1), Buffer.from(value).toString('hex')];
}

const estate = `apiVersion: v1
kind: Namespace
metadata: {name: shop, labels: {compliance.kubeproof.io/scope: pci}}
---
apiVersion: v1
kind: Secret
metadata:
  name: db
  namespace: shop
  annotations:
    kubectl.kubernetes.io/last-applied-configuration: '{"apiVersion":"v1","kind":"Secret","metadata":{"name":"db","namespace":"shop"},"stringData":{"password":"${C.lastApplied}"}}'
type: Opaque
data:
  password: ${b64(C.secretData)}
stringData:
  other: ${C.secretStringData}
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
  namespace: shop
  annotations: {deploy.example.com/api-key: "${C.annotation}"}
spec:
  template:
    spec:
      containers:
      - name: app
        image: registry.example.com/shop/api:1.0
        env:
        - {name: DB_PASSWORD, value: "${C.envLiteral}"}
        - {name: DATABASE_URL, value: "postgres://app:${C.urlPassword}@db:5432/shop"}
        - {name: FROM_SECRET, valueFrom: {secretKeyRef: {name: db, key: password}}}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: cfg, namespace: shop}
data:
  API_TOKEN: "${C.configMap}"
  app.properties: |
    server.port=8080
    spring.datasource.password=${C.configFile}
`;

function filesBelow(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath ?? (e as unknown as { path: string }).path, e.name));
}

function assertNoCanary(where: string, text: string): void {
  for (const [name, value] of Object.entries(C)) {
    for (const form of encodings(value)) {
      assert.ok(!text.includes(form), `${where} leaks the ${name} canary (as ${form === value ? 'plain text' : form})`);
    }
  }
}

test('no canary appears in any file written or any byte printed, by any command', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kp-canary-'));
  writeFileSync(join(dir, 'estate.yaml'), estate);
  writeFileSync(join(dir, 'later.yaml'), estate.replace('image: registry.example.com/shop/api:1.0', 'image: registry.example.com/shop/api:1.1'));
  writeFileSync(join(dir, 'a-file'), 'not a folder');
  const runs: Array<[string, CliRun]> = [];
  const run = (args: string[], env?: NodeJS.ProcessEnv) => {
    const r = kubeproof(args, { cwd: dir, ...(env ? { env } : {}) });
    runs.push([args.join(' '), r]);
    return r;
  };
  assert.equal(run(['keygen', '--out', 'k']).code, 0);
  assert.equal(run(['collect', '--manifests', 'estate.yaml', '--out', 'snap.json']).code, 0);
  assert.equal(run(['evaluate', '--snapshot', 'snap.json', '--out', 'results.json']).code, 0);
  const ALL = 'html,pdf,csv,junit,sarif,md,oscal';
  assert.equal(run(['report', '--results', 'results.json', '--format', ALL, '--out', 'report']).code, 0);
  assert.equal(run(['audit', '--manifests', 'estate.yaml', '--format', ALL, '--out', 'old', '--sign-key', 'k.key', '--archive', '--debug']).code, 0);
  assert.equal(run(['audit', '--manifests', 'later.yaml', '--out', 'new', '--cluster-name', 'estate.yaml']).code, 0);
  assert.equal(run(['audit', '--manifests', 'estate.yaml', '--history', 'hist', '--keep', '3']).code, 0);
  assert.equal(run(['verify', 'old', '--public-key', 'k.pub', '--reevaluate']).code, 0);
  assert.equal(run(['diff', 'old', 'new']).code, 0);
  assert.equal(run(['diff', 'old', 'new', '--format', 'json', '--out', 'diff.json']).code, 0);
  // Error paths, with stack traces on.
  assert.equal(run(['audit', '--manifests', 'estate.yaml', '--out', 'a-file', '--debug']).code, 2);
  assert.equal(run(['audit', '--manifests', 'estate.yaml', '--out', 'x', '--format', 'nope', '--debug']).code, 2);

  // The findings are really there: the canaries were seen, and reported without their values.
  const results = JSON.parse(readFileSync(join(dir, 'old', 'results.json'), 'utf8'));
  const hardcoded = results.controls.find((c: { id: string }) => c.id === 'KP-SEC-002');
  assert.equal(hardcoded.status, 'fail');
  assert.equal(hardcoded.counts.fail, 5, 'env literal, URL password, annotation, ConfigMap value, config file line');

  for (const [what, r] of runs) {
    assertNoCanary(`stdout of kubeproof ${what}`, r.stdout);
    assertNoCanary(`stderr of kubeproof ${what}`, r.stderr);
  }
  const written = filesBelow(dir).filter((f) => !f.endsWith('estate.yaml') && !f.endsWith('later.yaml'));
  assert.ok(written.filter((f) => f.endsWith('.pdf')).length === 2, 'two PDFs were checked');
  assert.ok(written.length >= 20, `expected many outputs, found ${written.length}`);
  for (const f of written) {
    const bytes = f.endsWith('.tar.gz') ? gunzipSync(readFileSync(f)) : readFileSync(f);
    assertNoCanary(f, bytes.toString('latin1'));
    // A PDF compresses its text: read it as a reader would.
    if (f.endsWith('.pdf')) assertNoCanary(`${f} (text)`, execFileSync('pdftotext', ['-layout', f, '-'], { encoding: 'utf8', maxBuffer: 1 << 28 }));
    assert.ok(statSync(f).size >= 0);
  }
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { kubeproof } from '../support/cli.js';

test('--format csv also writes images.csv and secrets.csv: names and usage only, formulas neutralised', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kp-invcsv-'));
  writeFileSync(
    join(dir, 'e.yaml'),
    `apiVersion: v1
kind: Secret
metadata: {name: "=HYPERLINK(\\"http://evil.example\\")", namespace: shop, creationTimestamp: "2026-01-01T00:00:00Z"}
type: Opaque
data: {password: c2VjcmV0LXZhbHVlLTQy}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: api, namespace: shop}
spec:
  template:
    spec:
      containers:
      - name: app
        image: registry.example.com/shop/api:1.4
        env: [{name: P, valueFrom: {secretKeyRef: {name: "=HYPERLINK(\\"http://evil.example\\")", key: password}}}]
`,
  );
  const r = kubeproof(['audit', '--manifests', 'e.yaml', '--format', 'csv', '--out', 'out', '--quiet'], { cwd: dir });
  assert.equal(r.code, 0, r.stderr);
  const secrets = readFileSync(join(dir, 'out', 'secrets.csv'), 'utf8');
  const lines = secrets.replace(/^\ufeff/, '').trim().split('\r\n');
  assert.equal(lines[0], 'namespace,name,type,created,age_days,managed_by,service_account,used,uses');
  assert.match(lines[1]!, /^shop,"'=HYPERLINK\(""http:\/\/evil\.example""\)",Opaque,2026-01-01T00:00:00Z,\d+,,,yes,Deployment api \(env app\)$/);
  assert.ok(!secrets.includes('secret-value-42') && !secrets.includes('c2VjcmV0LXZhbHVlLTQy'));
  const images = readFileSync(join(dir, 'out', 'images.csv'), 'utf8');
  assert.match(images, /registry\.example\.com/);
  const manifest = JSON.parse(readFileSync(join(dir, 'out', 'manifest.json'), 'utf8'));
  assert.ok(manifest.files.some((f: { path: string }) => f.path === 'secrets.csv'), 'the inventories are part of the pack');
});

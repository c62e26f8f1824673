import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { kubeproof } from '../support/cli.js';

/** Content from the cluster that tries to act instead of being read. */
export const HOSTILE = {
  html: '<img src=x onerror=alert(1)>',
  script: '</script><script>alert(1)</script>',
  markdown: '[click](http://evil.example)|**bold**|`code`',
  formula: '=HYPERLINK("http://evil.example","x")',
  ansi: '\u001b[2J\u001b[31mOWNED\u001b[0m',
  rtl: 'safe\u202Egnp.exe',
  zeroWidth: 'kube\u200Bsystem',
};

const estate = `apiVersion: v1
kind: Pod
metadata:
  name: shell
  namespace: web
  annotations:
    note: ${JSON.stringify(Object.values(HOSTILE).join(' '))}
spec:
  containers:
  - name: sh
    image: busybox
    securityContext: {privileged: true}
`;

test('terminal output: escape sequences, bidi overrides and zero-width characters from the cluster are shown inert', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kp-hostile-'));
  writeFileSync(join(dir, 'e.yaml'), estate);
  const r = kubeproof(['audit', '--manifests', 'e.yaml', '--out', 'out', '--cluster-name', `prod${HOSTILE.ansi}${HOSTILE.rtl}${HOSTILE.zeroWidth}`], { cwd: dir });
  assert.equal(r.code, 0, r.stderr);
  assert.ok(!r.stdout.includes('\u001b'), 'no raw escape character reaches the terminal');
  assert.ok(!r.stdout.includes('\u202E') && !r.stdout.includes('\u200B'));
  assert.match(r.stdout, /prod\\u001b\[2J\\u001b\[31mOWNED/);
  const err = kubeproof(['audit', '--manifests', `missing${HOSTILE.ansi}.yaml`, '--out', 'o'], { cwd: dir });
  assert.equal(err.code, 2);
  assert.ok(!err.stderr.includes('\u001b'), 'error messages are inert too');
});

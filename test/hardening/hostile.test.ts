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

test('every report format keeps hostile cluster content inert', async () => {
  const { execFileSync } = await import('node:child_process');
  const { readFileSync } = await import('node:fs');
  const { create } = await import('xmlbuilder2');
  const dir = mkdtempSync(join(tmpdir(), 'kp-hostile-'));
  const name = `x${HOSTILE.html}${HOSTILE.script}${HOSTILE.markdown}`;
  writeFileSync(
    join(dir, 'e.yaml'),
    `apiVersion: v1
kind: Pod
metadata:
  name: ${JSON.stringify(name)}
  namespace: ${JSON.stringify(`web${HOSTILE.zeroWidth}`)}
  labels: {app: ${JSON.stringify(HOSTILE.formula)}}
  annotations: {note: ${JSON.stringify(`${HOSTILE.ansi}${HOSTILE.rtl}`)}}
spec:
  containers:
  - name: ${JSON.stringify(HOSTILE.formula)}
    image: "busybox"
    securityContext: {privileged: true}
`,
  );
  const r = kubeproof(['audit', '--manifests', 'e.yaml', '--format', 'html,pdf,csv,junit,sarif,md,oscal', '--out', 'out', '--quiet'], { cwd: dir });
  assert.equal(r.code, 0, r.stderr);
  const out = (f: string) => readFileSync(join(dir, 'out', f), 'utf8');

  const html = out('report.html');
  assert.ok(!html.includes('<img src=x onerror'), 'HTML: the tag stays text');
  assert.ok(!html.includes('<script>alert(1)'), 'HTML: no script from the cluster');
  assert.ok(html.includes('x&lt;img src&#x3D;x onerror&#x3D;alert(1)&gt;'), 'HTML: shown, escaped');

  const csv = out('findings.csv');
  assert.ok(!/(^|,)"?=HYPERLINK/m.test(csv), 'CSV: no cell starts with a formula');
  assert.ok(csv.includes("'=HYPERLINK"), 'CSV: the formula is kept as text');

  const md = out('summary.md');
  assert.ok(!md.includes('<img'), 'Markdown: no raw HTML');
  assert.ok(!md.includes('[click](http'), 'Markdown: no live link');

  const junit = create(out('junit.xml')).end({ format: 'object' }) as Record<string, unknown>;
  assert.ok(!JSON.stringify(junit).includes('"img"'), 'JUnit: no element injected');
  for (const f of ['results.sarif', 'oscal-assessment-results.json', 'results.json']) JSON.parse(out(f));

  const pdfText = execFileSync('pdftotext', ['-layout', join(dir, 'out', 'report.pdf'), '-'], { encoding: 'utf8', maxBuffer: 1 << 26 });
  assert.ok(!pdfText.includes('\u001b') && !pdfText.includes('\u202e'), 'PDF: no escape or bidi control characters');
  for (const f of ['report.html', 'summary.md', 'findings.csv', 'junit.xml']) {
    assert.ok(!out(f).includes('\u001b'), `${f}: no raw escape character`);
    assert.ok(!out(f).includes('\u202e'), `${f}: no right-to-left override`);
  }
});

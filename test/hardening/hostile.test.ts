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

/** Every character that would hide or reorder text on screen, as the reports must never show it raw. */
const HIDDEN = ['\u202e', '\u202d', '\u2066', '\u2069', '\u200f', '\u200b', '\u2060', '\ufeff', '\u001b'];
const hasHidden = (s: string) => HIDDEN.filter((ch) => s.includes(ch)).map((ch) => `U+${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);

test('bidi overrides, isolates, marks, zero-width and control characters in object names: shown as visible escapes in every format people read, exact in the data of record', async () => {
  const { execFileSync } = await import('node:child_process');
  const { readFileSync } = await import('node:fs');
  const { create } = await import('xmlbuilder2');
  const dir = mkdtempSync(join(tmpdir(), 'kp-hostile-'));
  // "p-safe<RLO>gnp.exe" reads as "p-safeexe.png" wherever the override is honoured.
  const pod = `p-safe\u202egnp.exe\u2066x\u2069\u200by`;
  const container = `c\u200f\u2060\ufeff\u202dz\u001b[31m`;
  writeFileSync(
    join(dir, 'e.yaml'),
    `apiVersion: v1
kind: Pod
metadata:
  name: ${JSON.stringify(pod)}
  namespace: ${JSON.stringify(`web${HOSTILE.zeroWidth}`)}
spec:
  containers:
  - name: ${JSON.stringify(container)}
    image: busybox
    securityContext: {privileged: true}
`,
  );
  const r = kubeproof(['audit', '--manifests', 'e.yaml', '--format', 'html,pdf,csv,junit,sarif,md,oscal', '--out', 'out', '--cluster-name', `prod\u202e1`], { cwd: dir });
  assert.equal(r.code, 0, r.stderr);
  const out = (f: string) => readFileSync(join(dir, 'out', f), 'utf8');
  const shown = 'p-safe\\u202egnp.exe\\u2066x\\u2069\\u200by';

  assert.deepEqual(hasHidden(r.stdout + r.stderr), [], 'terminal');
  assert.match(r.stdout, /prod\\u202e1/);

  const pdfText = execFileSync('pdftotext', ['-layout', join(dir, 'out', 'report.pdf'), '-'], { encoding: 'utf8', maxBuffer: 1 << 26 });
  const formats: Array<[string, string, string]> = [
    ['report.html', out('report.html'), shown],
    ['report.pdf (text)', pdfText, 'p-safe\\u202egnp.'], // table cells wrap the rest
    ['findings.csv', out('findings.csv').replace(/^\ufeff/, ''), shown],
    ['summary.md', out('summary.md'), shown.replace(/\\/g, '\\\\')],
    ['junit.xml', out('junit.xml'), shown],
  ];
  for (const [name, text, expected] of formats) {
    assert.deepEqual(hasHidden(text), [], `${name}: no raw hidden character`);
    assert.ok(text.includes(expected), `${name}: the name is shown with its escapes: ${expected}`);
  }
  const junit = JSON.stringify(create(out('junit.xml')).end({ format: 'object' }));
  assert.deepEqual(hasHidden(junit), [], 'JUnit: not as character references either');

  // SARIF: what code-scanning pages show is escaped; `properties` keeps the exact value for programs.
  const sarif = JSON.parse(out('results.sarif')) as { runs: Array<{ automationDetails: { id: string }; results: Array<{ message: { text: string }; locations: Array<{ logicalLocations: Array<{ name: string; fullyQualifiedName: string }> }>; properties: { object: { name: string }; container?: string } }> }> };
  const results = sarif.runs[0]!.results.filter((x) => x.properties.object.name === pod);
  assert.ok(results.length > 0);
  assert.deepEqual(hasHidden(sarif.runs[0]!.automationDetails.id), []);
  for (const x of results) {
    assert.deepEqual(hasHidden(x.message.text + JSON.stringify(x.locations)), [], 'SARIF message and locations');
    assert.equal(x.locations[0]!.logicalLocations[0]!.name, shown);
  }
  assert.ok(results.some((x) => x.properties.container === container), 'SARIF properties: the exact container name');

  // results.json (and the OSCAL derived from it) is the evidence of record: the exact bytes of the name.
  const data = JSON.parse(out('results.json')) as { controls: Array<{ evidence: Array<{ object: { name: string }; container?: string }> }> };
  assert.ok(data.controls.some((c) => c.evidence.some((e) => e.object.name === pod && e.container === container)));
  assert.ok(out('oscal-assessment-results.json').includes(JSON.stringify(pod).slice(1, -1)));
});

test('very long strings (1 MB ConfigMap values shaped to make credential detectors backtrack, a 200 KB annotation, a 10,000-character container name, a 5,000-character tag): audited in seconds, every format valid, nothing past the page edge', async (t) => {
  const { readFileSync } = await import('node:fs');
  const { create } = await import('xmlbuilder2');
  const dir = mkdtempSync(join(tmpdir(), 'kp-hostile-'));
  const container = 'C'.repeat(10_000);
  writeFileSync(
    join(dir, 'e.yaml'),
    `apiVersion: v1
kind: Pod
metadata:
  name: ${'p'.repeat(3000)}
  namespace: web
  annotations: {note: ${'L'.repeat(200_000)}}
spec:
  containers:
  - name: ${container}
    image: busybox:${'T'.repeat(5000)}
    securityContext: {privileged: true}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: big, namespace: web}
data:
  blob: ${'a'.repeat(1_000_000)}
  tokens: ${'token'.repeat(200_000)}
  jwts: ${('eyJ' + 'a'.repeat(10) + '-').repeat(70_000)}
  conn: postgres://admin:hunter2@db.web:5432/app
`,
  );
  const started = Date.now();
  const r = kubeproof(['audit', '--manifests', 'e.yaml', '--format', 'html,pdf,csv,junit,sarif,md,oscal', '--out', 'out', '--quiet'], { cwd: dir });
  const seconds = (Date.now() - started) / 1000;
  assert.equal(r.code, 0, r.stderr);
  // The credential detectors once backtracked quadratically over long values: this took hours.
  assert.ok(seconds < 30, `took ${seconds}s`);
  const out = (f: string) => readFileSync(join(dir, 'out', f), 'utf8');
  const snapshot = out('snapshot.json');
  assert.ok(snapshot.includes('"conn":"kubeproof:redacted:url-with-password:len=40:'), 'the credential beside the long value was still found');
  assert.equal(snapshot.includes('hunter2'), false);

  const results = JSON.parse(out('results.json')) as { controls: Array<{ evidence: unknown[] }> };
  for (const f of ['results.sarif', 'oscal-assessment-results.json']) JSON.parse(out(f));
  create(out('junit.xml')).end({ format: 'object' });
  const records = results.controls.reduce((n, c) => n + c.evidence.length, 0);
  assert.equal(out('findings.csv').split('\r\n').length - 2, records, 'findings.csv: one line per evidence record, the header, nothing split');
  for (const f of ['report.html', 'findings.csv', 'summary.md', 'junit.xml', 'results.sarif']) {
    assert.ok(out(f).includes(container), `${f}: the long name is kept whole, not cut`);
    assert.ok(!out(f).includes('a'.repeat(1000)) && !out(f).includes('L'.repeat(1000)), `${f}: values no evidence points at stay out of the reports`);
  }

  // PDF: every piece of text is drawn inside the page: long names wrap, they do not run off the edge.
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const doc = await pdfjs.getDocument({ data: new Uint8Array(readFileSync(join(dir, 'out', 'report.pdf'))), isEvalSupported: false, disableFontFace: true, useSystemFonts: false, verbosity: 0 }).promise;
  let drawn = '';
  for (let i = 1; i <= doc.numPages; i++) {
    const page = await doc.getPage(i);
    const width = page.view[2]!;
    for (const item of (await page.getTextContent()).items) {
      if (!('str' in item)) continue;
      drawn += item.str;
      assert.ok(item.transform[4]! >= 0 && item.transform[4]! + item.width <= width + 0.5, `page ${i}: "${item.str.slice(0, 40)}…" runs past the edge`);
    }
  }
  await doc.destroy();
  assert.ok(drawn.includes('C'.repeat(100)), 'the long name is in the PDF, wrapped');

  // HTML in Chromium: the page does not scroll sideways.
  const { CHROMIUM, CHROMIUM_ARGS, requireTool } = await import('../support/tools.js');
  const skip = requireTool(CHROMIUM, 'chromium');
  if (skip) return t.skip(skip);
  const { chromium } = await import('playwright-core');
  const { pathToFileURL } = await import('node:url');
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(pathToFileURL(join(dir, 'out', 'report.html')).href);
    const { scroll, client } = await page.evaluate(() => {
      const root = (globalThis as unknown as { document: { documentElement: { scrollWidth: number; clientWidth: number } } }).document.documentElement;
      return { scroll: root.scrollWidth, client: root.clientWidth };
    });
    assert.ok(scroll <= client, `the page is ${scroll}px wide in a ${client}px window`);
  } finally {
    await browser.close();
  }
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { kubeproof } from '../support/cli.js';
import { requireTool } from '../support/tools.js';
import { XSS_NAME, XSS_SCRIPT } from '../support/report.js';
import { diffRuns } from '../../src/diff/diff.js';
import { renderDiffHtml } from '../../src/diff/html.js';
import { renderDiffPdf } from '../../src/diff/pdf.js';
import { evaluate } from '../../src/evaluate/engine.js';
import { snapshotOf } from '../support/harness.js';
import { testCatalog } from '../support/catalog.js';

let packs: { dir: string; old: string; now: string } | undefined;

/** samples/estate and samples/estate-month-later, audited as the same cluster, once for the file. */
function samplePacks(): { dir: string; old: string; now: string } {
  if (packs) return packs;
  const dir = mkdtempSync(join(tmpdir(), 'kp-diff-render-'));
  for (const [name, epoch] of [['estate', '1795000000'], ['estate-month-later', '1797600000']] as const) {
    const r = kubeproof(['audit', '--cluster-name', 'larkspur-prod', '--waivers', 'samples/waivers.yaml', '--config', 'samples/kubeproof.yaml', '--manifests', `samples/${name}`, '--out', join(dir, name), '--format', 'md', '--quiet', '--fail-on', 'none'], { env: { SOURCE_DATE_EPOCH: epoch } });
    assert.equal(r.code, 0, r.stderr);
  }
  packs = { dir, old: join(dir, 'estate'), now: join(dir, 'estate-month-later') };
  return packs;
}

test('diff --format html: the report look, the new failure on payments/fraud-scorer, the same bytes twice', () => {
  const p = samplePacks();
  const out = join(p.dir, 'diff.html');
  const r = kubeproof(['diff', p.old, p.now, '--format', 'html', '--out', out]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, '');
  const html = readFileSync(out, 'utf8');
  assert.match(html, /<title>Changes between two runs — larkspur-prod<\/title>/);
  assert.match(html, /class="cover"/, 'the report cover');
  assert.match(html, /--navy: #0b2545/, 'the report stylesheet');
  assert.ok(html.includes('script-src &#x27;none&#x27;'), 'no script at all');
  assert.doesNotMatch(html, /<script/);
  const newSection = html.slice(html.indexOf('id="new-failures"'), html.indexOf('id="resolved"'));
  assert.ok(newSection.length > 0);
  const row = newSection.split('<tr').find((t) => t.includes('<strong>fraud-scorer</strong>') && t.includes('KP-PS-001'));
  assert.ok(row, 'KP-PS-001 on Deployment payments/fraud-scorer is a new failure');
  assert.match(row!, /<small>Deployment<\/small> <strong>fraud-scorer<\/strong><br><small>namespace<\/small> payments<br><small>container<\/small> scorer/);
  assert.match(row!, /privileged/);
  assert.match(html, /cis-kubernetes-1\.12<\/td><td class="r">46\.7%<\/td><td class="r">47\.8%<\/td><td class="r"><strong>\+1\.1<\/strong>/);
  for (const id of ['scores', 'resolved', 'persisting', 'requirements', 'waivers', 'objects']) assert.match(html, new RegExp(`id="${id}"`));
  assert.match(html, /RBAC subjects that gained permissions \(\d+\)<\/h3>\s*<ul class="statements">[^]*<li class="mono">ServiceAccount web\/frontend: \* \*\/\*: \*<\/li>/);
  const again = join(p.dir, 'diff2.html');
  assert.equal(kubeproof(['diff', p.old, p.now, '--format', 'html', '--out', again]).code, 0);
  assert.equal(readFileSync(again, 'utf8'), html, 'deterministic');
});

test('diff --format pdf: read back with pdftotext; deterministic bytes', async (t) => {
  const p = samplePacks();
  const out = join(p.dir, 'diff.pdf');
  const r = kubeproof(['diff', p.old, p.now, '--format', 'pdf', '--out', out]);
  assert.equal(r.code, 0, r.stderr);
  const pdf = readFileSync(out);
  assert.equal(pdf.subarray(0, 5).toString(), '%PDF-');
  const again = join(p.dir, 'diff2.pdf');
  assert.equal(kubeproof(['diff', p.old, p.now, '--format', 'pdf', '--out', again]).code, 0);
  assert.ok(readFileSync(again).equals(pdf), 'the same two runs give the same bytes');
  const skip = requireTool('/usr/bin/pdftotext', 'poppler-utils');
  if (skip) return t.skip(skip);
  const text = spawnSync('pdftotext', ['-layout', out, '-'], { encoding: 'utf8' }).stdout;
  assert.match(text, /Changes between two runs/);
  assert.match(text, /larkspur-prod/);
  assert.match(text, /New failures \(\d+\)/);
  assert.match(text, /Deployment fraud-scorer/);
  assert.match(text, /namespace payments · container/);
  assert.match(text, /KP-PS-001/);
  assert.match(text, /cis-kubernetes-1\.12\s+46\.7%\s+47\.8%\s+\+1\.1/);
  assert.match(text, /RBAC subjects that gained permissions \(\d+\)/);
  assert.match(text, /ServiceAccount web\/frontend: \* \*\/\*: \*/);
  assert.match(text, /Requirement status changes/);
  assert.match(text, /Page 2 of \d+/);
});

test('diff --format html and pdf: usage errors', () => {
  const p = samplePacks();
  const r = kubeproof(['diff', p.old, p.now, '--format', 'pdf']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /--format pdf needs --out FILE/);
  const bad = kubeproof(['diff', p.old, p.now, '--format', 'docx', '--out', join(p.dir, 'x')]);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /available: md, json, html, pdf/);
});

test('diff html: names, messages and ids from the cluster stay text', async () => {
  const pod = (priv: boolean) => `---
apiVersion: v1
kind: Pod
metadata: {name: a, namespace: web}
spec:
  containers: [{name: c, image: "busybox:1.36", securityContext: {privileged: ${priv}}}]
`;
  const catalog = testCatalog();
  const s1 = snapshotOf(pod(false));
  const s2 = snapshotOf(pod(true));
  const d = diffRuns({ label: XSS_SCRIPT, results: evaluate(s1, catalog), snapshot: s1 }, { label: 'new', results: evaluate(s2, catalog), snapshot: s2 }, catalog);
  assert.ok(d.findings.new.length > 0);
  d.findings.new[0]!.object.name = XSS_NAME;
  d.findings.new[0]!.message = XSS_SCRIPT;
  d.findings.new[0]!.container = XSS_NAME;
  d.objects.added.push(`Pod web/${XSS_NAME}`);
  d.images.added.push('busybox"><svg onload=alert(3)>');
  d.waivers.appeared.push(XSS_NAME);
  d.notes.push(XSS_SCRIPT);
  d.new.cluster = XSS_NAME;
  const html = renderDiffHtml(d);
  assert.doesNotMatch(html, /<img/);
  assert.doesNotMatch(html, /<script/);
  assert.doesNotMatch(html, /<svg onload/);
  assert.ok(html.includes('&lt;img src&#x3D;x onerror&#x3D;alert(1)&gt;'));
  assert.ok(html.includes('&lt;/script&gt;&lt;script&gt;alert(2)&lt;/script&gt;'));
  const pdf = await renderDiffPdf(d);
  assert.equal(pdf.subarray(0, 5).toString(), '%PDF-');
});

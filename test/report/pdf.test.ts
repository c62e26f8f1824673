import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderPdf } from '../../src/report/pdf/render.js';
import { buildViewModel } from '../../src/report/view-model.js';
import { fixtureResults, resultsWithInventories, resultsWithManyFindings, tmp, XSS_NAME } from '../support/report.js';
import { requireTool } from '../support/tools.js';

interface PdfText {
  pages: string[][];
  outline: Array<{ title: string; items: PdfText['outline'] }>;
  sizes: Array<[number, number]>;
}

async function readPdf(data: Buffer): Promise<PdfText> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const doc = await pdfjs.getDocument({ data: new Uint8Array(data), isEvalSupported: false, disableFontFace: true, useSystemFonts: false, verbosity: 0 }).promise;
  const pages: string[][] = [];
  const sizes: Array<[number, number]> = [];
  for (let i = 1; i <= doc.numPages; i++) {
    const page = await doc.getPage(i);
    const content = await page.getTextContent();
    pages.push(content.items.map((it) => ('str' in it ? it.str : '')).filter((s) => s.trim() !== ''));
    sizes.push([page.view[2]!, page.view[3]!]);
  }
  const outline = ((await doc.getOutline()) ?? []) as unknown as PdfText['outline'];
  await doc.destroy();
  return { pages, outline, sizes };
}

const joined = (items: string[]): string => items.join('');

test('pdf: requirement ids, evidence paths, page numbers, contents and outline', async () => {
  const vm = buildViewModel(await fixtureResults(), { resultsDigest: `sha256:${'0'.repeat(64)}` });
  const pdf = await renderPdf(vm, { paper: 'a4' });
  const { pages, outline, sizes } = await readPdf(pdf);
  const all = pages.map(joined).join('\n');
  const spaced = pages.map((p) => p.join(' ')).join('\n');
  assert.ok(pages.length > 20, `${pages.length} pages`);
  assert.deepEqual(sizes[0], [595.28, 841.89]);

  for (const id of ['5.2.2', '5.2.3', '2.2.1', '164.312(a)(1)', 'KP-PS-001']) assert.ok(all.includes(id), id);
  assert.ok(all.includes('/spec/template/spec/containers/0/securityContext/privileged'), 'evidence pointer');
  assert.ok(all.includes('test/fixtures/report/estate/payments.yaml:18'), 'manifest file and line');
  assert.ok(spaced.includes(XSS_NAME), 'a hostile name is drawn as text');
  assert.ok(all.includes('✓') && all.includes('✗') && all.includes('✎'), 'status marks drawn with the embedded font');
  assert.ok(all.includes('U+65E5U+672CU+8A9E'), 'characters outside the font are named, not garbled');

  // Running footer: page N of M on every page but the cover.
  pages.slice(1).forEach((items, i) => assert.ok(items.includes(`Page ${i + 2} of ${pages.length}`), `footer on page ${i + 2}`));
  assert.ok(!pages[0]!.some((s) => s.startsWith('Page ')), 'no footer on the cover');

  // Contents: each chapter's page number leads to the page where that chapter starts.
  const contents = pages[1]!;
  assert.equal(contents[0], 'Contents');
  for (const title of ['Executive summary', 'Crosswalk: controls to requirements', 'Waiver register', 'Manual attestations']) {
    const at = contents.indexOf(title);
    assert.ok(at > 0, title);
    const page = Number(contents.slice(at + 1).find((s) => /^\d+$/.test(s)));
    assert.ok(pages[page - 1]!.includes(title), `${title} on page ${page}`);
  }

  // Outline: chapters, frameworks under "Requirements by framework", sections, then requirements.
  const titles = outline.map((o) => o.title);
  assert.deepEqual(titles, ['Contents', ...vm.toc.filter((e) => e.level === 1).map((e) => `${e.number} ${e.title.replace(/: coverage.*$/, '')}`)]);
  const byFramework = outline[2]!.items;
  assert.deepEqual(byFramework.map((o) => o.title), ['2.1 CIS Kubernetes Benchmark v1.12', '2.2 HIPAA Security Rule (2013)', '2.3 PCI DSS v4.0.1']);
  const cisRequirements = byFramework[0]!.items.flatMap((s) => s.items.map((r) => r.title));
  assert.equal(cisRequirements.length, 131);
  assert.ok(cisRequirements.includes('5.2.2 Minimize the admission of privileged containers'));
});

test('pdf: two renders are byte-identical; Letter paper', async () => {
  const vm = buildViewModel(await fixtureResults());
  const a = await renderPdf(vm, { paper: 'a4' });
  const b = await renderPdf(buildViewModel(await fixtureResults()), { paper: 'a4' });
  assert.ok(a.equals(b), 'same results, same bytes');
  assert.match(a.subarray(0, 8).toString('latin1'), /^%PDF-1\.7/);
  assert.ok(a.includes(Buffer.from('(D:20261118110640Z)')), 'creation date taken from the run');
  const letter = await renderPdf(vm, { paper: 'letter' });
  const { sizes } = await readPdf(letter);
  assert.deepEqual(sizes[0], [612, 792]);
  assert.ok(!letter.equals(a));
});

test('pdf: a large evidence set is summarised; table headers repeat and rows are whole', async () => {
  const vm = buildViewModel(await resultsWithManyFindings(3000));
  const pdf = await renderPdf(vm, { paper: 'a4', rowsPerControl: 25 });
  const { pages } = await readPdf(pdf);
  const base = await readPdf(await renderPdf(buildViewModel(await fixtureResults()), { paper: 'a4', rowsPerControl: 25 }));
  const all = pages.map((p) => p.join(' ')).join('\n');
  assert.match(all, /Showing the first 25 of 3,003\. By namespace: team-00 429 · team-01 429/);
  assert.match(all, /The complete list is in findings\.csv \(control_id KP-PS-001\)/);
  assert.ok(pages.length <= base.pages.length + 4, `${pages.length} pages against ${base.pages.length}: 3,000 more records are a summary, not a dump`);
  // Every page that shows evidence rows starts that table with its header.
  for (const items of pages) {
    if (!items.some((s) => s.startsWith('Deployment svc-'))) continue;
    assert.ok(items.includes('Object') && items.includes('Field') && items.includes('Observed'), 'header repeated');
  }
});

test('pdf: inventories, when the results have them', async () => {
  const pdf = await renderPdf(buildViewModel(await resultsWithInventories()));
  const { pages, outline } = await readPdf(pdf);
  const all = pages.map(joined).join('\n');
  assert.ok(all.includes('Container images'));
  assert.ok(all.includes('ServiceAccount payments/vault'));
  assert.ok(outline.some((o) => o.title === '4 Inventories'));
});

test('pdf: poppler reads it too (pdfinfo, pdftotext)', async (t) => {
  const skip = requireTool('/usr/bin/pdftotext', 'poppler-utils');
  if (skip) return t.skip(skip);
  const dir = tmp();
  const file = join(dir, 'report.pdf');
  writeFileSync(file, await renderPdf(buildViewModel(await fixtureResults())));
  const info = spawnSync('pdfinfo', [file], { encoding: 'utf8' });
  assert.equal(info.status, 0, info.stderr);
  assert.match(info.stdout, /Pages: +\d+/);
  assert.match(info.stdout, /Title: +Kubernetes compliance audit report — prod-eu-1/);
  const text = spawnSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
  assert.equal(text.status, 0, text.stderr);
  assert.match(text.stdout, /Page 2 of \d+/);
  assert.match(text.stdout, /5\.2\.2 +Minimize the admission of privileged containers/);
});

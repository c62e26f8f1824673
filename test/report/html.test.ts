import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { renderHtml, TEMPLATES_DIR } from '../../src/report/html.js';
import { buildViewModel } from '../../src/report/view-model.js';
import { fixtureResults, resultsWithInventories, tmp, XSS_NAME, XSS_SCRIPT } from '../support/report.js';
import { CHROMIUM, CHROMIUM_ARGS, requireTool } from '../support/tools.js';

async function fixtureModel() {
  return buildViewModel(await resultsWithInventories(), { resultsDigest: `sha256:${'0'.repeat(64)}` });
}

async function renderFixture(): Promise<string> {
  return renderHtml(await fixtureModel());
}

test('html: templates hold no logic and print nothing unescaped but the page’s own CSS and script', () => {
  const files = ['report.html.hbs', ...readdirSync(join(TEMPLATES_DIR, 'partials')).map((f) => join('partials', f))];
  const raw: string[] = [];
  for (const f of files) {
    const text = readFileSync(join(TEMPLATES_DIR, f), 'utf8');
    raw.push(...[...text.matchAll(/\{\{\{\s*([^}]+?)\s*\}\}\}/g)].map((m) => m[1]!));
    // Only the built-in block helpers: loops and conditionals.
    for (const m of text.matchAll(/\{\{#(\w+)/g)) assert.ok(['each', 'if', 'unless'].includes(m[1]!), `${f}: {{#${m[1]}}}`);
  }
  assert.deepEqual(raw.sort(), ['css', 'script']);
});

test('html: self-contained, escaped, with a Content-Security-Policy', async () => {
  const html = await renderFixture();
  const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)?.[1]?.replace(/&#x27;/g, "'").replace(/&#x3D;/g, '=');
  assert.match(csp ?? '', /^default-src 'none'; style-src 'sha256-[A-Za-z0-9+/=]+'; script-src 'sha256-[A-Za-z0-9+/=]+'; img-src 'none'/);
  assert.equal(html.match(/<script/g)?.length, 1, 'one script element: the page’s own');
  assert.ok(!html.includes(XSS_NAME) && !html.includes(XSS_SCRIPT) && !html.includes('<svg onload'), 'hostile values are escaped');
  assert.ok(html.includes('&lt;img src&#x3D;x onerror&#x3D;alert(1)&gt;'));
  assert.ok(!/\b(src|href|action)="(?!#)/.test(html), 'no link or resource outside the page');
  assert.ok(!/@import|url\(/.test(html), 'no external style resources');
  for (const section of ['id="summary"', 'id="crosswalk"', 'id="inventories"', 'id="waivers"', 'id="attestations"', 'id="appendix"']) assert.ok(html.includes(section), section);
  assert.equal(html, await renderFixture(), 'the same results give the same page');
});

test('html in Chromium: filters change what is visible, hostile text stays text, nothing runs', async (t) => {
  const skip = requireTool(CHROMIUM, 'chromium');
  if (skip) return t.skip(skip);
  const { chromium } = await import('playwright-core');
  const dir = tmp();
  const file = join(dir, 'report.html');
  const vm = await fixtureModel();
  writeFileSync(file, renderHtml(vm));
  // What each filter should leave visible, worked out from the view model.
  const reqs = vm.frameworks.flatMap((f) => f.sections.flatMap((s) => s.requirements));
  const failing = reqs.filter((q) => q.status === 'fail');
  const rowText = (e: object): string => Object.values(e).flat().join(' ').toLowerCase();
  const groupsWith = (word: string) => new Set(reqs.flatMap((q) => q.evidence.filter((g) => g.rows.some((e) => rowText(e).includes(word))).map((g) => g.anchor)));
  const cardVault = groupsWith('card-vault');
  const matchesCardVault = reqs.filter((q) => q.evidence.some((g) => cardVault.has(g.anchor)) || q.evidenceElsewhere.some((a) => cardVault.has(a)));
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const dialogs: string[] = [];
    const problems: string[] = [];
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') problems.push(m.text());
    });
    page.on('pageerror', (e) => problems.push(e.message));
    page.on('request', (r) => {
      if (!r.url().startsWith('file:')) problems.push(`network request to ${r.url()}`);
    });
    await page.goto(pathToFileURL(file).href);
    await page.waitForSelector('#filters:not([hidden])');

    const visible = (selector: string) => page.locator(selector).evaluateAll((els) => els.filter((e) => (e as unknown as { offsetParent: unknown }).offsetParent !== null).length);
    const total = await page.locator('article.req').count();
    assert.equal(total, reqs.length);
    assert.equal(await page.locator('#f-count').textContent(), `${total} of ${total} requirements shown`);

    // The hostile object name is on the page as text, and no element was made from it.
    assert.ok(await page.getByText(XSS_NAME, { exact: true }).first().isVisible());
    assert.equal(await page.locator('img, iframe, object, embed').count(), 0);
    assert.equal(await page.locator('script').count(), 1);

    await page.selectOption('#f-framework', 'pci-dss-4.0.1');
    assert.equal(await page.locator('#fw--cis-kubernetes-1-12').isVisible(), false);
    assert.equal(await page.locator('#fw--pci-dss-4-0-1').isVisible(), true);
    const pciTotal = reqs.filter((q) => q.frameworkId === 'pci-dss-4.0.1').length;
    assert.equal(await page.locator('#f-count').textContent(), `${pciTotal} of ${pciTotal} requirements shown`);

    await page.selectOption('#f-status', 'fail');
    const pciFailing = failing.filter((q) => q.frameworkId === 'pci-dss-4.0.1');
    assert.ok(pciFailing.length > 0);
    assert.equal(await visible('article.req'), pciFailing.length, 'the failing PCI requirements');
    assert.deepEqual(await page.locator('article.req:visible .req-id').allTextContents(), pciFailing.map((q) => q.id));

    await page.click('#f-reset');
    await page.selectOption('#f-status', 'fail');
    assert.equal(await visible('article.req'), failing.length, 'every failing requirement of every framework');
    await page.selectOption('#f-severity', 'critical');
    const critical = failing.filter((q) => q.severities.includes('critical'));
    assert.ok(critical.length > 0 && critical.length < failing.length);
    assert.deepEqual(await page.locator('article.req:visible .req-id').allTextContents(), critical.map((q) => q.id));
    await page.click('#f-reset');

    await page.selectOption('#f-namespace', 'payments');
    const rowNamespaces = await page.locator('table.ev tbody tr:visible').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-ns')));
    assert.ok(rowNamespaces.length > 0 && rowNamespaces.every((n) => n === 'payments'), rowNamespaces.join());
    assert.equal(await page.getByText(XSS_NAME, { exact: true }).first().isVisible(), false, 'the web pod is filtered out');
    await page.click('#f-reset');

    await page.fill('#f-search', 'card-vault');
    const found = await page.locator('article.req:visible .req-id').allTextContents();
    assert.ok(matchesCardVault.length > 0);
    assert.deepEqual(found, matchesCardVault.map((q) => q.id), 'requirements whose evidence, here or under an earlier requirement, mentions card-vault');
    assert.equal(await page.locator('table.ev tbody tr:visible').count(), await page.locator('table.ev tbody tr:visible', { hasText: 'card-vault' }).count());

    await page.fill('#f-search', '');
    await page.selectOption('#f-status', 'fail');
    const shots = join(dir, 'report-filtered.png');
    await page.locator('#fw--cis-kubernetes-1-12').screenshot({ path: shots });
    await page.click('#f-reset');
    await page.locator('#top').scrollIntoViewIfNeeded();
    const screenshot = join(dir, 'report.png');
    await page.screenshot({ path: screenshot, fullPage: false });
    t.diagnostic(`screenshots: ${screenshot} ${shots}`);

    assert.deepEqual(dialogs, [], 'no script from the data ran');
    assert.deepEqual(problems, [], 'no console error, CSP violation or network request');
  } finally {
    await browser.close();
  }
});

test('html in Chromium with scripts off: everything is there and readable; print hides the controls', async (t) => {
  const skip = requireTool(CHROMIUM, 'chromium');
  if (skip) return t.skip(skip);
  const { chromium } = await import('playwright-core');
  const dir = tmp();
  const file = join(dir, 'report.html');
  writeFileSync(file, renderHtml(buildViewModel(await fixtureResults())));
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  try {
    const off = await browser.newContext({ javaScriptEnabled: false });
    const page = await off.newPage();
    await page.goto(pathToFileURL(file).href);
    assert.equal(await page.locator('#filters').isVisible(), false, 'the filter bar needs the script');
    const shown = await page.locator('article.req').evaluateAll((els) => els.filter((e) => (e as unknown as { offsetParent: unknown }).offsetParent !== null).length);
    assert.equal(shown, await page.locator('article.req').count());
    assert.ok(await page.getByText(XSS_NAME, { exact: true }).first().isVisible());
    const on = await browser.newPage();
    await on.goto(pathToFileURL(file).href);
    await on.emulateMedia({ media: 'print' });
    assert.equal(await on.locator('#filters').isVisible(), false, 'print hides the filter bar');
    assert.equal(await on.locator('.contents').isVisible(), false);
    const pdf = await on.pdf({ format: 'A4' });
    assert.ok(pdf.length > 10000, 'the page prints');
  } finally {
    await browser.close();
  }
});

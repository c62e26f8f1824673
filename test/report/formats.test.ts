import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { convert } from 'xmlbuilder2';
import { findingsCsvChunks, neutralise } from '../../src/report/csv.js';
import { junitChunks } from '../../src/report/junit.js';
import { md, renderMarkdown } from '../../src/report/markdown.js';
import { oscalChunks, requirementToken } from '../../src/report/oscal.js';
import { artifactUri, sarifChunks } from '../../src/report/sarif.js';
import { buildViewModel } from '../../src/report/view-model.js';
import { PACKAGE_ROOT } from '../../src/paths.js';
import { fixtureResults, resultsWithGap, XSS_NAME, XSS_SCRIPT } from '../support/report.js';

const require = createRequire(import.meta.url);
const text = (chunks: Iterable<string>): string => [...chunks].join('');

function sarifValidator() {
  const Ajv4 = require('ajv-draft-04');
  const addFormats = require('ajv-formats');
  // The published SARIF 2.1.0 schema has a pattern that is not a valid Unicode regular expression.
  const ajv = new Ajv4({ strict: false, allErrors: true, unicodeRegExp: false });
  addFormats(ajv);
  return ajv.compile(JSON.parse(readFileSync(join(PACKAGE_ROOT, 'schemas', 'sarif-2.1.0.json'), 'utf8')));
}

function oscalValidator() {
  const Ajv = require('ajv');
  const addFormats = require('ajv-formats');
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  return ajv.compile(JSON.parse(readFileSync(join(PACKAGE_ROOT, 'schemas', 'oscal-assessment-results-1.1.2.subset.schema.json'), 'utf8')));
}

test('csv: formula injection is neutralised, quoting is RFC 4180, every evidence record is a row', async () => {
  for (const [input, out] of [
    ['=HYPERLINK("x")', `'=HYPERLINK("x")`],
    ['+1', `'+1`],
    ['-1', `'-1`],
    ['@SUM(A1)', `'@SUM(A1)`],
    ['\tx', `'\tx`],
    ['\rx', `'\rx`],
    ['a=b', 'a=b'],
  ]) assert.equal(neutralise(input!), out);
  const r = await fixtureResults();
  const csv = text(findingsCsvChunks(r));
  assert.ok(csv.startsWith('\ufeffcontrol_id,control_title,'), 'a BOM, then the header');
  const lines = csv.slice(1).split('\r\n').filter(Boolean);
  assert.equal(lines.length, 1 + r.controls.reduce((a, c) => a + c.evidence.length, 0));
  assert.ok(csv.includes(`,"'=HYPERLINK(""http://evil.example"")",`), 'formula cell neutralised and quoted');
  assert.ok(!/(^|,)"?=HYPERLINK/m.test(csv), 'no cell starts with =');
  assert.ok(csv.includes(XSS_NAME), 'values are kept as they are otherwise');
  assert.ok(csv.includes('日本語-ログ収集'));
});

test('junit: one test case per control and object, failures and waivers, escaped', async () => {
  const r = await fixtureResults();
  const xml = text(junitChunks(r));
  const doc = convert(xml, { format: 'object' }) as unknown as { testsuites: { '@tests': string; '@failures': string; testsuite: Array<{ '@name': string; testcase: unknown }> } };
  assert.equal(doc.testsuites.testsuite.length, r.controls.length);
  const objects = r.controls.reduce((a, c) => a + new Set(c.evidence.map((e) => `${e.object.kind}/${e.object.namespace}/${e.object.name}`)).size, 0);
  const withoutEvidence = r.controls.filter((c) => c.evidence.length === 0).length;
  assert.equal(Number(doc.testsuites['@tests']), objects + withoutEvidence, 'a case per control and object, and one for a control with no evidence');
  const failingObjects = r.controls.reduce((a, c) => a + new Set(c.evidence.filter((e) => e.outcome === 'fail').map((e) => `${e.object.kind}/${e.object.namespace}/${e.object.name}`)).size, 0);
  assert.equal(Number(doc.testsuites['@failures']), failingObjects);
  assert.ok(xml.includes('name="Pod web/&lt;img src=x onerror=alert(1)&gt;"'));
  assert.ok(!xml.includes(XSS_SCRIPT));
  assert.match(xml, /<skipped message="waived by W-001 until 2027-03-31: /);
  assert.match(xml, /waiver W-002 expired on 2026-01-31/);
});

test('sarif: valid against the published SARIF 2.1.0 schema, with file and line for manifests', async () => {
  const validate = sarifValidator();
  const r = await fixtureResults();
  const log = JSON.parse(text(sarifChunks(r)));
  assert.equal(validate(log), true, JSON.stringify(validate.errors?.slice(0, 3)));
  const run = log.runs[0];
  assert.deepEqual(run.tool.driver.rules.map((x: { id: string }) => x.id), r.controls.map((c) => c.id));
  const failing = r.controls.reduce((a, c) => a + c.counts.fail + c.counts.waived, 0);
  assert.equal(run.results.length, failing);
  const privileged = run.results.find((x: { ruleId: string; locations: Array<{ logicalLocations: Array<{ fullyQualifiedName: string }> }> }) => x.ruleId === 'KP-PS-001' && x.locations[0]!.logicalLocations[0]!.fullyQualifiedName === 'payments/Deployment/card-vault/vault');
  assert.deepEqual(privileged.locations[0].physicalLocation, { artifactLocation: { uri: 'test/fixtures/report/estate/payments.yaml', uriBaseId: '%SRCROOT%' }, region: { startLine: 18 } });
  assert.equal(run.results.filter((x: { suppressions?: unknown }) => x.suppressions).length, 1, 'the active waiver suppresses its finding');
  assert.equal(artifactUri('<stdin>'), undefined);
  assert.deepEqual(artifactUri('/abs/dir with space/日本.yaml'), { uri: 'file:///abs/dir%20with%20space/%E6%97%A5%E6%9C%AC.yaml' });
  // The validator does reject what is not SARIF.
  log.runs[0].results[0].level = 'severe';
  assert.equal(validate(log), false);
});

test('oscal: valid against the shipped assessment-results schema; frameworks as reviewed controls, evidence as subjects', async () => {
  const validate = oscalValidator();
  for (const r of [await fixtureResults(), await resultsWithGap()]) {
    const doc = JSON.parse(text(oscalChunks(r, `sha256:${'a'.repeat(64)}`)));
    assert.equal(validate(doc), true, JSON.stringify(validate.errors?.slice(0, 3)));
    const result = doc['assessment-results'].results[0];
    assert.equal(result['reviewed-controls']['control-selections'].length, r.frameworks.length);
    const obs = result.observations.find((o: { title: string }) => o.title.startsWith('KP-PS-001'));
    assert.ok(obs.subjects.some((s: { title: string }) => s.title === `Pod web/${XSS_NAME}`));
    const finding = result.findings.find((f: { target: { 'target-id': string } }) => f.target['target-id'] === 'cis-kubernetes-1.12_5.2.2');
    assert.equal(finding.target.status.state, 'not-satisfied');
    assert.equal(finding['related-observations'][0]['observation-uuid'], obs.uuid);
  }
  assert.equal(requirementToken('hipaa-security-rule', '164.312(a)(1)'), 'hipaa-security-rule_164.312-a-1');
  const broken = JSON.parse(text(oscalChunks(await fixtureResults())));
  broken['assessment-results'].results[0].findings[0].target.status.state = 'maybe';
  assert.equal(validate(broken), false, 'the validator rejects what OSCAL does not allow');
});

test('markdown: short, and cluster text cannot break the table or inject HTML', async () => {
  assert.equal(md('a | b `c` <b>x</b> *y* [l](http://e.x)'), 'a \\| b \\`c\\` &lt;b&gt;x&lt;/b&gt; \\*y\\* \\[l\\](http\\://e.x)');
  assert.equal(md('# heading\nnext'), '\\# heading next');
  const r = await resultsWithGap();
  const out = renderMarkdown(buildViewModel(r), r);
  assert.ok(out.length < 20000);
  assert.ok(!out.includes(XSS_NAME) && !out.includes('<script>'));
  assert.equal(md('container | md | `tick`'), 'container \\| md \\| \\`tick\\`');
  // Every row of a table has as many unescaped pipes as its header: 10 for frameworks, 5 for controls.
  for (const line of out.split('\n').filter((l) => l.startsWith('| '))) {
    const pipes = (line.match(/(?<!\\)\|/g) ?? []).length;
    assert.ok(pipes === 10 || pipes === 5, line);
  }
  assert.match(out, /### Coverage gaps\n\n- RoleBindings could not be read/);
  assert.match(out, /### Expired waivers/);
});

test('every format: the same results give the same bytes', async () => {
  const a = await fixtureResults();
  const b = await fixtureResults();
  assert.equal(text(findingsCsvChunks(a)), text(findingsCsvChunks(b)));
  assert.equal(text(junitChunks(a)), text(junitChunks(b)));
  assert.equal(text(sarifChunks(a)), text(sarifChunks(b)));
  assert.equal(text(oscalChunks(a)), text(oscalChunks(b)));
  assert.equal(renderMarkdown(buildViewModel(a), a), renderMarkdown(buildViewModel(b), b));
});

import { createCB } from 'xmlbuilder2';
import type { ControlResult, EvidenceRecord, Results } from '../evaluate/types.js';
import { showInvisible } from '../util/inert.js';
import { valueText } from './format.js';
import { objectLabel } from './view-model.js';

interface Case {
  name: string;
  failures: EvidenceRecord[];
  waived: EvidenceRecord[];
  passes: number;
}

/** One test case per control and object: an object with several failing fields fails once, listing them all. */
function casesOf(c: ControlResult): Case[] {
  const cases = new Map<string, Case>();
  for (const e of c.evidence) {
    const key = `${e.object.apiVersion}\u0000${e.object.kind}\u0000${e.object.namespace ?? ''}\u0000${e.object.name}`;
    let tc = cases.get(key);
    if (!tc) cases.set(key, (tc = { name: showInvisible(objectLabel(e.object)), failures: [], waived: [], passes: 0 }));
    if (e.outcome === 'fail') tc.failures.push(e);
    else if (e.outcome === 'waived') tc.waived.push(e);
    else tc.passes++;
  }
  return [...cases.values()];
}

function line(e: EvidenceRecord): string {
  const where = e.source ? ` (${e.source.file}:${e.source.line}${e.source.template ? `, ${e.source.template}` : ''})` : '';
  return showInvisible(`${e.container ? `container ${e.container}: ` : ''}${e.pointer}: observed ${valueText(e.observed)}, expected ${e.expected} — ${e.message}${where}`);
}

/**
 * junit.xml for CI: a test suite per control, a test case per object it judged. Failing evidence
 * is a failure, waived evidence a skipped case naming the waiver, a control that could not be
 * assessed a skipped case with the reason. Written through xmlbuilder2's streaming builder, which
 * escapes every value; what CI pages show from the cluster has its control, bidirectional and
 * zero-width characters shown as escapes, as in every report.
 */
export function* junitChunks(results: Results): Generator<string> {
  const chunks: string[] = [];
  const xml = createCB({ data: (text: string) => void chunks.push(text), prettyPrint: true, invalidCharReplacement: '\ufffd' });
  const suites = results.controls.map((c) => ({ control: c, cases: casesOf(c) }));
  let tests = 0;
  let failures = 0;
  let skipped = 0;
  for (const s of suites) {
    const n = Math.max(1, s.cases.length);
    tests += n;
    failures += s.cases.filter((tc) => tc.failures.length).length;
    skipped += s.cases.length === 0 ? 1 : s.cases.filter((tc) => !tc.failures.length && tc.waived.length).length;
  }
  const time = results.run.snapshot.collectedAt.replace(/\.\d+Z$/, '').replace(/Z$/, '');
  xml.dec({ version: '1.0', encoding: 'UTF-8' });
  xml.ele('testsuites', { name: `kubeproof ${showInvisible(results.run.cluster.name)}`, tests, failures, errors: 0, skipped, time: '0' });
  const flush = function* (): Generator<string> {
    if (chunks.length) {
      yield chunks.join('');
      chunks.length = 0;
    }
  };
  for (const { control: c, cases } of suites) {
    const caseFailures = cases.filter((tc) => tc.failures.length).length;
    const caseSkipped = cases.length === 0 ? 1 : cases.filter((tc) => !tc.failures.length && tc.waived.length).length;
    xml.ele('testsuite', {
      name: `${c.id} ${c.title}`,
      tests: Math.max(1, cases.length),
      failures: caseFailures,
      errors: 0,
      skipped: caseSkipped,
      time: '0',
      timestamp: time,
    });
    xml.ele('properties');
    xml.ele('property', { name: 'severity', value: c.severity }).up();
    xml.ele('property', { name: 'status', value: c.status }).up();
    for (const f of results.run.frameworks) {
      const reqs = c.frameworks[f];
      if (reqs?.length) xml.ele('property', { name: f, value: reqs.join(' ') }).up();
    }
    xml.up();
    if (cases.length === 0) {
      xml.ele('testcase', { classname: `kubeproof.${c.id}`, name: `${c.id} (${c.status})`, time: '0' });
      xml.ele('skipped', { message: showInvisible(c.reason ?? c.status) }).up();
      xml.up();
    }
    for (const tc of cases) {
      xml.ele('testcase', { classname: `kubeproof.${c.id}`, name: tc.name, time: '0' });
      if (tc.failures.length) {
        xml.ele('failure', { message: showInvisible(tc.failures[0]!.message), type: c.severity }).txt(tc.failures.map(line).join('\n')).up();
      } else if (tc.waived.length) {
        const w = tc.waived[0]!.waiver;
        xml.ele('skipped', { message: showInvisible(`waived${w ? ` by ${w.id} until ${w.expires}` : ''}: ${tc.waived[0]!.message}`) }).up();
      }
      xml.up();
      yield* flush();
    }
    xml.up();
    yield* flush();
  }
  xml.up();
  xml.end();
  yield* flush();
  yield '\n';
}

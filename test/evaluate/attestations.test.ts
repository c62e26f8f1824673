import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { evaluate } from '../../src/evaluate/engine.js';
import { loadAttestations } from '../../src/evaluate/attestations.js';
import { InputError } from '../../src/errors.js';
import { snapshotOf } from '../support/harness.js';
import { testCatalog } from '../support/catalog.js';
import { kubeproof } from '../support/cli.js';

const estate = `
apiVersion: v1
kind: Pod
metadata: {name: pay, namespace: cde}
spec:
  containers: [{name: app, image: x}]
`;

function file(text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'kp-attest-'));
  const path = join(dir, 'attestations.yaml');
  writeFileSync(path, text);
  return path;
}

const attestations = `attestations:
  - id: A-1
    framework: all
    requirement: A4
    statement: Reviewed the node file permissions on all three control-plane nodes; all are 600 root:root.
    attestedBy: Jane Doe (QSA, Example Assessors Ltd)
    date: 2026-10-01
    evidence: https://tickets.example.com/SEC-1234
    expires: 2026-12-31
  - framework: all
    requirement: A2
    statement: The check could not run; the assessor inspected the objects by hand.
    attestedBy: Jane Doe
    date: 2026-10-01
    evidence: SEC-1235
    expires: 2027-06-30
  - framework: all
    requirement: A1
    statement: Attesting a requirement that automated evidence already judges.
    attestedBy: Jane Doe
    date: 2026-10-01
    evidence: SEC-1236
    expires: 2027-06-30
`;

function req(r: ReturnType<typeof evaluate>, id: string) {
  return r.frameworks.find((f) => f.id === 'all')!.requirements.find((q) => q.id === id)!;
}

test('attestations: an attested manual requirement is attested with its details; automated evidence takes precedence', () => {
  const catalog = testCatalog();
  const r = evaluate(snapshotOf(estate), catalog, { attestations: loadAttestations(file(attestations), catalog) });
  const a4 = req(r, 'A4');
  assert.equal(a4.status, 'attested');
  assert.deepEqual(a4.attestation, {
    id: 'A-1',
    statement: 'Reviewed the node file permissions on all three control-plane nodes; all are 600 root:root.',
    attestedBy: 'Jane Doe (QSA, Example Assessors Ltd)',
    date: '2026-10-01',
    evidence: 'https://tickets.example.com/SEC-1234',
    expires: '2026-12-31',
    state: 'applied',
  });
  assert.match(a4.reason!, /attested by Jane Doe \(QSA, Example Assessors Ltd\) on 2026-10-01 \(evidence: https:\/\/tickets.example.com\/SEC-1234\), valid until 2026-12-31/);
  const a2 = req(r, 'A2');
  assert.equal(a2.status, 'attested', 'a not-assessed requirement (the check threw) can be attested');
  assert.match(a2.reason!, /cluster data could not show it: T-THROW-1/);
  const a1 = req(r, 'A1');
  assert.equal(a1.status, 'pass');
  assert.equal(a1.attestation!.state, 'superseded');
  assert.equal(r.frameworks.find((f) => f.id === 'all')!.counts.attested, 2);
});

test('attestations: an expired attestation falls back to manual and says so', () => {
  const catalog = testCatalog();
  const r = evaluate(snapshotOf(estate), catalog, { attestations: loadAttestations(file(attestations), catalog), asOf: '2027-01-01T00:00:00.000Z' });
  const a4 = req(r, 'A4');
  assert.equal(a4.status, 'manual');
  assert.equal(a4.attestation!.state, 'expired');
  assert.match(a4.reason!, /^attestation A-1 by Jane Doe \(QSA, Example Assessors Ltd\) expired on 2026-12-31; the requirement falls back to manual/);
  assert.equal(req(r, 'A2').status, 'attested', 'the other one has not expired');
});

test('attestations: unknown framework or requirement, duplicates and bad dates are errors at their line', () => {
  const catalog = testCatalog();
  const bad = (text: string, re: RegExp) =>
    assert.throws(() => loadAttestations(file(text), catalog), (err: unknown) => err instanceof InputError && re.test(err.message), re.source);
  const one = (over: string) => `attestations:\n  - framework: all\n    requirement: A4\n    statement: the assessor looked at it carefully\n    attestedBy: me\n    date: 2026-10-01\n    evidence: SEC-1\n    expires: 2027-01-01\n${over}`;
  bad(one('').replace('framework: all', 'framework: sox'), /attestations\.yaml:2: .*no framework sox/);
  bad(one('').replace('requirement: A4', 'requirement: Z9'), /attestations\.yaml:3: .*has no requirement Z9/);
  bad(one('').replace('expires: 2027-01-01', 'expires: 2026-01-01'), /attestations\.yaml:8: .*before the attestation date/);
  bad(one('').replace('expires: 2027-01-01', 'expires: soon'), /expected a date YYYY-MM-DD/);
  bad(one('').replace('    attestedBy: me\n', ''), /attestedBy/);
  bad(one('  - framework: all\n    requirement: A4\n    statement: the assessor looked at it again\n    attestedBy: me\n    date: 2026-10-01\n    evidence: SEC-2\n    expires: 2027-01-01\n'), /attestations\.yaml:10: .*already attested/);
});

test('attestations: --attestations on the command line', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kp-attest-cli-'));
  const manifests = join(dir, 'estate.yaml');
  writeFileSync(manifests, estate);
  const att = file(`attestations:
  - framework: pci-dss-4.0.1
    requirement: "12.1.1"
    statement: The information security policy was reviewed and approved by the board.
    attestedBy: Jane Doe (QSA)
    date: 2026-10-01
    evidence: ISP-2026 v3 (document management system)
    expires: 2027-09-30
`);
  const run = kubeproof(['audit', '--manifests', manifests, '--attestations', att, '--out', join(dir, 'out'), '--framework', 'pci-dss-4.0.1']);
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stdout, /attested/);
  const bad = kubeproof(['audit', '--manifests', manifests, '--attestations', join(dir, 'missing.yaml'), '--out', join(dir, 'out')]);
  assert.equal(bad.code, 2);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hasStackTrace, kubeproof } from '../support/cli.js';

function tmp(): string {
  return mkdtempSync(join(tmpdir(), 'kp-cli-'));
}

const privilegedPod = `apiVersion: v1
kind: Pod
metadata: {name: shell, namespace: web}
spec:
  containers:
  - name: sh
    image: busybox
    securityContext: {privileged: true}
`;

test('--help lists the commands and the exit codes', () => {
  const r = kubeproof(['--help']);
  assert.equal(r.code, 0);
  for (const cmd of ['audit', 'collect', 'evaluate', 'report', 'controls', 'frameworks']) assert.match(r.stdout, new RegExp(`\\b${cmd}\\b`));
  assert.match(r.stdout, /3 +cluster unreachable/);
  const audit = kubeproof(['audit', '--help']);
  assert.equal(audit.code, 0);
  assert.match(audit.stdout, /Examples:\n {2}kubeproof audit --manifests samples\/estate --out out/);
});

const inputErrors: Array<{ name: string; file: string; text: string; says: RegExp }> = [
  { name: 'broken YAML', file: 'broken.yaml', text: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: a: b\n', says: /^kubeproof: error: .*broken\.yaml:4:\d+: YAML does not parse/ },
  { name: 'a non-Kubernetes document', file: 'values.yaml', text: 'replicaCount: 2\n', says: /^kubeproof: error: .*values\.yaml:1: expected a Kubernetes object .*missing apiVersion, kind, metadata\.name/ },
];

for (const c of inputErrors) {
  test(`audit: ${c.name} is one line naming file and line, exit 2, no stack trace, nothing written`, () => {
    const dir = tmp();
    writeFileSync(join(dir, c.file), c.text);
    const r = kubeproof(['audit', '--manifests', join(dir, c.file), '--out', join(dir, 'out')], { cwd: dir });
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, c.says);
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
    assert.equal(hasStackTrace(r.stderr), false);
    assert.equal(existsSync(join(dir, 'out', 'results.json')), false);
  });
}

test('audit: a missing file is exit 2 naming it', () => {
  const dir = tmp();
  const r = kubeproof(['audit', '--manifests', 'nope.yaml', '--out', 'out'], { cwd: dir });
  assert.equal(r.code, 2);
  assert.match(r.stderr, /^kubeproof: error: nope\.yaml: cannot read manifests: no such file or folder\n$/);
});

test('--debug adds the stack trace', () => {
  const dir = tmp();
  const r = kubeproof(['audit', '--manifests', 'nope.yaml', '--out', 'out', '--debug'], { cwd: dir });
  assert.equal(r.code, 2);
  assert.equal(hasStackTrace(r.stderr), true);
});

test('usage errors: unknown flag, conflicting sources, bad --fail-on, an output folder that is a file', () => {
  const dir = tmp();
  writeFileSync(join(dir, 'p.yaml'), privilegedPod);
  writeFileSync(join(dir, 'afile'), 'x');
  const cases: Array<[string[], RegExp]> = [
    [['audit', '--manifests', 'p.yaml', '--out', 'o', '--frobnicate'], /unknown option '--frobnicate'/],
    [['audit', '--manifests', 'p.yaml', '--snapshot', 's.json', '--out', 'o'], /choose one source, not --manifests and --snapshot/],
    [['audit', '--manifests', 'p.yaml', '--out', 'o', '--fail-on', 'severe'], /--fail-on.*severe.*invalid|Allowed choices/i],
    [['audit', '--manifests', 'p.yaml', '--out', 'afile'], /output folder afile is a file/],
    [['audit', '--manifests', 'p.yaml', '--out', 'o', '--format', 'docx'], /unknown --format docx/],
    [['evaluate', '--snapshot', 's.json'], /required option '--out <file>'/],
  ];
  for (const [args, says] of cases) {
    const r = kubeproof(args, { cwd: dir });
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, says, args.join(' '));
    assert.equal(hasStackTrace(r.stderr), false);
  }
});

test('audit with no source and no kubeconfig says so and points at the sample estate', () => {
  const home = tmp();
  const r = kubeproof(['audit', '--out', 'o'], { cwd: home, env: { HOME: home, KUBECONFIG: '' } });
  assert.equal(r.code, 2);
  assert.match(r.stderr, /no source given and no kubeconfig found/);
  assert.match(r.stderr, /--manifests samples\/estate/);
});

test('audit → results.json and snapshot.json; --fail-on gates the exit code; evaluate reproduces the results', () => {
  const dir = tmp();
  writeFileSync(join(dir, 'p.yaml'), privilegedPod);
  const gated = kubeproof(['audit', '--manifests', 'p.yaml', '--out', 'out', '--fail-on', 'high'], { cwd: dir });
  assert.equal(gated.code, 1, gated.stderr);
  assert.match(gated.stdout, /critical +KP-PS-001 +Containers do not run privileged \(1 finding\)/);
  const results = JSON.parse(readFileSync(join(dir, 'out', 'results.json'), 'utf8'));
  assert.equal(results.schemaVersion, 'kubeproof.io/results/v1');
  assert.deepEqual(results.frameworks.map((f: { id: string }) => f.id), ['cis-kubernetes-1.12', 'hipaa-security-rule', 'pci-dss-4.0.1']);
  assert.equal(results.frameworks[0].requirements.length, 131);

  assert.equal(kubeproof(['audit', '--manifests', 'p.yaml', '--out', 'out2', '--fail-on', 'none'], { cwd: dir }).code, 0);
  assert.equal(kubeproof(['audit', '--manifests', 'p.yaml', '--out', 'out3'], { cwd: dir }).code, 0, 'no gate unless asked');

  const again = kubeproof(['evaluate', '--snapshot', 'out/snapshot.json', '--out', 'again.json', '--quiet'], { cwd: dir });
  assert.equal(again.code, 0, again.stderr);
  assert.equal(again.stdout, '');
  assert.equal(readFileSync(join(dir, 'again.json'), 'utf8'), readFileSync(join(dir, 'out', 'results.json'), 'utf8'));
});

test('stdin: helm template | kubeproof audit --manifests -', () => {
  const dir = tmp();
  const r = kubeproof(['audit', '--manifests', '-', '--out', 'out', '--framework', 'cis-kubernetes-1.12'], { cwd: dir, input: `---\n# Source: chart/templates/pod.yaml\n${privilegedPod}` });
  assert.equal(r.code, 0, r.stderr);
  const results = JSON.parse(readFileSync(join(dir, 'out', 'results.json'), 'utf8'));
  assert.deepEqual(results.run.frameworks, ['cis-kubernetes-1.12']);
  const ev = results.controls.find((c: { id: string }) => c.id === 'KP-PS-001').evidence[0];
  assert.deepEqual(ev.source, { file: '<stdin>', line: 10, template: 'chart/templates/pod.yaml' });
});

test('collect then evaluate then report', () => {
  const dir = tmp();
  writeFileSync(join(dir, 'p.yaml'), privilegedPod);
  assert.equal(kubeproof(['collect', '--manifests', 'p.yaml', '--out', 'snap.json'], { cwd: dir }).code, 0);
  assert.equal(kubeproof(['evaluate', '--snapshot', 'snap.json', '--out', 'results.json', '--quiet'], { cwd: dir }).code, 0);
  const report = kubeproof(['report', '--results', 'results.json', '--fail-on', 'critical'], { cwd: dir });
  assert.equal(report.code, 1);
  assert.match(report.stdout, /cis-kubernetes-1\.12/);
  const bad = kubeproof(['report', '--results', 'snap.json'], { cwd: dir });
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /snap\.json: results schemaVersion "kubeproof\.io\/snapshot\/v1" is not one this build reads/);
});

test('controls and frameworks commands', () => {
  const list = kubeproof(['controls', 'list']);
  assert.equal(list.code, 0);
  assert.match(list.stdout, /KP-PS-001 +critical +Containers do not run privileged/);
  const show = kubeproof(['controls', 'show', 'KP-PS-001']);
  assert.match(show.stdout, /cis-kubernetes-1\.12 5\.2\.2 +Minimize the admission of privileged containers/);
  assert.equal(kubeproof(['controls', 'show', 'KP-NOPE']).code, 2);
  const fws = kubeproof(['frameworks', 'list']);
  assert.match(fws.stdout, /cis-kubernetes-1\.12 +131 requirements/);
  const cis = kubeproof(['frameworks', 'show', 'cis-kubernetes-1.12']);
  assert.match(cis.stdout, /5\.2\.2 +KP-PS-001/);
  assert.match(cis.stdout, /1\.1\.1 +manual/);
});

test('a user controls folder with a broken control is exit 2 naming the file and line', () => {
  const dir = tmp();
  mkdirSync(join(dir, 'mine'));
  writeFileSync(join(dir, 'mine', 'x.yaml'), 'id: ORG-1\nname: x\ntitle: t\nseverity: urgent\ndescription: d\nrationale: r\nremediation: m\ncheck: {id: privileged-containers}\n');
  const r = kubeproof(['controls', 'list', '--controls', 'mine'], { cwd: dir });
  assert.equal(r.code, 2);
  assert.match(r.stderr, /mine\/x\.yaml:4: control: severity: /);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, readdirSync, statSync, symlinkSync, writeFileSync, ftruncateSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FIXTURES } from '../support/harness.js';
import { hasStackTrace, kubeproof } from '../support/cli.js';

/**
 * The bad-input corpus: each case is an input a user or a broken pipeline can produce, with the
 * outcome kubeproof promises: the exit code, and a one-line error that names the input and says
 * what was expected; no stack trace; nothing written.
 */
interface Case {
  name: string;
  /** Files to create in a fresh folder (path → content or a function that creates it). */
  make: (dir: string) => void;
  args: string[];
  exit: number;
  says?: RegExp;
  /** False where commander itself refuses the command line: no kubeproof code ran, so --debug has no trace to show. */
  trace?: false;
}

const corpus = (name: string) => readFileSync(join(FIXTURES, 'bad-input', name));
const copy = (name: string) => (dir: string) => writeFileSync(join(dir, name), corpus(name));
const withEstate = (file: string, text: string) => (dir: string) => {
  copy('unknown-kind.yaml')(dir);
  mkdirSync(join(dir, file, '..'), { recursive: true });
  writeFileSync(join(dir, file), text);
};

/**
 * An attestations file whose first entry is valid until a field is replaced or added. Lines:
 * 1 attestations:, 2 - framework, 3 requirement, 4 statement, 5 attestedBy, 6 date, 7 evidence, 8 expires.
 */
function attestations(change: Record<string, string | null> = {}, more = ''): string {
  const fields: Record<string, string | null> = {
    framework: 'pci-dss-4.0.1',
    requirement: '"12.1.1"',
    statement: 'The information security policy (v3) was reviewed and approved by the board.',
    attestedBy: 'Jane Doe, QSA',
    date: '2026-09-15',
    evidence: 'SEC-1234',
    expires: '2027-09-14',
    ...change,
  };
  const lines = Object.entries(fields)
    .filter(([, v]) => v !== null)
    .map(([k, v], i) => `${i === 0 ? '  - ' : '    '}${k}: ${v}`);
  return `attestations:\n${lines.join('\n')}\n${more}`;
}

/**
 * A custom CEL control (for --controls mine), valid until a line is replaced. Lines: 1 id, 2 name,
 * 3 title, 4 severity, 5 description, 6 rationale, 7 remediation, 8 check:, 9 cel:, 10 match:,
 * 11 kinds, 12 expression, 13 message, 14 pointer, then `extra`.
 */
function celControl(change: { severity?: string; kinds?: string; expression?: string; pointer?: string; extra?: string; id?: string } = {}): string {
  return [
    `id: ${change.id ?? 'X-CEL-001'}`,
    'name: probe',
    'title: Deployments run more than one replica',
    `severity: ${change.severity ?? 'medium'}`,
    'description: Every Deployment asks for at least two replicas.',
    'rationale: One replica is one node failure away from an outage.',
    'remediation: Set spec.replicas to 2 or more.',
    'check:',
    '  cel:',
    '    match:',
    `      kinds: ${change.kinds ?? '[Deployment]'}`,
    change.expression ?? "    expression: \"object.spec.?replicas.orValue(1) > 1\"",
    '    message: the Deployment runs a single replica',
    `    pointer: ${change.pointer ?? '/spec/replicas'}`,
    ...(change.extra ? [change.extra] : []),
    '',
  ].join('\n');
}
const control = (change: Parameters<typeof celControl>[0] = {}) => withEstate('mine/X-CEL-001-probe.yaml', celControl(change));
const CONTROLS = ['--manifests', 'unknown-kind.yaml', '--controls', 'mine'];
const ATTESTED = ['--manifests', 'unknown-kind.yaml', '--attestations', 'att.yaml'];
const attested = (change: Record<string, string | null> = {}, more = '') => withEstate('att.yaml', attestations(change, more));

const cases: Case[] = [
  { name: 'YAML syntax error', make: copy('syntax-error.yaml'), args: ['--manifests', 'syntax-error.yaml'], exit: 2, says: /^syntax-error\.yaml:\d+:\d+: YAML does not parse/ },
  { name: 'tabs for indentation', make: copy('tabs.yaml'), args: ['--manifests', 'tabs.yaml'], exit: 2, says: /^tabs\.yaml:4:\d+: YAML does not parse/ },
  { name: 'duplicate keys', make: copy('duplicate-keys.yaml'), args: ['--manifests', 'duplicate-keys.yaml'], exit: 2, says: /^duplicate-keys\.yaml:5:\d+: YAML does not parse: .*unique/i },
  { name: 'a document that is a string', make: copy('document-is-string.yaml'), args: ['--manifests', 'document-is-string.yaml'], exit: 2, says: /^document-is-string\.yaml:1: expected a Kubernetes object .*found a string/ },
  { name: 'a document that is a list', make: copy('document-is-list.yaml'), args: ['--manifests', 'document-is-list.yaml'], exit: 2, says: /^document-is-list\.yaml:1: expected a Kubernetes object .*found a list/ },
  { name: 'missing apiVersion', make: copy('missing-apiversion.yaml'), args: ['--manifests', 'missing-apiversion.yaml'], exit: 2, says: /^missing-apiversion\.yaml:1: .*missing apiVersion$/ },
  { name: 'missing kind', make: copy('missing-kind.yaml'), args: ['--manifests', 'missing-kind.yaml'], exit: 2, says: /missing kind$/ },
  { name: 'missing metadata.name', make: copy('missing-name.yaml'), args: ['--manifests', 'missing-name.yaml'], exit: 2, says: /missing metadata\.name$/ },
  { name: 'truncated JSON manifest', make: copy('truncated.json'), args: ['--manifests', 'truncated.json'], exit: 2, says: /^truncated\.json:1:\d+: YAML does not parse/ },
  {
    name: 'a 100 MB file is refused by size, before it is read',
    make: (dir) => {
      const fd = openSync(join(dir, 'huge.yaml'), 'w');
      ftruncateSync(fd, 100 * 1024 * 1024);
      closeSync(fd);
    },
    args: ['--manifests', 'huge.yaml'],
    exit: 2,
    says: /^huge\.yaml: manifest file of 100 MiB: kubeproof reads manifest files of up to 64 MiB/,
  },
  {
    name: 'deeply nested values',
    make: (dir) => writeFileSync(join(dir, 'deep.yaml'), `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: deep}\ndata: ${'['.repeat(50000)}${']'.repeat(50000)}\n`),
    args: ['--manifests', 'deep.yaml'],
    exit: 2,
    says: /^deep\.yaml:\d+(:\d+)?: YAML (does not parse|refused)/,
  },
  {
    name: 'an alias bomb (billion laughs)',
    make: (dir) => {
      const lines = ['a: &a [x,x,x,x,x,x,x,x,x,x]'];
      for (let i = 1; i < 10; i++) lines.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(10).fill(`*${String.fromCharCode(96 + i)}`).join(',')}]`);
      writeFileSync(join(dir, 'bomb.yaml'), `${lines.join('\n')}\n`);
    },
    args: ['--manifests', 'bomb.yaml'],
    exit: 2,
    says: /^bomb\.yaml:1: YAML refused: .*(alias|resource exhaustion)/i,
  },
  { name: 'a binary file', make: (dir) => writeFileSync(join(dir, 'bin.yaml'), Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, 0, 0])), args: ['--manifests', 'bin.yaml'], exit: 2, says: /^bin\.yaml: binary file: expected UTF-8 YAML or JSON text$/ },
  {
    name: 'invalid UTF-8',
    make: (dir) => writeFileSync(join(dir, 'latin1.yaml'), Buffer.from('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: caf\xe9}\n', 'latin1')),
    args: ['--manifests', 'latin1.yaml'],
    exit: 2,
    says: /not valid UTF-8/,
  },
  {
    name: 'UTF-16 with a byte-order mark is read',
    make: (dir) => writeFileSync(join(dir, 'u16.yaml'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('apiVersion: v1\nkind: Namespace\nmetadata: {name: utf16}\n', 'utf16le')])),
    args: ['--manifests', 'u16.yaml'],
    exit: 0,
  },
  { name: 'an empty folder', make: (dir) => mkdirSync(join(dir, 'empty')), args: ['--manifests', 'empty'], exit: 2, says: /^empty: no manifests found/ },
  {
    name: 'a folder of non-YAML files',
    make: (dir) => {
      mkdirSync(join(dir, 'docs'));
      writeFileSync(join(dir, 'docs', 'notes.txt'), 'hello');
      writeFileSync(join(dir, 'docs', 'chart.tgz'), Buffer.from([0x1f, 0x8b]));
    },
    args: ['--manifests', 'docs'],
    exit: 2,
    says: /^docs: no manifests found/,
  },
  {
    name: 'a symlink loop is walked once',
    make: (dir) => {
      mkdirSync(join(dir, 'm', 'sub'), { recursive: true });
      writeFileSync(join(dir, 'm', 'sub', 'ns.yaml'), 'apiVersion: v1\nkind: Namespace\nmetadata: {name: loop}\n');
      symlinkSync('..', join(dir, 'm', 'sub', 'up'));
    },
    args: ['--manifests', 'm'],
    exit: 0,
  },
  { name: 'a missing file', make: () => undefined, args: ['--manifests', 'nope.yaml'], exit: 2, says: /^nope\.yaml: cannot read manifests: no such file or folder$/ },
  { name: 'an unknown flag', make: () => undefined, args: ['--manifests', 'x.yaml', '--colour'], exit: 2, says: /unknown option '--colour'/, trace: false },
  { name: 'conflicting sources', make: copy('unknown-kind.yaml'), args: ['--manifests', 'unknown-kind.yaml', '--in-cluster'], exit: 2, says: /choose one source, not --manifests and --in-cluster/ },
  {
    name: 'an output folder that is a file',
    make: (dir) => {
      copy('unknown-kind.yaml')(dir);
      writeFileSync(join(dir, 'taken'), 'x');
    },
    args: ['--manifests', 'unknown-kind.yaml', '--out', 'taken'],
    exit: 2,
    says: /output folder taken is a file/,
  },
  {
    name: 'an output folder that cannot be created',
    make: (dir) => {
      copy('unknown-kind.yaml')(dir);
      writeFileSync(join(dir, 'afile'), 'x');
    },
    args: ['--manifests', 'unknown-kind.yaml', '--out', 'afile/sub'],
    exit: 2,
    says: /cannot create output folder afile\/sub: a part of the path is a file/,
  },
  {
    name: 'a config file with a schema error names file, line and path',
    make: (dir) => {
      copy('unknown-kind.yaml')(dir);
      writeFileSync(join(dir, 'kp.yaml'), 'scope:\n  pci: payments\n');
    },
    args: ['--manifests', 'unknown-kind.yaml', '--config', 'kp.yaml'],
    exit: 2,
    says: /^kp\.yaml:2: config: scope\.pci: .*expected array/i,
  },
  {
    name: 'a config naming a control that does not exist',
    make: (dir) => {
      copy('unknown-kind.yaml')(dir);
      writeFileSync(join(dir, 'kp.yaml'), 'controls:\n  KP-NOPE-1: {enabled: false}\n');
    },
    args: ['--manifests', 'unknown-kind.yaml', '--config', 'kp.yaml'],
    exit: 2,
    says: /controls\.KP-NOPE-1: no such control/,
  },
  {
    name: 'a waiver for a control that does not exist',
    make: (dir) => {
      copy('unknown-kind.yaml')(dir);
      writeFileSync(join(dir, 'w.yaml'), 'waivers:\n- control: KP-NOPE-1\n  justification: nobody knows why\n  approver: me\n  expires: 2030-01-01\n');
    },
    args: ['--manifests', 'unknown-kind.yaml', '--waivers', 'w.yaml'],
    exit: 2,
    says: /^w\.yaml:2: waivers: waivers\[0\]\.control: no control KP-NOPE-1/,
  },
  {
    name: 'a waiver without an approver',
    make: (dir) => {
      copy('unknown-kind.yaml')(dir);
      writeFileSync(join(dir, 'w.yaml'), 'waivers:\n- control: KP-PS-001\n  justification: the vendor requires it\n  expires: 2030-01-01\n');
    },
    args: ['--manifests', 'unknown-kind.yaml', '--waivers', 'w.yaml'],
    exit: 2,
    says: /^w\.yaml:2: waivers: waivers\[0\]\.approver: /,
  },

  // Attestations (--attestations): every schema and cross-reference error names the file, the line and the path.
  { name: 'attestations: a date that is not a date', make: attested({ date: '2026-13-45' }), args: ATTESTED, exit: 2, says: /^att\.yaml:6: attestations: attestations\[0\]\.date: expected a date YYYY-MM-DD$/ },
  { name: 'attestations: a missing attestedBy', make: attested({ attestedBy: null }), args: ATTESTED, exit: 2, says: /^att\.yaml:2: attestations: attestations\[0\]\.attestedBy: missing: expected text$/ },
  { name: 'attestations: a statement too short to say anything', make: attested({ statement: 'ok' }), args: ATTESTED, exit: 2, says: /^att\.yaml:4: attestations: attestations\[0\]\.statement: expected a statement of at least 10 characters/ },
  { name: 'attestations: a misspelt key is blamed on its own line', make: attested({ approvedBy: 'the board' }), args: ATTESTED, exit: 2, says: /^att\.yaml:9: attestations: attestations\[0\]\.approvedBy: unknown key: expected only the keys/ },
  { name: 'attestations: a map where a list is expected', make: withEstate('att.yaml', 'attestations:\n  framework: pci-dss-4.0.1\n'), args: ATTESTED, exit: 2, says: /^att\.yaml:2: attestations: attestations: .*expected array, received object$/ },
  { name: 'attestations: a framework that does not exist', make: attested({ framework: 'pci-dss-9' }), args: ATTESTED, exit: 2, says: /^att\.yaml:2: attestations: attestations\[0\]\.framework: no framework pci-dss-9 \(known: cis-kubernetes-1\.12, hipaa-security-rule, pci-dss-4\.0\.1\)$/ },
  { name: 'attestations: a requirement the framework does not have', make: attested({ requirement: '"99.9"' }), args: ATTESTED, exit: 2, says: /^att\.yaml:3: attestations: attestations\[0\]\.requirement: pci-dss-4\.0\.1 has no requirement 99\.9$/ },
  { name: 'attestations: an expiry before the attestation date', make: attested({ expires: '2026-09-01' }), args: ATTESTED, exit: 2, says: /^att\.yaml:8: attestations: attestations\[0\]\.expires: 2026-09-01 is before the attestation date 2026-09-15$/ },
  {
    name: 'attestations: one requirement attested twice',
    make: withEstate('att.yaml', attestations() + attestations().split('\n').slice(1).join('\n')),
    args: ATTESTED,
    exit: 2,
    says: /^att\.yaml:10: attestations: attestations\[1\]: pci-dss-4\.0\.1 12\.1\.1 is already attested by attestations\[0\]$/,
  },
  { name: 'attestations: YAML that does not parse', make: withEstate('att.yaml', 'attestations:\n  - framework: [pci\n'), args: ATTESTED, exit: 2, says: /^att\.yaml:\d+:\d+: attestations: YAML does not parse/ },
  { name: 'attestations: a file that does not exist', make: copy('unknown-kind.yaml'), args: ATTESTED, exit: 2, says: /^att\.yaml: cannot read attestations: no such file or folder$/ },

  // Custom controls (--controls DIR, CEL): schema errors name the file, the line (and column) and the path.
  { name: 'custom control: a severity that is not one', make: control({ severity: 'urgent' }), args: CONTROLS, exit: 2, says: /^mine\/X-CEL-001-probe\.yaml:4: control: severity: .*expected one of "critical"\|"high"\|"medium"\|"low"\|"info"$/ },
  { name: 'custom control: a pointer that is not a JSON Pointer', make: control({ pointer: 'spec/replicas' }), args: CONTROLS, exit: 2, says: /^mine\/X-CEL-001-probe\.yaml:14: control: check\.cel\.pointer: expected a JSON Pointer such as \/spec\/replicas$/ },
  { name: 'custom control: a kind written in lower case', make: control({ kinds: '[Deployment, pod]' }), args: CONTROLS, exit: 2, says: /^mine\/X-CEL-001-probe\.yaml:11: control: check\.cel\.match\.kinds\[1\]: expected a kind such as Deployment or Certificate\.cert-manager\.io$/ },
  {
    name: 'custom control: a kind kubeproof does not collect, on the line of that kind',
    make: control({ kinds: '\n        - Deployment\n        - Deploymnet' }),
    args: CONTROLS,
    exit: 2,
    says: /^mine\/X-CEL-001-probe\.yaml:13: control X-CEL-001: check\.cel\.match\.kinds\[1\]: Deploymnet is not a kind kubeproof collects \(custom resources are written Kind\.group/,
  },
  { name: 'custom control: an unknown key inside check.cel', make: control({ extra: '    severity: high' }), args: CONTROLS, exit: 2, says: /^mine\/X-CEL-001-probe\.yaml:15: control: check\.cel\.severity: unknown key: expected only the keys/ },
  {
    name: 'custom control: CEL that does not parse (line and column inside a block scalar)',
    make: control({ expression: "    expression: |\n      has(object.spec) &&\n        (object.spec.replicas > 1" }),
    args: CONTROLS,
    exit: 2,
    says: /^mine\/X-CEL-001-probe\.yaml:14:\d+: control X-CEL-001: check\.cel\.expression: CEL does not parse: /,
  },
  { name: 'custom control: CEL that is not a bool', make: control({ expression: "    expression: \"object.metadata.name + '!'\"" }), args: CONTROLS, exit: 2, says: /^mine\/X-CEL-001-probe\.yaml:12:18: control X-CEL-001: check\.cel\.expression: CEL type error: the expression gives string, expected bool$/ },
  {
    name: 'custom control: a check with neither a built-in id nor cel',
    make: withEstate('mine/X-CEL-001-probe.yaml', celControl().split('\n').slice(0, 8).join('\n') + '\n  options: {replicas: 2}\n'),
    args: CONTROLS,
    exit: 2,
    says: /^mine\/X-CEL-001-probe\.yaml:9: control: check: expected either id \(a built-in check\) or cel \(a CEL expression\), and not both$/,
  },
  { name: 'custom control: a mapping to a framework that is not loaded', make: control({ extra: 'frameworks:\n  acme-baseline: ["R-1"]' }), args: CONTROLS, exit: 2, says: /^mine\/X-CEL-001-probe\.yaml:16: control X-CEL-001: frameworks\.acme-baseline: maps to framework acme-baseline, which is not loaded \(known: / },
  { name: 'custom control: a mapping to a requirement that does not exist', make: control({ extra: 'frameworks:\n  pci-dss-4.0.1: ["2.2.1", "99.1"]' }), args: CONTROLS, exit: 2, says: /^mine\/X-CEL-001-probe\.yaml:16: control X-CEL-001: frameworks\.pci-dss-4\.0\.1\[1\]: maps to pci-dss-4\.0\.1 requirement 99\.1, which controls\/frameworks\/pci-dss-4\.0\.1\.yaml does not list$/ },
  { name: 'custom control: an id a built-in control already has', make: control({ id: 'KP-PS-001' }), args: CONTROLS, exit: 2, says: /^mine\/X-CEL-001-probe\.yaml: control id or alias KP-PS-001 is used by both controls\/pod-security\/KP-PS-001-[\w-]+\.yaml and mine\/X-CEL-001-probe\.yaml$/ },
  {
    name: 'custom framework: a requirement with an assessment that is not one',
    make: withEstate('mine/frameworks/acme.yaml', 'id: acme-baseline\ntitle: Acme baseline\nversion: "1"\nscope: all\ndescription: The platform baseline.\nrequirements:\n  - id: R-1\n    title: Replicas\n    assessment: sometimes\n'),
    args: CONTROLS,
    exit: 2,
    says: /^mine\/frameworks\/acme\.yaml:9: framework: requirements\[0\]\.assessment: .*expected one of "automated"\|"manual"$/,
  },
  { name: 'custom controls: a folder that does not exist', make: copy('unknown-kind.yaml'), args: CONTROLS, exit: 2, says: /^mine: cannot read controls: no such file or folder$/ },
];

/** Every path under dir with its size: what a run added or changed there. */
function listing(dir: string): string[] {
  return (readdirSync(dir, { recursive: true }) as string[]).map((p) => `${p} ${statSync(join(dir, p)).isDirectory() ? 'dir' : statSync(join(dir, p)).size}`).sort();
}

for (const c of cases) {
  test(`bad input: ${c.name} → exit ${c.exit}`, () => {
    const dir = mkdtempSync(join(tmpdir(), 'kp-bad-'));
    c.make(dir);
    const args = c.args.includes('--out') ? c.args : [...c.args, '--out', 'out'];
    const before = c.exit === 0 ? [] : listing(dir);
    const r = kubeproof(['audit', ...args, '--quiet'], { cwd: dir });
    assert.equal(r.code, c.exit, r.stderr);
    if (c.exit === 0) {
      assert.equal(r.stderr, '');
      return;
    }
    const lines = r.stderr.split('\n').filter((l) => l && l !== '(run with --help for usage)');
    assert.equal(lines.length, 1, `one line: ${r.stderr}`);
    const message = lines[0]!.replace(/^(kubeproof: )?error: /, '');
    assert.match(message, c.says!);
    assert.equal(hasStackTrace(r.stderr), false);
    assert.equal(existsSync(join(dir, 'out', 'results.json')), false, 'nothing written');
    assert.deepEqual(listing(dir), before, 'nothing written, created or changed anywhere in the folder');

    // --debug adds the stack trace, and only that: the same first line, the same exit code.
    const debug = kubeproof(['audit', ...args, '--quiet', '--debug'], { cwd: dir });
    assert.equal(debug.code, c.exit, debug.stderr);
    assert.equal(debug.stderr.split('\n')[0], r.stderr.split('\n')[0]);
    assert.equal(hasStackTrace(debug.stderr), c.trace ?? true, debug.stderr);
    assert.deepEqual(listing(dir), before, 'nothing written with --debug either');
  });
}

test('unknown kinds are kept and counted as such', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kp-bad-'));
  copy('unknown-kind.yaml')(dir);
  const r = kubeproof(['collect', '--manifests', 'unknown-kind.yaml', '--out', 's.json'], { cwd: dir });
  assert.equal(r.code, 0, r.stderr);
  const snap = JSON.parse(readFileSync(join(dir, 's.json'), 'utf8'));
  assert.equal(snap.objects[0].kind, 'Widget');
  assert.deepEqual(snap.coverage.find((c: { kind: string }) => c.kind === 'Widget.example.com'), { kind: 'Widget.example.com', status: 'collected', count: 1, message: 'a kind no control reads' });
});

test('100,000 documents in one file are read (bounded time and memory, no error)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kp-bad-'));
  const docs: string[] = [];
  for (let i = 0; i < 100_000; i++) docs.push(`apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c${i}, namespace: bulk}\n`);
  writeFileSync(join(dir, 'many.yaml'), docs.join('---\n'));
  const r = kubeproof(['collect', '--manifests', 'many.yaml', '--out', 's.json', '--quiet'], { cwd: dir });
  assert.equal(r.code, 0, r.stderr);
  const snap = JSON.parse(readFileSync(join(dir, 's.json'), 'utf8'));
  assert.equal(snap.objects.length, 100_000);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, symlinkSync, writeFileSync, ftruncateSync } from 'node:fs';
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
}

const corpus = (name: string) => readFileSync(join(FIXTURES, 'bad-input', name));
const copy = (name: string) => (dir: string) => writeFileSync(join(dir, name), corpus(name));

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
  { name: 'an unknown flag', make: () => undefined, args: ['--manifests', 'x.yaml', '--colour'], exit: 2, says: /unknown option '--colour'/ },
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
];

for (const c of cases) {
  test(`bad input: ${c.name} → exit ${c.exit}`, () => {
    const dir = mkdtempSync(join(tmpdir(), 'kp-bad-'));
    c.make(dir);
    const args = c.args.includes('--out') ? c.args : [...c.args, '--out', 'out'];
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

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadManifests, parseManifestText } from '../../src/collect/manifests.js';
import { InputError } from '../../src/errors.js';

const opts = (cwd: string) => ({ defaultNamespace: 'default', cwd });

function tmp(): string {
  return mkdtempSync(join(tmpdir(), 'kp-manifests-'));
}

function inputError(fn: () => unknown): InputError {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof InputError, `expected InputError, got ${String(err)}`);
    return err;
  }
  assert.fail('expected an InputError');
}

test('multi-document YAML: each object with its file and the line it starts on', () => {
  const objects = parseManifestText(
    '---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: a\n---\n\n---\napiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: b\n  namespace: a\n',
    'x.yaml',
  );
  assert.deepEqual(objects.map((o) => [o.object.kind, o.location.file, o.location.line]), [
    ['Namespace', 'x.yaml', 2],
    ['ServiceAccount', 'x.yaml', 9],
  ]);
  assert.equal(objects[1]!.location.fields!['/metadata/namespace'], 13);
});

test('kind: List (kubectl get -o yaml) is expanded; item field lines are relative to the item', () => {
  const text = [
    'apiVersion: v1',
    'kind: List',
    'items:',
    '- apiVersion: v1',
    '  kind: Pod',
    '  metadata:',
    '    name: p',
    '    namespace: n',
    '  spec:',
    '    containers:',
    '    - name: c',
    '      image: nginx',
    '      securityContext:',
    '        privileged: true',
    'metadata:',
    '  resourceVersion: ""',
  ].join('\n');
  const [pod] = parseManifestText(text, 'list.yaml');
  assert.equal(pod!.object.kind, 'Pod');
  assert.equal(pod!.location.line, 4);
  assert.equal(pod!.location.fields!['/spec/containers/0/securityContext/privileged'], 14);
});

test('JSON input parses with lines', () => {
  const [o] = parseManifestText('{\n  "apiVersion": "v1",\n  "kind": "ConfigMap",\n  "metadata": {"name": "c", "namespace": "n"}\n}\n', 'c.json');
  assert.equal(o!.object.kind, 'ConfigMap');
  assert.equal(o!.location.line, 1);
});

test('Helm output: the # Source: template is kept per document', () => {
  const text = '---\n# Source: shop/templates/sa.yaml\napiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: shop\n---\n# Source: shop/templates/deploy.yaml\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: shop\nspec: {}\n';
  const objs = parseManifestText(text, 'rendered.yaml');
  assert.deepEqual(objs.map((o) => o.location.template), ['shop/templates/sa.yaml', 'shop/templates/deploy.yaml']);
});

const badDocuments: Array<{ name: string; text: string; line: number; says: RegExp }> = [
  { name: 'YAML syntax error', text: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: a: b\n', line: 4, says: /YAML does not parse/ },
  { name: 'a document that is a string', text: 'apiVersion: v1\nkind: Pod\nmetadata: {name: a}\n---\njust a string\n', line: 5, says: /expected a Kubernetes object.*found a string/ },
  { name: 'a document that is a list', text: '- a\n- b\n', line: 1, says: /found a list/ },
  { name: 'missing kind and metadata.name', text: 'apiVersion: v1\nmetadata: {}\n', line: 1, says: /missing kind, metadata.name/ },
  { name: 'a values.yaml, not an object', text: 'replicaCount: 2\nimage:\n  tag: 1.0\n', line: 1, says: /missing apiVersion, kind, metadata.name/ },
  { name: 'duplicate keys', text: 'apiVersion: v1\nkind: Pod\nkind: Service\nmetadata: {name: a}\n', line: 3, says: /unique|duplicate/i },
  { name: 'tabs for indentation', text: 'apiVersion: v1\nkind: Pod\nmetadata:\n\tname: a\n', line: 4, says: /YAML does not parse/ },
  { name: 'labels that are not strings', text: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: a\n  labels: {tier: 3}\n', line: 1, says: /labels must map strings to strings/ },
];

for (const c of badDocuments) {
  test(`bad input: ${c.name} names the file and line`, () => {
    const err = inputError(() => parseManifestText(c.text, 'bad.yaml'));
    assert.equal(err.location?.file, 'bad.yaml');
    assert.equal(err.location?.line, c.line, err.message);
    assert.match(err.message, c.says);
    assert.equal(err.exitCode, 2);
  });
}

test('bad input: an alias bomb (billion laughs) is refused quickly', () => {
  const lines = ['a: &a ["x","x","x","x","x","x","x","x","x","x"]'];
  for (let i = 1; i < 12; i++) {
    const prev = String.fromCharCode(96 + i);
    const cur = String.fromCharCode(97 + i);
    lines.push(`${cur}: &${cur} [${Array(10).fill(`*${prev}`).join(',')}]`);
  }
  const started = process.hrtime.bigint();
  const err = inputError(() => parseManifestText(`${lines.join('\n')}\n`, 'bomb.yaml'));
  assert.match(err.message, /alias|resource exhaustion/i);
  assert.ok(process.hrtime.bigint() - started < 5_000_000_000n, 'refusal must not take seconds');
});

test('folders: recursive, sorted, only YAML/JSON; namespaced objects without a namespace get the default', () => {
  const dir = tmp();
  mkdirSync(join(dir, 'sub'));
  writeFileSync(join(dir, 'sub', 'b.yml'), 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\nspec: {}\n');
  writeFileSync(join(dir, 'a.json'), '{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"n"}}');
  writeFileSync(join(dir, 'notes.txt'), 'not yaml');
  symlinkSync(dir, join(dir, 'sub', 'loop'));
  const set = loadManifests([dir], opts(dir));
  assert.deepEqual(set.files, ['a.json', 'sub/b.yml']);
  assert.equal(set.objects.find((o) => o.kind === 'Deployment')!.metadata.namespace, 'default');
  assert.equal(set.objects.find((o) => o.kind === 'Namespace')!.metadata.namespace, undefined);
  const deployments = set.coverage.find((c) => c.kind === 'Deployment')!;
  assert.deepEqual(deployments, { kind: 'Deployment', status: 'collected', count: 1 });
});

test('bad input: a missing file, an empty folder and a folder of non-YAML files', () => {
  const dir = tmp();
  assert.match(inputError(() => loadManifests([join(dir, 'nope.yaml')], opts(dir))).message, /nope\.yaml: cannot read manifests: no such file/);
  mkdirSync(join(dir, 'empty'));
  assert.match(inputError(() => loadManifests([join(dir, 'empty')], opts(dir))).message, /no manifests found/);
  mkdirSync(join(dir, 'docs'));
  writeFileSync(join(dir, 'docs', 'README.md'), '# hi');
  assert.match(inputError(() => loadManifests([join(dir, 'docs')], opts(dir))).message, /no manifests found/);
});

test('bad input: binary files are refused; UTF-16 with a BOM is read', () => {
  const dir = tmp();
  writeFileSync(join(dir, 'bin.yaml'), Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 1, 2]));
  assert.match(inputError(() => loadManifests([join(dir, 'bin.yaml')], opts(dir))).message, /binary file/);
  const text = 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: utf16\n';
  writeFileSync(join(dir, 'u16.yaml'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]));
  assert.equal(loadManifests([join(dir, 'u16.yaml')], opts(dir)).objects[0]!.metadata.name, 'utf16');
});

test('bad input: the same object twice names both places', () => {
  const dir = tmp();
  const ns = 'apiVersion: v1\nkind: Namespace\nmetadata: {name: n}\n';
  writeFileSync(join(dir, 'a.yaml'), ns);
  writeFileSync(join(dir, 'b.yaml'), `# again\n${ns}`);
  const err = inputError(() => loadManifests([dir], opts(dir)));
  assert.equal(err.location?.file, 'b.yaml');
  assert.equal(err.location?.line, 2);
  assert.match(err.message, /defined twice \(first at a\.yaml:1\)/);
});

test('stdin (-) is read through the injected reader', () => {
  const set = loadManifests(['-'], { ...opts(tmp()), stdin: () => 'apiVersion: v1\nkind: Namespace\nmetadata: {name: piped}\n' });
  assert.deepEqual(set.files, ['<stdin>']);
  assert.equal(set.objects[0]!.metadata.name, 'piped');
});

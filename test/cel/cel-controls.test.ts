import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadCatalog } from '../../src/catalog/load.js';
import { evaluate } from '../../src/evaluate/engine.js';
import { InputError } from '../../src/errors.js';
import { PACKAGE_ROOT } from '../../src/paths.js';
import { snapshotOf } from '../support/harness.js';
import { kubeproof } from '../support/cli.js';

const EXAMPLES = join(PACKAGE_ROOT, 'examples', 'custom-controls');

const estate = `
apiVersion: v1
kind: List
items:
- {apiVersion: v1, kind: Namespace, metadata: {name: shop, labels: {env: prod}}}
- {apiVersion: v1, kind: Namespace, metadata: {name: lab}}
- apiVersion: apps/v1
  kind: Deployment
  metadata: {name: cart, namespace: shop}
  spec:
    replicas: 3
    selector: {matchLabels: {app: cart}}
    template:
      metadata: {labels: {app: cart}}
      spec:
        containers:
        - {name: app, image: "registry.example.com/cart:2.1@sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", resources: {limits: {memory: 512Mi}}}
- apiVersion: apps/v1
  kind: Deployment
  metadata: {name: search, namespace: shop}
  spec:
    selector: {matchLabels: {app: search}}
    template:
      metadata: {labels: {app: search}}
      spec:
        initContainers: [{name: warm, image: registry.example.com/warm:1}]
        containers: [{name: app, image: "registry.example.com/search:1@sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"}]
- apiVersion: apps/v1
  kind: Deployment
  metadata: {name: toy, namespace: lab}
  spec:
    selector: {matchLabels: {app: toy}}
    template:
      metadata: {labels: {app: toy}}
      spec:
        containers: [{name: app, image: "registry.example.com/toy:0.1"}]
`;

function evidenceOf(results: ReturnType<typeof evaluate>, id: string): string[] {
  return results.controls.find((c) => c.id === id)!.evidence.map((e) => `${e.outcome} ${e.object.namespace}/${e.object.name} ${e.pointer}`).sort();
}

test('CEL examples: the README controls load with their user framework and judge the objects (init containers, namespaceObject)', () => {
  const catalog = loadCatalog([EXAMPLES]);
  const r = evaluate(snapshotOf(estate), catalog, { frameworks: ['acme-platform-baseline'] });
  assert.deepEqual(evidenceOf(r, 'ACME-IMG-001'), [
    'fail lab/toy /spec/template/spec/containers',
    'fail shop/search /spec/template/spec/containers',
    'pass shop/cart /spec/template/spec/containers',
  ]);
  assert.deepEqual(evidenceOf(r, 'ACME-RES-001'), [
    'fail shop/search /spec/template/spec/containers',
    'pass lab/toy /spec/template/spec/containers',
    'pass shop/cart /spec/template/spec/containers',
  ]);
  const img = r.controls.find((c) => c.id === 'ACME-IMG-001')!;
  assert.equal(img.check, 'cel');
  assert.equal(img.evidence.find((e) => e.outcome === 'fail')!.message, 'Deployment lab/toy: an image is referenced by tag, not by digest');
  const fw = r.frameworks[0]!;
  assert.deepEqual(fw.requirements.map((q) => [q.id, q.status]), [['IMG-1', 'fail'], ['IMG-2', 'manual'], ['RES-1', 'fail']]);
});

function controlDir(expression: string, extra = '', kinds = '[Deployment]'): string {
  const dir = mkdtempSync(join(tmpdir(), 'kp-cel-'));
  mkdirSync(join(dir, 'mine'));
  writeFileSync(
    join(dir, 'mine', 'X-CEL-001-probe.yaml'),
    `id: X-CEL-001
name: probe
title: A probe
severity: low
description: d
rationale: r
remediation: m
check:
  cel:
    match: {kinds: ${kinds}}
${expression}
    message: the probe failed
${extra}`,
  );
  return dir;
}

const compileErrors: Array<{ name: string; expression: string; kinds?: string; re: RegExp }> = [
  { name: 'a syntax error on one line: file, line and column', expression: '    expression: "object.spec.replicas >= (2"', re: /X-CEL-001-probe\.yaml:11:44: control X-CEL-001: check\.cel\.expression: CEL does not parse: Expected RPAREN/ },
  { name: 'a syntax error in a block scalar: the line inside the block', expression: '    expression: |\n      has(object.spec) &&\n        object.spec.replicas >=', re: /X-CEL-001-probe\.yaml:13:\d+: control X-CEL-001: check\.cel\.expression: CEL does not parse/ },
  { name: 'an unknown variable is a type error', expression: '    expression: "obj.spec.replicas > 1"', re: /X-CEL-001-probe\.yaml:11:18: .*CEL type error: Unknown variable: obj/ },
  { name: 'an expression that is not a bool', expression: '    expression: "1 + 2"', re: /CEL type error: the expression gives int, expected bool/ },
  { name: 'an unknown kind', expression: '    expression: "true"', kinds: '[Deploymnet]', re: /Deploymnet is not a kind kubeproof collects/ },
];

for (const c of compileErrors) {
  test(`CEL compile errors: ${c.name}`, () => {
    const dir = controlDir(c.expression, '', c.kinds);
    assert.throws(() => loadCatalog([dir]), (err: unknown) => err instanceof InputError && c.re.test(err.message), c.re.source);
  });
}

test('CEL: a runtime error (a missing field without has()) fails the object and says why; custom-resource kinds are optional needs', () => {
  const dir = controlDir('    expression: "object.spec.strategy.type == \'RollingUpdate\'"', '    pointer: /spec/strategy', '[Deployment, Certificate.cert-manager.io]');
  const catalog = loadCatalog([dir]);
  const control = catalog.control('X-CEL-001')!;
  assert.deepEqual(control.impl.needs, ['Namespace', 'Deployment']);
  assert.deepEqual(control.impl.optionalNeeds, ['Certificate.cert-manager.io']);
  const r = evaluate(snapshotOf(estate), catalog);
  const res = r.controls.find((x) => x.id === 'X-CEL-001')!;
  assert.equal(res.status, 'not-assessed', 'Certificate.cert-manager.io was not collected at all');
  const r2 = evaluate(snapshotOf(estate, { 'Certificate.cert-manager.io': { status: 'absent', count: 0 } }), catalog);
  const res2 = r2.controls.find((x) => x.id === 'X-CEL-001')!;
  assert.equal(res2.status, 'fail');
  assert.match(res2.evidence[0]!.message, /could not be evaluated \(No such key: strategy\)/);
  assert.equal(res2.evidence[0]!.observed, null);
});

test('CEL: integers are ints, as in Kubernetes CEL', () => {
  const dir = controlDir('    expression: "!has(object.spec.replicas) || object.spec.replicas == 3"', '    pointer: /spec/replicas');
  const r = evaluate(snapshotOf(estate), loadCatalog([dir]));
  const ev = r.controls.find((x) => x.id === 'X-CEL-001')!.evidence.map((e) => `${e.outcome} ${e.object.name} ${JSON.stringify(e.observed)}`).sort();
  assert.deepEqual(ev, ['pass cart 3', 'pass search null', 'pass toy null']);
});

test('CEL: --controls on the command line, and a compile error is exit 2 with file:line:column', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kp-cel-cli-'));
  const manifests = join(dir, 'estate.yaml');
  writeFileSync(manifests, estate);
  const ok = kubeproof(['audit', '--manifests', manifests, '--controls', EXAMPLES, '--framework', 'acme-platform-baseline', '--out', join(dir, 'out')]);
  assert.equal(ok.code, 0, ok.stderr);
  assert.match(ok.stdout, /acme-platform-baseline/);
  const bad = kubeproof(['controls', 'list', '--controls', controlDir('    expression: "object.spec.replicas >= (2"')]);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /X-CEL-001-probe\.yaml:11:44: .*CEL does not parse/);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import check, { registryAllows } from '../../src/checks/allowed-registries.js';
import { configSchema } from '../../src/config.js';
import { parseImageReference, type ImageReference } from '../../src/inventory/image-reference.js';
import { outcomes, runCheck } from '../support/harness.js';
import { estate } from '../support/images.js';

const config = (allowedRegistries?: string[]) => configSchema.parse(allowedRegistries ? { images: { allowedRegistries } } : {});
const ref = (s: string) => (parseImageReference(s) as { ref: ImageReference }).ref;

test('allowed-registries: no allowlist is not applicable, and says the organisation must name its registries', () => {
  const run = runCheck(check, {}, estate(), config());
  assert.deepEqual(run.evidence, []);
  assert.match(run.notApplicable!, /must list them in the config file \(images\.allowedRegistries\)/);
});

test('allowed-registries: images outside the allowlist fail, invalid references fail with the reason', () => {
  const run = runCheck(check, {}, estate(), config(['registry.example.com/payments', 'docker.io/library']));
  assert.deepEqual(outcomes(run, 'fail'), ['Pod/records/debug shell /spec/containers/0/image']);
  assert.ok(outcomes(run, 'pass').includes('StatefulSet/pay/ledger migrate /spec/template/spec/initContainers/0/image'));
  assert.ok(outcomes(run, 'pass').includes('Deployment/web/frontend nginx /spec/template/spec/containers/0/image'));
  const invalid = run.evidence.find((e) => e.object.name === 'debug')!;
  assert.equal(invalid.messageId, 'invalid');
  assert.match(String(invalid.data!.error), /must be lower case/);
});

test('allowed-registries: a path entry does not admit its neighbours, nor Docker Hub another registry', () => {
  const run = runCheck(check, {}, estate(), config(['registry.example.com/payments/checkout']));
  const fails = outcomes(run, 'fail');
  assert.ok(fails.includes('StatefulSet/pay/ledger ledger /spec/template/spec/containers/0/image'));
  assert.ok(fails.includes('Deployment/web/frontend nginx /spec/template/spec/containers/0/image'));
  assert.deepEqual(outcomes(run, 'pass'), ['Deployment/pay/checkout checkout /spec/template/spec/containers/0/image']);
  const ledger = run.evidence.find((e) => e.object.name === 'ledger' && e.container === 'ledger')!;
  assert.equal(ledger.observed, 'registry.example.com/payments/ledger:1.9.3');
  assert.equal(ledger.expected, 'an image from registry.example.com/payments/checkout');
});

const table: Array<[string, string, boolean]> = [
  ['registry.example.com', 'registry.example.com/a/b:1', true],
  ['registry.example.com', 'registry.example.com.evil.io/a:1', false],
  ['registry.example.com/payments', 'registry.example.com/payments-evil/a:1', false],
  ['registry.example.com/payments', 'registry.example.com/payments/a:1', true],
  ['docker.io', 'nginx', true],
  ['index.docker.io/library', 'nginx:1.27', true],
  ['docker.io/library', 'bitnami/redis:7', false],
  ['*.dkr.ecr.eu-west-1.amazonaws.com', '123456789012.dkr.ecr.eu-west-1.amazonaws.com/api:1', true],
  ['*.dkr.ecr.eu-west-1.amazonaws.com', 'dkr.ecr.eu-west-1.amazonaws.com/api:1', false],
  ['localhost:5000', 'localhost:5000/a/b:1', true],
  ['localhost', 'localhost:5000/a/b:1', false],
  ['Registry.Example.com', 'registry.example.com/a:1', true],
];
for (const [entry, image, allowed] of table) {
  test(`allowed-registries: ${entry} ${allowed ? 'admits' : 'refuses'} ${image}`, () => {
    assert.equal(registryAllows(entry, ref(image)), allowed);
  });
}

test('allowed-registries: the config refuses an entry with a scheme or a tag', () => {
  assert.throws(() => config(['https://registry.example.com']));
  assert.throws(() => config(['registry.example.com/app:1']));
});

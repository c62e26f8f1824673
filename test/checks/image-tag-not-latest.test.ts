import { test } from 'node:test';
import assert from 'node:assert/strict';
import check from '../../src/checks/image-tag-not-latest.js';
import { outcomes, runCheck } from '../support/harness.js';
import { estate } from '../support/images.js';

const pod = (image: string) => `apiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: a}\nspec: {containers: [{name: c, image: ${JSON.stringify(image)}}]}\n`;

test('image-tag-not-latest: latest and no tag fail everywhere, in every kind of container', () => {
  const run = runCheck(check, {}, estate());
  assert.deepEqual(outcomes(run, 'fail'), [
    'Deployment/web/frontend nginx /spec/template/spec/containers/0/image',
    'Deployment/web/legacy sidecar /spec/template/spec/containers/1/image',
    'Pod/records/debug shell /spec/containers/0/image',
  ]);
  assert.equal(run.evidence.find((e) => e.container === 'sidecar')!.messageId, 'noTag');
  assert.equal(run.evidence.find((e) => e.container === 'nginx')!.messageId, 'latest');
  assert.equal(run.evidence.find((e) => e.container === 'shell')!.messageId, 'invalid');
});

const cases: Array<[string, 'pass' | 'fail']> = [
  ['nginx:1.27', 'pass'],
  ['nginx:latest', 'fail'],
  ['nginx', 'fail'],
  ['localhost:5000/app', 'fail'],
  [`nginx:latest@sha256:${'a'.repeat(64)}`, 'pass'],
  [`nginx@sha256:${'a'.repeat(64)}`, 'pass'],
  ['nginx:LATEST', 'pass'],
];
for (const [image, outcome] of cases) {
  test(`image-tag-not-latest: ${image} ${outcome}es`, () => {
    const run = runCheck(check, {}, pod(image));
    assert.deepEqual(run.evidence.map((e) => e.outcome), [outcome]);
  });
}

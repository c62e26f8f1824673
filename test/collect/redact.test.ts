import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseManifestText } from '../../src/collect/manifests.js';
import { detectCredential, redactObject } from '../../src/collect/redact.js';

const CANARY = 'kpcanary-7f3e9b1d2c4a';
const b64 = (s: string) => Buffer.from(s).toString('base64');

test('a Secret keeps its metadata and loses data, stringData and its last-applied annotation', () => {
  const [{ object }] = parseManifestText(
    `apiVersion: v1
kind: Secret
metadata:
  name: db
  namespace: shop
  annotations:
    kubectl.kubernetes.io/last-applied-configuration: '{"apiVersion":"v1","kind":"Secret","stringData":{"password":"${CANARY}"}}'
    team: payments
  managedFields:
  - manager: kubectl
    operation: Update
type: Opaque
data:
  password: ${b64(CANARY)}
stringData:
  other: ${CANARY}
`,
    's.yaml',
  ) as unknown as [{ object: any }];
  const out = redactObject(object);
  assert.equal(out.metadata.name, 'db');
  assert.equal(out.type, 'Opaque');
  assert.deepEqual(out.metadata.annotations, { team: 'payments' });
  assert.equal(out.metadata.managedFields, undefined);
  const text = JSON.stringify(out);
  for (const form of [CANARY, b64(CANARY), encodeURIComponent(CANARY)]) assert.ok(!text.includes(form), `leaked ${form}`);
});

test('credential literals in env values and ConfigMap data become a fingerprint marker', () => {
  const [{ object: pod }, { object: cm }] = parseManifestText(
    `apiVersion: v1
kind: Pod
metadata: {name: p, namespace: n}
spec:
  containers:
  - name: c
    image: x
    env:
    - {name: DB_PASSWORD, value: "${CANARY}"}
    - {name: LOG_LEVEL, value: debug}
    - {name: API_TOKEN, value: "\${TOKEN_FROM_VAULT}"}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: cfg, namespace: n}
data:
  application.properties: |
    server.port=8080
    spring.datasource.password=${CANARY}
  url: "postgres://app:${CANARY}@db:5432/app"
  color: blue
`,
    'p.yaml',
  ) as unknown as [{ object: any }, { object: any }];
  redactObject(pod);
  redactObject(cm);
  const env = pod.spec.containers[0].env;
  assert.match(env[0].value, /^kubeproof:redacted:credential-key-name:len=21:fp=[0-9a-f]{12}$/);
  assert.equal(env[1].value, 'debug');
  assert.equal(env[2].value, '${TOKEN_FROM_VAULT}', 'a reference is not a credential');
  assert.match(cm.data['application.properties'], /^kubeproof:redacted:embedded-credential-assignment:/);
  assert.match(cm.data.url, /^kubeproof:redacted:url-with-password:/);
  assert.equal(cm.data.color, 'blue');
  assert.ok(!JSON.stringify([pod, cm]).includes(CANARY));
});

const detectors: Array<[string, string, string | undefined]> = [
  ['AWS_KEY', 'AKIAIOSFODNN7EXAMPLE', 'aws-access-key-id'],
  ['cert', '-----BEGIN RSA PRIVATE KEY-----\nMIIE...', 'pem-private-key'],
  ['gh', 'ghp_aBcdEfGhIjKlMnOpQrStUvWxYz0123456789', 'github-token'],
  ['slack', 'xoxb-123456789012-abcdefghij', 'slack-token'],
  ['password', '', undefined],
  ['password', '$(SECRET_REF)', undefined],
  ['replicas', '3', undefined],
  ['client_secret', 'abc', 'credential-key-name'],
  ['PSP_API_KEY_FILE', '/var/run/secrets/psp/api-key', undefined],
  ['DB_CREDENTIALS_DIR', '/etc/records/db', undefined],
  ['VAULT_TOKEN_TTL', '3600', undefined],
  ['ADMIN_PASSWORD', 'changeme', 'credential-key-name'],
  ['config.yaml', 'tokenFile: /var/run/secrets/kubernetes.io/serviceaccount/token\n', undefined],
  ['prometheus.yml', 'basic_auth:\n  username: m\n  password_file: /etc/prometheus/secrets/password\n', undefined],
  ['app.ini', '[db]\npassword = hunter22\n', 'embedded-credential-assignment'],
];

for (const [key, value, expected] of detectors) {
  test(`detectCredential(${key}) → ${expected ?? 'none'}`, () => {
    assert.equal(detectCredential(key, value), expected);
  });
}

const entropy: Array<[string, string, boolean]> = [
  ['SESSION_KEY_B', 'q7R#vL2@xN9!mK4$wP8&zT3', true],
  ['RANDOM_HEX', 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855', false],
  ['UUID', '123e4567-e89b-12d3-a456-426614174000', false],
  ['IMAGE', 'registry.example.com/shop/api:1.4.2', false],
  ['URL', 'https://api.example.com/v1/webhooks/orders', false],
  ['GREETING', 'Hello, World! Welcome aboard.', false],
];
for (const [name, value, redacted] of entropy) {
  test(`entropy detector on env ${name}: ${redacted ? 'redacted' : 'kept'}`, () => {
    const [{ object }] = parseManifestText(
      `apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers: [{name: c, image: x, env: [{name: ${name}, value: ${JSON.stringify(value)}}]}]\n`,
      'e.yaml',
    ) as unknown as [{ object: any }];
    redactObject(object);
    const v = object.spec.containers[0].env[0].value as string;
    assert.equal(v.startsWith('kubeproof:redacted:high-entropy:'), redacted, v);
  });
}

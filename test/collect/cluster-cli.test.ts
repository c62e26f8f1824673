import { collectionPlan } from '../../src/collect/plan.js';
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { objectsFromYaml, startApiServer, type ApiServer, type ApiServerOptions } from '../support/apiserver.js';
import { hasStackTrace, kubeproofAsync, type CliRun } from '../support/cli.js';
import { CANARY_FORMS, ESTATE_FIXTURE } from '../support/estate.js';
import { tlsMaterial } from '../support/tls.js';

/** The CLI in its own process, without blocking this one: the API server answers from here. */
function kubeproof(args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliRun> {
  return kubeproofAsync(args, { cwd: mkdtempSync(join(tmpdir(), 'kp-cli-cluster-')), env });
}

const servers: ApiServer[] = [];
after(async () => {
  await Promise.all(servers.map((s) => s.close()));
});
async function server(options: Partial<ApiServerOptions> = {}): Promise<ApiServer> {
  const s = await startApiServer({ objects: objectsFromYaml([ESTATE_FIXTURE]), ...options });
  servers.push(s);
  return s;
}

function tmp(): string {
  return mkdtempSync(join(tmpdir(), 'kp-out-'));
}

async function closedPort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const port = (srv.address() as { port: number }).port;
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}

test('collect --kubeconfig: a snapshot, one log line per kind on a non-terminal, the summary on stdout', async () => {
  const s = await server({ faults: { Role: [{ status: 403 }] } });
  const out = join(tmp(), 'snap.json');
  const r = await kubeproof(['collect', '--kubeconfig', s.kubeconfig(), '--out', out, '--page-size', '3', '--concurrency', '4']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^snapshot of test-cluster: 26 objects, 1 coverage gap\n/);
  assert.match(r.stderr, new RegExp(`^kubeproof: collecting ${collectionPlan().length} kinds from https://127\\.0\\.0\\.1:\\d+ \\(context test\\)\\n`));
  assert.match(r.stderr, /^kubeproof: Pod: 7 objects \(\d+ requests?, \d+\.\ds\)$/m);
  assert.match(r.stderr, /^kubeproof: Role: forbidden: 403 Forbidden: /m);
  const snapshot = JSON.parse(readFileSync(out, 'utf8'));
  assert.equal(snapshot.source.type, 'cluster');
  assert.ok(s.requests.filter((q) => q.kind === 'Pod').every((q) => q.query.limit === '3'));
});

test('--quiet prints nothing; --log-format json prints one JSON object a line', async () => {
  const s = await server({ faults: { Pod: [{ status: 429, retryAfter: 0, times: 1 }] } });
  const quiet = await kubeproof(['collect', '--kubeconfig', s.kubeconfig(), '--out', join(tmp(), 's.json'), '--quiet']);
  assert.equal(quiet.code, 0, quiet.stderr);
  assert.equal(quiet.stdout + quiet.stderr, '');
  s.faults.Pod = [{ status: 429, retryAfter: 0, times: 1 }];
  const json = await kubeproof(['collect', '--kubeconfig', s.kubeconfig(), '--out', join(tmp(), 's.json'), '--log-format', 'json']);
  assert.equal(json.code, 0, json.stderr);
  const events = json.stderr.trim().split('\n').map((l) => JSON.parse(l) as { event: string; kind?: string; level: string });
  assert.equal(events[0]!.event, 'start');
  assert.equal(events.at(-1)!.event, 'finish');
  assert.ok(events.some((e) => e.event === 'retry' && e.level === 'warn'));
  assert.equal(events.filter((e) => e.event === 'kind').length, collectionPlan().length);
});

test('audit --kubeconfig: results with the coverage gaps listed and the controls that need them not-assessed', async () => {
  const s = await server({ faults: { Pod: [{ status: 403 }] } });
  const dir = tmp();
  const r = await kubeproof(['audit', '--kubeconfig', s.kubeconfig(), '--out', dir, '--quiet']);
  assert.equal(r.code, 0, r.stderr);
  const results = JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8'));
  assert.equal(results.controls.find((c: { id: string }) => c.id === 'KP-PS-001').status, 'not-assessed');
  const shown = await kubeproof(['report', '--results', join(dir, 'results.json')]);
  assert.match(shown.stdout, /coverage gaps:\n {2}Pod: forbidden — 403 Forbidden: /);
  assert.match(shown.stdout, /KP-PS-001 not assessed: the data this control needs is missing: Pod forbidden/);
});

test('no secret value reaches stdout, stderr, the snapshot or the results, even with faults and debug', async () => {
  const s = await server({ faults: { Secret: [{ status: 500, times: 1 }], ConfigMap: [{ resetAfterBytes: 100, times: 1 }] } });
  const dir = tmp();
  for (const format of ['text', 'json']) {
    const r = await kubeproof(['audit', '--kubeconfig', s.kubeconfig(), '--out', dir, '--log-format', format, '--page-size', '2', '--debug']);
    assert.equal(r.code, 0, r.stderr);
    const all = r.stdout + r.stderr + readFileSync(join(dir, 'snapshot.json'), 'utf8') + readFileSync(join(dir, 'results.json'), 'utf8');
    for (const form of CANARY_FORMS) assert.equal(all.includes(form), false, `${format}: found ${form}`);
  }
});

interface Unreachable {
  name: string;
  kubeconfig: (s: ApiServer) => Promise<string> | string;
  says: RegExp;
}

const unreachable: Unreachable[] = [
  { name: 'a refused token (401)', kubeconfig: (s) => s.kubeconfig({ token: 'not-the-token' }), says: /^kubeproof: error: the cluster prod-eu at https:\/\/127\.0\.0\.1:\d+ \(context prod\) refused the credentials: 401 Unauthorized\n$/ },
  { name: 'TLS verification', kubeconfig: (s) => s.kubeconfig({ caFile: tlsMaterial().otherCaFile }), says: /^kubeproof: error: cannot reach the cluster prod-eu at https:\/\/127\.0\.0\.1:\d+ \(context prod\): TLS verification of 127\.0\.0\.1:\d+ failed: .+\n$/ },
  { name: 'connection refused', kubeconfig: async (s) => s.kubeconfig({ server: `https://127.0.0.1:${await closedPort()}` }), says: /^kubeproof: error: cannot reach the cluster prod-eu at https:\/\/127\.0\.0\.1:\d+ \(context prod\): connection refused by 127\.0\.0\.1:\d+\n$/ },
  { name: 'DNS', kubeconfig: (s) => s.kubeconfig({ server: 'https://kubeproof-test.invalid:6443' }), says: /^kubeproof: error: cannot reach the cluster prod-eu at https:\/\/kubeproof-test\.invalid:6443 \(context prod\): DNS lookup of kubeproof-test\.invalid:6443 failed \((ENOTFOUND|EAI_AGAIN|EAI_NONAME)\)\n$/ },
];

for (const u of unreachable) {
  test(`exit 3, one line naming server, context and cause: ${u.name}`, async () => {
    const s = await server();
    const dir = tmp();
    const base = await u.kubeconfig(s);
    // The same kubeconfig under the names a user would see.
    const config = JSON.parse(readFileSync(base, 'utf8'));
    config.contexts[0].name = 'prod';
    config['current-context'] = 'prod';
    config.clusters[0].name = 'prod-eu';
    config.contexts[0].context.cluster = 'prod-eu';
    const file = join(dir, 'kubeconfig');
    (await import('node:fs')).writeFileSync(file, JSON.stringify(config));
    const r = await kubeproof(['audit', '--kubeconfig', file, '--out', join(dir, 'out')]);
    assert.equal(r.code, 3, r.stderr);
    assert.match(r.stderr, u.says);
    assert.equal(hasStackTrace(r.stderr), false);
    assert.equal(existsSync(join(dir, 'out', 'results.json')), false);
    assert.equal(r.stderr.includes('not-the-token'), false);
  });
}

test('usage errors: bad numbers and durations, an unknown context, a missing kubeconfig, --in-cluster outside a pod', async () => {
  const s = await server();
  const kc = s.kubeconfig();
  const cases: Array<[string[], number, RegExp, NodeJS.ProcessEnv?]> = [
    [['--kubeconfig', kc, '--concurrency', '0'], 2, /--concurrency takes a whole number from 1 to 256, not "0"/],
    [['--kubeconfig', kc, '--page-size', 'lots'], 2, /--page-size takes a whole number/],
    [['--kubeconfig', kc, '--timeout', 'soon'], 2, /--timeout takes a duration such as 30s, 5m or 1h30m, not "soon"/],
    [['--kubeconfig', kc, '--log-format', 'xml'], 2, /--log-format.*xml.*invalid|Allowed choices are text, json/i],
    [['--kubeconfig', kc, '--context', 'staging'], 2, /--context staging: no such context in the kubeconfig \(contexts: test\)/],
    [['--kubeconfig', join(tmp(), 'nope')], 2, /nope: cannot read kubeconfig: no such file/],
    [['--in-cluster'], 3, /--in-cluster: not running in a pod/, { KUBERNETES_SERVICE_HOST: '', KUBERNETES_SERVICE_PORT: '' }],
  ];
  for (const [args, code, says, env] of cases) {
    const r = await kubeproof(['collect', ...args, '--out', join(tmp(), 's.json')], env);
    assert.equal(r.code, code, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, says, args.join(' '));
    assert.equal(hasStackTrace(r.stderr), false);
  }
});

test('$KUBECONFIG is used when no --kubeconfig is given', async () => {
  const s = await server();
  const r = await kubeproof(['collect', '--out', join(tmp(), 's.json'), '--quiet'], { KUBECONFIG: s.kubeconfig() });
  assert.equal(r.code, 0, r.stderr);
});

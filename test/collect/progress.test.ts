import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createCollectLog } from '../../src/collect/progress.js';
import { inert } from '../../src/cli/terminal.js';

test('on a terminal: one status line rewritten in place, gaps printed above it, hostile text made inert', () => {
  let out = '';
  const log = createCollectLog({ write: (s) => (out += s), isTTY: true }, 'text', inert);
  log.start({ server: 'https://k8s.example.com', context: 'prod', kinds: 3 });
  log.progress('Pod', 500);
  log.kindDone({ kind: 'Role', status: 'forbidden', count: 0, message: 'roles is forbidden \u001b[31m' }, { requests: 1, ms: 5 });
  log.kindDone({ kind: 'Pod', status: 'collected', count: 900 }, { requests: 2, ms: 40 });
  log.finish({ objects: 900, requests: 3, ms: 1200, gaps: 1 });
  assert.match(out, /^kubeproof: collecting from https:\/\/k8s\.example\.com \(context prod\)\n/);
  assert.match(out, /\r\x1b\[Kcollecting: 0\/3 kinds, 500 objects \(Pod 500\)/);
  assert.match(out, /\r\x1b\[Kkubeproof: Role: forbidden: roles is forbidden \\u001b\[31m\n/);
  assert.match(out, /\r\x1b\[Kkubeproof: collected 900 objects in 1\.2s with 3 requests; 1 coverage gap\n$/);
});

test('not a terminal: one plain line per event; json: one object per line', () => {
  let text = '';
  const lines = createCollectLog({ write: (s) => (text += s), isTTY: false }, 'text');
  lines.progress('Pod', 10);
  lines.retry('Pod', '429 Too Many Requests', 1000, 2, 6);
  lines.kindDone({ kind: 'Pod', status: 'collected', count: 10 }, { requests: 2, ms: 1100 });
  assert.equal(text, 'kubeproof: Pod: 429 Too Many Requests; retrying in 1.0s (attempt 2 of 6)\nkubeproof: Pod: 10 objects (2 requests, 1.1s)\n');
  let json = '';
  const j = createCollectLog({ write: (s) => (json += s), isTTY: true }, 'json');
  j.kindDone({ kind: 'Secret', status: 'collected', count: 4 }, { requests: 10, ms: 30 });
  const event = JSON.parse(json.trim());
  assert.equal(event.event, 'kind');
  assert.equal(event.kind, 'Secret');
  assert.equal(event.count, 4);
  assert.equal(event.level, 'info');
});

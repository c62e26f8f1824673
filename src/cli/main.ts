#!/usr/bin/env node
import { EXIT } from '../errors.js';
import { runCleanups } from './interrupt.js';
import { runCli } from './run.js';

// The only place kubeproof exits the process. Output files are written through temporary files
// and renames, and a pack's manifest comes last, so stopping between two steps leaves no half
// file and no pack that looks complete; what an interrupted run had claimed is removed.
for (const [signal, code] of [['SIGINT', EXIT.interrupted], ['SIGTERM', 143]] as const) {
  process.once(signal, () => {
    runCleanups();
    process.stderr.write(`kubeproof: interrupted by ${signal}; nothing partial was left behind\n`);
    process.exit(code);
  });
}

// `kubeproof controls list | head`: a closed pipe ends the output, not the process with a trace.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw err;
});

const code = await runCli(process.argv.slice(2), {
  stdout: (s) => process.stdout.write(s),
  stderr: (s) => process.stderr.write(s),
  cwd: process.cwd(),
  isTTY: Boolean(process.stdout.isTTY),
});
process.exitCode = code;

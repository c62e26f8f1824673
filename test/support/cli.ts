import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../../src/paths.js';

export const MAIN = join(PACKAGE_ROOT, 'dist', 'src', 'cli', 'main.js');

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the built CLI as a user would, in its own process. */
export function kubeproof(args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv; input?: string } = {}): CliRun {
  const r = spawnSync(process.execPath, [MAIN, ...args], {
    cwd: options.cwd ?? PACKAGE_ROOT,
    env: { ...process.env, KUBEPROOF_REDACTION_KEY: 'test-key', SOURCE_DATE_EPOCH: '1795000000', ...options.env },
    input: options.input ?? '',
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/**
 * The built CLI in its own process without blocking this one: for tests whose API server answers
 * from this process (kubeproof() would block it). No SOURCE_DATE_EPOCH: a cluster's collection time
 * is the clock's.
 */
export function kubeproofAsync(args: string[], options: { cwd: string; env?: NodeJS.ProcessEnv }): Promise<CliRun> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [MAIN, ...args], {
      cwd: options.cwd,
      env: { ...process.env, KUBEPROOF_REDACTION_KEY: 'test-key', ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? -1, stdout, stderr });
    });
  });
}

/** No stack trace lines (`    at fn (file:line)`) in what the user sees. */
export function hasStackTrace(text: string): boolean {
  return /^\s+at .+[:(]/m.test(text);
}

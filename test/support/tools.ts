import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

export const CHROMIUM = '/usr/bin/chromium';
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

/**
 * A test that needs a system tool (Debian's chromium, poppler-utils) skips with the reason on a
 * developer's machine that lacks it, but fails in CI, where .ci/run installs it: it must never
 * be skipped there without anyone noticing.
 */
export function requireTool(path: string, apt: string): string | undefined {
  if (existsSync(path)) return undefined;
  const reason = `${path} is not installed (apt-get install -y ${apt})`;
  if (process.env.CI) throw new Error(`${reason}: CI must run this test`);
  return reason;
}

export function hasCommand(cmd: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' }).status === 0;
}

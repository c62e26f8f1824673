import { CommanderError } from 'commander';
import { EXIT, KubeproofError } from '../errors.js';
import type { Io } from './io.js';
import { buildProgram, commanderExit } from './program.js';
import { inert } from './terminal.js';

/**
 * Runs the CLI with these arguments and returns the exit code; prints errors as one line each
 * (a stack trace only with --debug). Never exits the process itself.
 */
export async function runCli(argv: readonly string[], io: Io): Promise<number> {
  const debug = argv.includes('--debug');
  let code = 0;
  const program = buildProgram(io, (c) => {
    code = c;
  });
  try {
    await program.parseAsync(argv as string[], { from: 'user' });
    return code;
  } catch (err) {
    if (err instanceof CommanderError) return commanderExit(err);
    if (err instanceof KubeproofError) {
      io.stderr(`kubeproof: error: ${inert(err.message).replace(/\\u000a/g, '\n')}\n`);
      if (debug && err.stack) io.stderr(`${err.stack}\n`);
      return err.exitCode;
    }
    const message = err instanceof Error ? err.message : String(err);
    io.stderr(`kubeproof: internal error: ${inert(message)}\nThis is a bug in kubeproof; run again with --debug for a stack trace and report it.\n`);
    if (debug && err instanceof Error && err.stack) io.stderr(`${err.stack}\n`);
    return EXIT.internal;
  }
}

/**
 * Errors that reach the user. Each maps to one documented exit code in the CLI entry; anything
 * else is a bug and is reported as such.
 */

export const EXIT = {
  clean: 0,
  findings: 1,
  input: 2,
  cluster: 3,
  interrupted: 130,
  internal: 70,
} as const;

export abstract class KubeproofError extends Error {
  abstract readonly exitCode: number;
}

/** A location in an input file, printed as `file:line:column`. */
export interface InputLocation {
  file: string;
  line?: number;
  column?: number;
}

export function formatLocation(loc: InputLocation): string {
  let s = loc.file;
  if (loc.line !== undefined) s += `:${loc.line}`;
  if (loc.line !== undefined && loc.column !== undefined) s += `:${loc.column}`;
  return s;
}

/** Bad input: a file that does not parse or does not have the expected shape, a bad flag value. */
export class InputError extends KubeproofError {
  readonly exitCode = EXIT.input;
  constructor(
    message: string,
    readonly location?: InputLocation,
  ) {
    super(location ? `${formatLocation(location)}: ${message}` : message);
    this.name = 'InputError';
  }
}

export class UsageError extends KubeproofError {
  readonly exitCode = EXIT.input;
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** The cluster could not be reached at all, or refused the credentials. */
export class ClusterError extends KubeproofError {
  readonly exitCode = EXIT.cluster;
  constructor(message: string) {
    super(message);
    this.name = 'ClusterError';
  }
}

export class InterruptedError extends KubeproofError {
  readonly exitCode = EXIT.interrupted;
  constructor(signal: string) {
    super(`interrupted by ${signal}; nothing partial was written`);
    this.name = 'InterruptedError';
  }
}

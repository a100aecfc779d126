import type { Command } from 'commander';
import { reasonForCode, StatusError } from '../api/errors.ts';
import { createCliContext, type CliContext, type CliIO, type GlobalOptions } from './cli-context.ts';
import { UsageError } from './resource-resolver.ts';

/** Runner wraps a verb's action: builds the CliContext from global flags, runs, closes the client. */
export type Runner = <A extends unknown[]>(fn: (ctx: CliContext, ...args: A) => Promise<void>) => (...args: unknown[]) => Promise<void>;

/** ExitError ends the command with a given exit code after printing nothing more (e.g. exec). */
export class ExitError extends Error {
  readonly exitCode: number;
  constructor(exitCode: number, message = '') {
    super(message);
    this.exitCode = exitCode;
  }
}

/**
 * makeRunner returns the Runner for a program: commander passes (args…, options, command); the
 * runner hands the verb its positional args and options with the context first.
 */
export function makeRunner(program: Command, io: CliIO, contextFactory = createCliContext): Runner {
  return (fn) => async (...args: unknown[]) => {
    const command = args.at(-1) as Command;
    const verbArgs = args.slice(0, -1);
    const ctx = contextFactory(program.opts<GlobalOptions>(), io);
    void command;
    try {
      await (fn as (ctx: CliContext, ...a: unknown[]) => Promise<void>)(ctx, ...verbArgs);
    } finally {
      await ctx.client.close();
    }
  };
}

/**
 * describeError renders an error as kubectl does and picks the exit code:
 * `Error from server (NotFound): pods "x" not found`, `error: <usage problem>`.
 */
export function describeError(err: unknown): { text: string; exitCode: number } {
  if (err instanceof ExitError) return { text: err.message ? `${err.message}\n` : '', exitCode: err.exitCode };
  if (err instanceof StatusError) {
    const reason = err.status.reason || reasonForCode(err.status.code) || `code ${err.status.code}`;
    return { text: `Error from server (${reason}): ${err.status.message ?? ''}\n`, exitCode: 1 };
  }
  if (err instanceof UsageError) return { text: `error: ${err.message}\n`, exitCode: 1 };
  const e = err as NodeJS.ErrnoException & { cause?: NodeJS.ErrnoException };
  const code = e?.code ?? e?.cause?.code;
  if (code === 'ECONNREFUSED' || code === 'UND_ERR_CONNECT_TIMEOUT' || code === 'ENOTFOUND') {
    return { text: `The connection to the server was refused - did you specify the right host or port? (${e.message})\n`, exitCode: 1 };
  }
  return { text: `error: ${e?.message ?? String(err)}\n`, exitCode: 1 };
}

/**
 * runRemoteCommand connects the terminal to a pod's `exec` or `attach` subresource and ends the
 * command as kubectl does: the remote exit code becomes skiffctl's, a refused request a Status
 * error. With -t and -i on a terminal, stdin is put in raw mode for the session.
 */
import { newStatus, StatusError } from '../api/errors.ts';
import type { PodLike } from './pod-for.ts';
import { Resources } from '../api/resources.ts';
import type { CliContext } from './cli-context.ts';
import { runExec } from './exec-stream.ts';
import { resourcePath } from './paths.ts';
import { ExitError } from './runner.ts';

/** RemoteOptions are the -i/-t flags of exec and attach. */
export interface RemoteOptions {
  stdin?: boolean;
  tty?: boolean;
}

/** runRemoteCommand runs one exec or attach session of pod (see the file comment). */
export async function runRemoteCommand(ctx: CliContext, pod: PodLike, subresource: 'exec' | 'attach', query: URLSearchParams, opts: RemoteOptions): Promise<void> {
  if (opts.stdin) query.set('stdin', 'true');
  if (opts.tty) query.set('tty', 'true');
  // The CLI's stdin (process.stdin in the binary, a stream in tests); raw mode only on a terminal.
  const stdin = ctx.io.stdin as NodeJS.ReadStream;
  const raw = Boolean(opts.tty && opts.stdin && stdin.isTTY);
  if (raw) stdin.setRawMode(true);
  try {
    const { code, message } = await runExec(ctx.connection, resourcePath(Resources.pods, pod.metadata.namespace, pod.metadata.name, subresource), query, {
      stdin: opts.stdin ? stdin : undefined,
      stdout: ctx.io.out,
      stderr: ctx.io.err,
      terminalSize: opts.tty && process.stdout.isTTY ? () => ({ width: process.stdout.columns, height: process.stdout.rows }) : undefined,
      onResize: (send) => process.stdout.on('resize', send),
    }).catch(rethrowAsStatus);
    if (code !== 0) throw new ExitError(code, message ? `error: ${message}` : (opts.tty ? '' : `command terminated with exit code ${code}`));
  } finally {
    if (raw) stdin.setRawMode(false);
    if (opts.stdin) stdin.pause();
  }
}

/** rethrowAsStatus turns a refused WebSocket upgrade (the server's Status) into a StatusError, as kubectl reports it. */
export function rethrowAsStatus(err: Error & { status?: { code?: number; message?: string; reason?: string } }): never {
  if (err.status?.code) throw new StatusError(newStatus(err.status.code, (err.status.reason ?? '') as never, err.status.message ?? err.message));
  throw err;
}

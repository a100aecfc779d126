import type { Command } from 'commander';
import { StatusError } from '../../api/errors.ts';
import { newStatus } from '../../api/errors.ts';
import { Resources } from '../../api/resources.ts';
import { runExec } from '../exec-stream.ts';
import { resourcePath } from '../paths.ts';
import { containerFor, podFor } from '../pod-for.ts';
import { UsageError } from '../resource-resolver.ts';
import { ExitError, type Runner } from '../runner.ts';

/** registerExec adds `exec [-it] [-c container] POD|TYPE/NAME -- COMMAND [args…]`. */
export function registerExec(program: Command, run: Runner): void {
  program
    .command('exec')
    .description('Execute a command in a container')
    .argument('<target>', 'POD | TYPE/NAME')
    .argument('[command...]', 'command and arguments after --')
    .option('-c, --container <name>', 'container name')
    .option('-i, --stdin', 'pass stdin to the container')
    .option('-t, --tty', 'stdin is a TTY')
    .action(run(async (ctx, target: string, command: string[], opts: { container?: string; stdin?: boolean; tty?: boolean }) => {
      if (command.length === 0) throw new UsageError('you must specify at least one command for the container');
      const pod = await podFor(ctx, target);
      const container = containerFor(ctx, pod, opts.container);
      const query = new URLSearchParams({ container, stdout: 'true', stderr: String(!opts.tty) });
      for (const arg of command) query.append('command', arg);
      if (opts.stdin) query.set('stdin', 'true');
      if (opts.tty) query.set('tty', 'true');
      const stdin = process.stdin;
      const raw = Boolean(opts.tty && opts.stdin && stdin.isTTY);
      if (raw) stdin.setRawMode(true);
      try {
        const { code, message } = await runExec(ctx.connection, resourcePath(Resources.pods, pod.metadata.namespace, pod.metadata.name, 'exec'), query, {
          stdin: opts.stdin ? stdin : undefined,
          stdout: ctx.io.out,
          stderr: ctx.io.err,
          terminalSize: opts.tty && process.stdout.isTTY ? () => ({ width: process.stdout.columns, height: process.stdout.rows }) : undefined,
          onResize: (send) => process.stdout.on('resize', send),
        }).catch((err: Error & { status?: { code?: number; message?: string; reason?: string } }) => {
          if (err.status?.code) throw new StatusError(newStatus(err.status.code, (err.status.reason ?? '') as never, err.status.message ?? err.message));
          throw err;
        });
        if (code !== 0) throw new ExitError(code, message ? `error: ${message}` : (opts.tty ? '' : `command terminated with exit code ${code}`));
      } finally {
        if (raw) stdin.setRawMode(false);
        if (opts.stdin) stdin.pause();
      }
    }));
}

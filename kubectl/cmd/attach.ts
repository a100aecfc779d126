import type { Command } from 'commander';
import { containerFor, podFor } from '../pod-for.ts';
import { runRemoteCommand } from '../remote-command.ts';
import type { Runner } from '../runner.ts';

/**
 * registerAttach adds `attach [-it] [-c container] POD|TYPE/NAME`: the terminal joins the
 * container's main process (its output, and with -i its stdin), as kubectl attach.
 */
export function registerAttach(program: Command, run: Runner): void {
  program
    .command('attach')
    .description('Attach to a process that is already running inside an existing container')
    .argument('<target>', 'POD | TYPE/NAME')
    .option('-c, --container <name>', 'container name')
    .option('-i, --stdin', 'pass stdin to the container')
    .option('-t, --tty', 'stdin is a TTY')
    .option('-q, --quiet', 'print only what the container writes')
    .action(run(async (ctx, target: string, opts: { container?: string; stdin?: boolean; tty?: boolean; quiet?: boolean }) => {
      const pod = await podFor(ctx, target);
      const container = containerFor(ctx, pod, opts.container);
      if (opts.stdin && opts.tty && !opts.quiet) ctx.io.err.write("If you don't see a command prompt, try pressing enter.\n");
      const query = new URLSearchParams({ container, stdout: 'true', stderr: String(!opts.tty) });
      await runRemoteCommand(ctx, pod, 'attach', query, opts);
    }));
}

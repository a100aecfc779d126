import type { Command } from 'commander';
import { containerFor, podFor } from '../pod-for.ts';
import { runRemoteCommand } from '../remote-command.ts';
import { UsageError } from '../resource-resolver.ts';
import type { Runner } from '../runner.ts';

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
      await runRemoteCommand(ctx, pod, 'exec', query, opts);
    }));
}

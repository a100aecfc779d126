import type { Command } from 'commander';
import { ExitError } from '../runner.ts';

/** registerTop adds `top nodes|pods`, which needs the metrics API that Skiff does not serve yet. */
export function registerTop(program: Command): void {
  program
    .command('top')
    .description('Display resource (CPU/memory) usage (needs the metrics API)')
    .argument('[kind]', 'nodes or pods')
    .allowUnknownOption()
    .action(() => {
      throw new ExitError(1, 'error: Metrics API not available (Skiff does not serve metrics.k8s.io yet)');
    });
}

import type { Command } from 'commander';
import { allResources } from '../../api/resources.ts';
import { UsageError } from '../resource-resolver.ts';

/** registerCompletion adds `completion bash|zsh`: a static script completing verbs and resource types. */
export function registerCompletion(program: Command): void {
  program
    .command('completion')
    .description('Output shell completion code for bash or zsh')
    .argument('<shell>', 'bash or zsh')
    .action((shell: string) => {
      if (shell !== 'bash' && shell !== 'zsh') throw new UsageError(`Unsupported shell type "${shell}".`);
      const verbs = program.commands.map((c) => c.name()).join(' ');
      const types = [...new Set(allResources().flatMap((r) => [r.resource, ...r.shortNames]))].join(' ');
      const bash = `# skiffctl ${shell} completion: source <(skiffctl completion ${shell})
_skiffctl() {
  local cur="\${COMP_WORDS[COMP_CWORD]}"
  if [ "$COMP_CWORD" -eq 1 ]; then COMPREPLY=($(compgen -W "${verbs}" -- "$cur")); return; fi
  COMPREPLY=($(compgen -W "${types}" -- "$cur"))
}
`;
      process.stdout.write(shell === 'bash' ? `${bash}complete -F _skiffctl skiffctl\n` : `autoload -U +X bashcompinit && bashcompinit\n${bash}complete -F _skiffctl skiffctl\n`);
    });
}

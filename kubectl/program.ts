import { Command } from 'commander';
import type { CliContext, CliIO, GlobalOptions } from './cli-context.ts';
import { registerApply } from './cmd/apply.ts';
import { registerCreate } from './cmd/create.ts';
import { registerDelete } from './cmd/delete.ts';
import { registerGet } from './cmd/get.ts';
import { registerLabelAndAnnotate } from './cmd/label.ts';
import { registerPatch } from './cmd/patch.ts';
import { registerReplace } from './cmd/replace.ts';
import { registerRollout } from './cmd/rollout.ts';
import { registerScale } from './cmd/scale.ts';
import { registerSet } from './cmd/set-image.ts';
import { registerAutoscale } from './cmd/autoscale.ts';
import { registerCompletion } from './cmd/completion.ts';
import { registerConfig } from './cmd/config.ts';
import { registerDescribe } from './cmd/describe.ts';
import { registerDrain } from './cmd/drain.ts';
import { registerEdit } from './cmd/edit.ts';
import { registerEvents } from './cmd/events.ts';
import { registerExec } from './cmd/exec.ts';
import { registerAttach } from './cmd/attach.ts';
import { registerCp } from './cmd/cp.ts';
import { registerPortForward } from './cmd/port-forward.ts';
import { registerExpose } from './cmd/expose.ts';
import { registerRun } from './cmd/run.ts';
import { registerInfoCommands } from './cmd/info.ts';
import { registerLogs } from './cmd/logs.ts';
import { registerNodeAdmin } from './cmd/node-admin.ts';
import { registerTop } from './cmd/top.ts';
import { registerWait } from './cmd/wait.ts';
import { registerAuth } from './cmd/auth.ts';
import { registerToken } from './cmd/token.ts';
import { registerCertificate } from './cmd/certificate.ts';
import { makeRunner } from './runner.ts';

/** Registrar adds one verb (or a family) to the program. */
type Registrar = (program: Command, run: ReturnType<typeof makeRunner>) => void;

const verbs: Registrar[] = [
  registerGet,
  registerDescribe,
  registerApply,
  registerCreate,
  registerRun,
  registerExpose,
  registerReplace,
  registerPatch,
  registerDelete,
  registerLabelAndAnnotate,
  registerScale,
  registerRollout,
  registerSet,
  registerAutoscale,
  registerLogs,
  registerExec,
  registerAttach,
  registerCp,
  registerPortForward,
  registerWait,
  registerEvents,
  registerNodeAdmin,
  registerDrain,
  registerEdit,
  registerInfoCommands,
  registerAuth,
  registerToken,
  registerCertificate,
  (program) => registerConfig(program),
  registerTop,
  (program) => registerCompletion(program),
];

/**
 * buildProgram assembles skiffctl: global flags like kubectl's, then every verb. `contextFactory`
 * lets tests run verbs against an in-process API server with captured output.
 */
export function buildProgram(io: CliIO, contextFactory?: (opts: GlobalOptions, io: CliIO) => CliContext): Command {
  const program = new Command('skiffctl')
    .description('skiffctl controls the Skiff cluster manager (a kubectl clone).')
    .option('--kubeconfig <file>', 'path to the kubeconfig file')
    .option('--context <name>', 'the kubeconfig context to use')
    .option('-n, --namespace <namespace>', 'the namespace scope for this request')
    .option('-s, --server <url>', 'the address of the API server')
    .option('--token <token>', 'bearer token for authentication')
    .option('--insecure-skip-tls-verify', 'do not check the server certificate')
    .option('--request-timeout <duration>', 'timeout of a single request (0 = none)', '0')
    .option('-v, --v <level>', 'log level; 6+ shows requests', '0')
    .showHelpAfterError('See \'skiffctl --help\' for usage.')
    .configureOutput({ writeOut: (s) => io.out.write(s), writeErr: (s) => io.err.write(s) })
    .exitOverride();
  const run = makeRunner(program, io, contextFactory);
  for (const register of verbs) register(program, run);
  return program;
}

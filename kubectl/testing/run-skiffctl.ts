import { PassThrough, Writable } from 'node:stream';
import { CommanderError } from 'commander';
import { buildProgram } from '../program.ts';
import { describeError } from '../runner.ts';

/** CliResult is what one command printed and its exit code. */
export interface CliResult {
  out: string;
  err: string;
  code: number;
}

function sink(): { stream: Writable; text: () => string } {
  let text = '';
  const stream = new Writable({ write: (chunk, _enc, done) => ((text += chunk), done()) });
  return { stream, text: () => text };
}

/** runSkiffctl runs skiffctl in-process with captured output, as the binary would (same error text and exit code). */
export async function runSkiffctl(args: string[], kubeconfig: string, stdin = ''): Promise<CliResult> {
  const out = sink();
  const err = sink();
  const input = new PassThrough();
  input.end(stdin);
  let code = 0;
  try {
    await buildProgram({ out: out.stream, err: err.stream, stdin: input }).parseAsync(['node', 'skiffctl', '--kubeconfig', kubeconfig, ...args]);
  } catch (e) {
    if (e instanceof CommanderError) code = e.exitCode;
    else {
      const d = describeError(e);
      err.stream.write(d.text);
      code = d.exitCode;
    }
  }
  return { out: out.text(), err: err.text(), code };
}

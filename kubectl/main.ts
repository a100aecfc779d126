import { CommanderError } from 'commander';
import { buildProgram } from './program.ts';
import { describeError } from './runner.ts';

/** main runs skiffctl with the process's arguments and exits like kubectl (0 ok, 1 error). */
async function main(): Promise<number> {
  const io = { out: process.stdout, err: process.stderr, stdin: process.stdin };
  try {
    await buildProgram(io).parseAsync(process.argv);
    return 0;
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode;
    const { text, exitCode } = describeError(err);
    process.stderr.write(text);
    return exitCode;
  }
}

// Exit only after stdout drains, so piped output is never cut short.
main().then((code) => {
  process.exitCode = code;
  if (code !== 0 || process.stdout.writableLength === 0) setImmediate(() => process.exit(code));
  else process.stdout.once('drain', () => process.exit(code));
});

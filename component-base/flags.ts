import { parseArgs, type ParseArgsConfig } from 'node:util';

/** FlagSpec declares the flags a component takes, in util.parseArgs form. */
export type FlagSpec = NonNullable<ParseArgsConfig['options']>;

/**
 * parseFlags parses Kubernetes-style flags (`--etcd-servers=URL`, `--leader-elect`) with
 * util.parseArgs; unknown flags fail with a message naming the flag and the accepted ones.
 */
export function parseFlags<T extends FlagSpec>(spec: T, argv = process.argv.slice(2)) {
  try {
    return parseArgs({ options: spec, args: argv, strict: true, allowPositionals: false }).values;
  } catch (err) {
    const known = Object.keys(spec).map((k) => `--${k}`).join(' ');
    throw new Error(`${(err as Error).message}\naccepted flags: ${known}`);
  }
}

/** boolFlag reads a flag given as `--x`, `--x=true` or `--x=false` (parseArgs takes strings). */
export function boolFlag(value: string | boolean | undefined, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  if (typeof value === 'boolean') return value;
  return value !== 'false' && value !== '0';
}

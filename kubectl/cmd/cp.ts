/**
 * registerCp adds `cp SRC DEST`, kubectl cp between this machine and a container: a tar stream
 * through pods/exec — `tar cf -` on the sending side, `tar xf -` on the receiving one — so the
 * container needs a tar binary, as with kubectl. The local side is the system's GNU tar, whose
 * --transform gives the copy the destination's name.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { PassThrough, Writable, type Readable } from 'node:stream';
import type { Command } from 'commander';
import { Resources } from '../../api/resources.ts';
import type { CliContext } from '../cli-context.ts';
import { runExec } from '../exec-stream.ts';
import { resourcePath } from '../paths.ts';
import { containerFor, type PodLike } from '../pod-for.ts';
import { rethrowAsStatus } from '../remote-command.ts';
import { UsageError } from '../resource-resolver.ts';
import { ExitError, type Runner } from '../runner.ts';

/** FileSpec is one side of a copy: a local path, or `[namespace/]pod:path`. */
export interface FileSpec {
  pod?: { namespace?: string; name: string };
  path: string;
}

/** parseFileSpec reads kubectl cp's file specification: anything with `pod:` before the path is remote. */
export function parseFileSpec(arg: string): FileSpec {
  const m = /^(?:([^/:]+)\/)?([^/:]+):(.*)$/.exec(arg);
  return m ? { pod: { namespace: m[1], name: m[2] }, path: m[3] } : { path: arg };
}

/** renameTop is a GNU tar --transform renaming the archive's top entry `from` (and what is under it) to `to`. */
export function renameTop(from: string, to: string): string {
  const re = from.replace(/[\\.[\]*^$,]/g, '\\$&');
  const repl = to.replace(/[\\&,]/g, '\\$&');
  // Member names and hard-link targets, not symlink targets (those point wherever they point).
  return `--transform=flags=rh;s,^${re},${repl},`;
}

export function registerCp(program: Command, run: Runner): void {
  program
    .command('cp')
    .description('Copy files and directories to and from containers')
    .argument('<src>', 'local path or [namespace/]pod:path')
    .argument('<dest>', 'local path or [namespace/]pod:path')
    .option('-c, --container <name>', 'container name')
    .action(run(async (ctx, src: string, dest: string, opts: { container?: string }) => {
      const from = parseFileSpec(src);
      const to = parseFileSpec(dest);
      if (from.pod && to.pod) throw new UsageError('one of src or dest must be a local file specification');
      if (!from.pod && !to.pod) throw new UsageError('one of src or dest must be a remote file specification');
      if ((from.pod ? from.path : to.path) === '') throw new UsageError('remote path cannot be empty: use pod:/path');
      if (to.pod) await upload(ctx, from.path, to, opts.container);
      else await download(ctx, from, to.path, opts.container);
    }));
}

async function target(ctx: CliContext, spec: FileSpec, container?: string): Promise<{ pod: PodLike; container: string }> {
  const pod = await ctx.client.resource<PodLike>(Resources.pods).get(spec.pod!.namespace ?? ctx.namespace, spec.pod!.name);
  return { pod, container: containerFor(ctx, pod, container) };
}

/** execIn runs command in the container, feeding stdin and streaming stdout; resolves with its exit code and stderr. */
async function execIn(ctx: CliContext, t: { pod: PodLike; container: string }, command: string[], io: { stdin?: Readable; stdout: NodeJS.WritableStream }): Promise<{ code: number; stderr: string }> {
  const query = new URLSearchParams({ container: t.container, stdout: 'true', stderr: 'true' });
  for (const arg of command) query.append('command', arg);
  if (io.stdin) query.set('stdin', 'true');
  let stderr = '';
  const errors = new Writable({ write: (chunk, _enc, done) => ((stderr += chunk), done()) });
  const path = resourcePath(Resources.pods, t.pod.metadata.namespace, t.pod.metadata.name, 'exec');
  const r = await runExec(ctx.connection, path, query, { stdin: io.stdin, stdout: io.stdout, stderr: errors }).catch(rethrowAsStatus);
  return { code: r.code, stderr: stderr.trim() || (r.message ?? '') };
}

/** localTar runs the system tar; resolves when it exits 0, rejects with its stderr otherwise. */
function localTar(args: string[], stdio: Array<'pipe' | 'ignore'>): { child: ChildProcess; done: Promise<void> } {
  const child = spawn('tar', args, { stdio: stdio as ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (d) => (stderr += d));
  const done = new Promise<void>((resolve, reject) => {
    child.once('error', (err) => reject(new ExitError(1, `error: cannot run tar on this machine: ${err.message}`)));
    child.once('close', (code) => (code === 0 ? resolve() : reject(new ExitError(1, `error: ${stderr.trim() || `tar exited with ${code}`}`))));
  });
  return { child, done };
}

function failed(what: string, r: { code: number; stderr: string }): ExitError {
  return new ExitError(1, `error: ${r.stderr || `${what} exited with ${r.code}`}`);
}

/** upload copies a local file or directory to dest in the container (into dest when it is a directory there). */
async function upload(ctx: CliContext, src: string, dest: FileSpec, container?: string): Promise<void> {
  const source = path.resolve(src);
  if (!(await stat(source).catch(() => undefined))) throw new UsageError(`${src} doesn't exist in local filesystem`);
  const t = await target(ctx, dest, container);
  let destPath = dest.path;
  const isDir = destPath.endsWith('/') || (await execIn(ctx, t, ['test', '-d', destPath], { stdout: new Writable({ write: (_c, _e, done) => done() }) })).code === 0;
  if (isDir) destPath = path.posix.join(destPath, path.basename(source));
  const tar = localTar(['cf', '-', '-C', path.dirname(source), renameTop(path.basename(source), path.posix.basename(destPath)), path.basename(source)], ['ignore', 'pipe', 'pipe']);
  // Consumed from the start: Node discards a child's unread output once the child has exited.
  const archive = tar.child.stdout!.pipe(new PassThrough());
  await withLocal(tar, () => execIn(ctx, t, ['tar', '-xmf', '-', '-C', path.posix.dirname(destPath)], { stdin: archive, stdout: ctx.io.out }));
  await tar.done;
}

/** download copies a file or directory from the container to dest (into dest when it is a local directory). */
async function download(ctx: CliContext, src: FileSpec, dest: string, container?: string): Promise<void> {
  const t = await target(ctx, src, container);
  const srcPath = src.path.length > 1 ? src.path.replace(/\/+$/, '') : src.path;
  const into = (await stat(dest).catch(() => undefined))?.isDirectory();
  const destDir = into ? dest : path.dirname(dest);
  const destBase = into ? path.posix.basename(srcPath) : path.basename(dest);
  await mkdir(destDir, { recursive: true });
  const tar = localTar(['xf', '-', '-C', destDir, '--no-same-owner', renameTop(path.posix.basename(srcPath), destBase)], ['pipe', 'ignore', 'pipe']);
  await withLocal(tar, () => execIn(ctx, t, ['tar', 'cf', '-', '-C', path.posix.dirname(srcPath), path.posix.basename(srcPath)], { stdout: tar.child.stdin! }));
  tar.child.stdin!.end();
  await tar.done;
}

/**
 * withLocal runs the container side of a copy; when it fails, the local tar is stopped and the
 * container's error is the one reported (the local tar's broken pipe is only a consequence).
 */
async function withLocal(tar: { child: ChildProcess; done: Promise<void> }, remote: () => Promise<{ code: number; stderr: string }>): Promise<{ code: number; stderr: string }> {
  let r: { code: number; stderr: string };
  try {
    r = await remote();
    if (r.code !== 0) throw failed('tar in the container', r);
  } catch (err) {
    tar.child.kill();
    await tar.done.catch(() => undefined);
    throw err;
  }
  return r;
}

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { text } from 'node:stream/consumers';
import { extname, join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import type { KubeObject } from '../api/meta/v1/object-meta.ts';
import { UsageError } from './resource-resolver.ts';

const manifestExtensions = new Set(['.yaml', '.yml', '.json']);

/**
 * readManifests is loadManifests reading '-' from the given stdin stream (the command's own
 * input, so in-process runs and tests work like the binary).
 */
export async function readManifests(paths: string[], recursive: boolean | undefined, stdin: NodeJS.ReadableStream): Promise<Array<{ object: KubeObject; source: string }>> {
  const stdinText = paths.includes('-') ? await text(stdin) : '';
  return loadManifests(paths, recursive, () => stdinText);
}

/**
 * loadManifests reads objects from files, directories (`recursive` descends like -R) and stdin
 * ('-'): multi-document YAML, JSON, and `List` kinds are flattened into their items. Each
 * object remembers its source for error messages.
 */
export function loadManifests(paths: string[], recursive = false, readStdin: () => string = () => readFileSync(0, 'utf8')): Array<{ object: KubeObject; source: string }> {
  if (paths.length === 0) throw new UsageError('must specify one of -f and -k');
  return paths.flatMap((path) => {
    if (path === '-') return parseManifestText(readStdin(), 'STDIN');
    if (/^https?:\/\//.test(path)) throw new UsageError(`${path}: reading manifests from URLs is not supported; download the file first`);
    return filesOf(path, recursive, true).flatMap((file) => parseManifestText(readFileSync(file, 'utf8'), file));
  });
}

function filesOf(path: string, recursive: boolean, top: boolean): string[] {
  let stat;
  try {
    stat = statSync(path);
  } catch {
    throw new UsageError(`the path "${path}" does not exist`);
  }
  if (!stat.isDirectory()) return top || manifestExtensions.has(extname(path)) ? [path] : [];
  return readdirSync(path)
    .sort()
    .flatMap((name) => {
      const child = join(path, name);
      if (statSync(child).isDirectory()) return recursive ? filesOf(child, recursive, false) : [];
      return manifestExtensions.has(extname(name)) ? [child] : [];
    });
}

/** parseManifestText parses YAML or JSON text into objects, flattening Lists. */
export function parseManifestText(text: string, source: string): Array<{ object: KubeObject; source: string }> {
  const docs = parseAllDocuments(text);
  return docs.flatMap((doc) => {
    if (doc.errors.length > 0) throw new UsageError(`error parsing ${source}: ${doc.errors[0].message}`);
    const value = doc.toJS() as KubeObject | null;
    if (value === null || value === undefined) return [];
    if (typeof value !== 'object' || Array.isArray(value)) throw new UsageError(`error parsing ${source}: a manifest must be an object`);
    return flatten(value, source);
  });
}

function flatten(obj: KubeObject & { items?: KubeObject[] }, source: string): Array<{ object: KubeObject; source: string }> {
  if (typeof obj.kind === 'string' && obj.kind.endsWith('List') && Array.isArray(obj.items)) return obj.items.flatMap((i) => flatten(i, source));
  const missing = [!obj.apiVersion && 'apiVersion not set', !obj.kind && 'kind not set'].filter(Boolean);
  if (missing.length > 0) {
    throw new UsageError(`error validating "${source}": error validating data: [${missing.join(', ')}]; if you choose to ignore these errors, turn validation off with --validate=false`);
  }
  obj.metadata ??= {};
  return [{ object: obj, source }];
}

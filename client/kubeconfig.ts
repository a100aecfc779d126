/**
 * Kubeconfig reading and writing in the standard format (clusters / users / contexts /
 * current-context), so one file works for skiffctl and the real kubectl. Lookup order:
 * explicit path (--kubeconfig), else $KUBECONFIG (colon-separated, merged like kubectl: the
 * first file defining a name wins, current-context from the first file that sets it), else
 * ~/.kube/config.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, dirname, isAbsolute, join, resolve } from 'node:path';
import { parse, stringify } from 'yaml';

/** KubeconfigFile is the raw file shape (only the fields Skiff reads and writes). */
export interface KubeconfigFile {
  apiVersion?: string;
  kind?: string;
  'current-context'?: string;
  clusters?: { name: string; cluster: Record<string, unknown> }[];
  users?: { name: string; user: Record<string, unknown> }[];
  contexts?: { name: string; context: { cluster?: string; user?: string; namespace?: string } }[];
  preferences?: Record<string, unknown>;
}

/** ResolvedConfig is the connection a context resolves to (PEM contents, not paths). */
export interface ResolvedConfig {
  server: string;
  ca?: string;
  cert?: string;
  key?: string;
  token?: string;
  insecureSkipTLSVerify: boolean;
  namespace: string;
  contextName: string;
}

/** kubeconfigPaths lists the files to read, in precedence order. */
export function kubeconfigPaths(path?: string): string[] {
  if (path) return [path];
  const env = process.env.KUBECONFIG;
  if (env) return env.split(delimiter).filter(Boolean);
  return [join(homedir(), '.kube', 'config')];
}

/** readKubeconfigFile parses one file; a missing file reads as empty. Relative paths inside are made absolute. */
export function readKubeconfigFile(path: string): KubeconfigFile {
  if (!existsSync(path)) return {};
  const doc = (parse(readFileSync(path, 'utf8')) ?? {}) as KubeconfigFile;
  const base = dirname(resolve(path));
  const abs = (rec: Record<string, unknown>, keys: string[]) => {
    for (const k of keys) if (typeof rec[k] === 'string' && rec[k] && !isAbsolute(rec[k] as string)) rec[k] = join(base, rec[k] as string);
  };
  for (const c of doc.clusters ?? []) abs(c.cluster ?? {}, ['certificate-authority']);
  for (const u of doc.users ?? []) abs(u.user ?? {}, ['client-certificate', 'client-key', 'tokenFile']);
  return doc;
}

/** mergeKubeconfigs merges files like kubectl: the first occurrence of each name wins. */
export function mergeKubeconfigs(files: KubeconfigFile[]): KubeconfigFile {
  const out: KubeconfigFile = { apiVersion: 'v1', kind: 'Config', clusters: [], users: [], contexts: [] };
  for (const f of files) {
    if (!out['current-context'] && f['current-context']) out['current-context'] = f['current-context'];
    for (const list of ['clusters', 'users', 'contexts'] as const) {
      for (const entry of f[list] ?? []) {
        const target = out[list] as { name: string }[];
        if (!target.some((e) => e.name === entry.name)) target.push(entry);
      }
    }
  }
  return out;
}

function pem(rec: Record<string, unknown>, dataKey: string, fileKey: string): string | undefined {
  if (typeof rec[dataKey] === 'string' && rec[dataKey]) return Buffer.from(rec[dataKey] as string, 'base64').toString('utf8');
  if (typeof rec[fileKey] === 'string' && rec[fileKey]) return readFileSync(rec[fileKey] as string, 'utf8');
  return undefined;
}

/** resolveContext turns a merged kubeconfig and a context name into a ResolvedConfig. */
export function resolveContext(cfg: KubeconfigFile, contextName?: string): ResolvedConfig {
  const name = contextName || cfg['current-context'];
  if (!name) throw new Error('kubeconfig: no context given and no current-context set');
  const ctx = cfg.contexts?.find((c) => c.name === name)?.context;
  if (!ctx) throw new Error(`kubeconfig: context "${name}" not found`);
  const cluster = cfg.clusters?.find((c) => c.name === ctx.cluster)?.cluster;
  if (!cluster) throw new Error(`kubeconfig: cluster "${ctx.cluster}" of context "${name}" not found`);
  const user = cfg.users?.find((u) => u.name === ctx.user)?.user ?? {};
  const tokenFile = typeof user.tokenFile === 'string' ? user.tokenFile : undefined;
  return {
    server: String(cluster.server ?? ''),
    ca: pem(cluster, 'certificate-authority-data', 'certificate-authority'),
    cert: pem(user, 'client-certificate-data', 'client-certificate'),
    key: pem(user, 'client-key-data', 'client-key'),
    token: typeof user.token === 'string' && user.token ? user.token : tokenFile ? readFileSync(tokenFile, 'utf8').trim() : undefined,
    insecureSkipTLSVerify: cluster['insecure-skip-tls-verify'] === true,
    namespace: ctx.namespace || 'default',
    contextName: name,
  };
}

/** loadKubeconfig reads, merges and resolves the kubeconfig (see the file comment for lookup). */
export function loadKubeconfig(opts: { path?: string; context?: string } = {}): ResolvedConfig {
  const cfg = mergeKubeconfigs(kubeconfigPaths(opts.path).map(readKubeconfigFile));
  return resolveContext(cfg, opts.context);
}

/** WriteKubeconfigInput describes a single-context kubeconfig to write. */
export interface WriteKubeconfigInput {
  server: string;
  contextName?: string;
  clusterName?: string;
  userName?: string;
  namespace?: string;
  /** PEM strings; written inline as *-data fields. */
  ca?: string;
  cert?: string;
  key?: string;
  token?: string;
  insecureSkipTLSVerify?: boolean;
}

/** writeKubeconfig writes (or merges into) the file at path a cluster, user and context, and makes it current. */
export function writeKubeconfig(path: string, input: WriteKubeconfigInput): void {
  const b64 = (s: string) => Buffer.from(s).toString('base64');
  const ctxName = input.contextName ?? 'skiff';
  const cluster: Record<string, unknown> = { server: input.server };
  if (input.ca) cluster['certificate-authority-data'] = b64(input.ca);
  if (input.insecureSkipTLSVerify) cluster['insecure-skip-tls-verify'] = true;
  const user: Record<string, unknown> = {};
  if (input.cert) user['client-certificate-data'] = b64(input.cert);
  if (input.key) user['client-key-data'] = b64(input.key);
  if (input.token) user.token = input.token;
  const cfg = readKubeconfigFile(path);
  upsert(cfg, 'clusters', { name: input.clusterName ?? ctxName, cluster });
  upsert(cfg, 'users', { name: input.userName ?? ctxName, user });
  const context = { cluster: input.clusterName ?? ctxName, user: input.userName ?? ctxName, ...(input.namespace ? { namespace: input.namespace } : {}) };
  upsert(cfg, 'contexts', { name: ctxName, context });
  cfg['current-context'] = ctxName;
  saveKubeconfigFile(path, cfg);
}

function upsert<L extends 'clusters' | 'users' | 'contexts'>(cfg: KubeconfigFile, list: L, entry: NonNullable<KubeconfigFile[L]>[number]): void {
  const arr = (cfg[list] ??= []) as { name: string }[];
  const i = arr.findIndex((e) => e.name === entry.name);
  if (i >= 0) arr[i] = entry;
  else arr.push(entry);
}

/** saveKubeconfigFile writes a kubeconfig as YAML with mode 0600 (it may hold credentials). */
export function saveKubeconfigFile(path: string, cfg: KubeconfigFile): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, stringify({ apiVersion: 'v1', kind: 'Config', preferences: {}, ...cfg }), { mode: 0o600 });
}

/** configFileForWrite picks the file `config` verbs change: the path, else the first $KUBECONFIG entry, else ~/.kube/config. */
export function configFileForWrite(path?: string): string {
  return kubeconfigPaths(path)[0];
}

/** useContext sets current-context (kubectl config use-context); throws if the context is unknown. */
export function useContext(name: string, path?: string): void {
  const merged = mergeKubeconfigs(kubeconfigPaths(path).map(readKubeconfigFile));
  if (!merged.contexts?.some((c) => c.name === name)) throw new Error(`no context exists with the name: "${name}"`);
  const file = configFileForWrite(path);
  const cfg = readKubeconfigFile(file);
  cfg['current-context'] = name;
  saveKubeconfigFile(file, cfg);
}

/** setContext creates or changes a context's cluster/user/namespace (kubectl config set-context). */
export function setContext(name: string, fields: { cluster?: string; user?: string; namespace?: string }, path?: string): void {
  const file = configFileForWrite(path);
  const cfg = readKubeconfigFile(file);
  const existing = cfg.contexts?.find((c) => c.name === name)?.context ?? {};
  const context = { ...existing };
  for (const [k, v] of Object.entries(fields)) if (v !== undefined) (context as Record<string, string>)[k] = v;
  upsert(cfg, 'contexts', { name, context });
  saveKubeconfigFile(file, cfg);
}

/** setCluster creates or changes a cluster entry (kubectl config set-cluster); PEM given inline. */
export function setCluster(name: string, fields: { server?: string; ca?: string; insecureSkipTLSVerify?: boolean }, path?: string): void {
  const file = configFileForWrite(path);
  const cfg = readKubeconfigFile(file);
  const cluster = { ...(cfg.clusters?.find((c) => c.name === name)?.cluster ?? {}) };
  if (fields.server !== undefined) cluster.server = fields.server;
  if (fields.ca !== undefined) cluster['certificate-authority-data'] = Buffer.from(fields.ca).toString('base64');
  if (fields.insecureSkipTLSVerify !== undefined) cluster['insecure-skip-tls-verify'] = fields.insecureSkipTLSVerify;
  upsert(cfg, 'clusters', { name, cluster });
  saveKubeconfigFile(file, cfg);
}

/** setCredentials creates or changes a user entry (kubectl config set-credentials); PEM given inline. */
export function setCredentials(name: string, fields: { token?: string; cert?: string; key?: string }, path?: string): void {
  const file = configFileForWrite(path);
  const cfg = readKubeconfigFile(file);
  const user = { ...(cfg.users?.find((u) => u.name === name)?.user ?? {}) };
  if (fields.token !== undefined) user.token = fields.token;
  if (fields.cert !== undefined) user['client-certificate-data'] = Buffer.from(fields.cert).toString('base64');
  if (fields.key !== undefined) user['client-key-data'] = Buffer.from(fields.key).toString('base64');
  upsert(cfg, 'users', { name, user });
  saveKubeconfigFile(file, cfg);
}

/** deleteContext removes a context (kubectl config delete-context); throws if it does not exist. */
export function deleteContext(name: string, path?: string): void {
  const file = configFileForWrite(path);
  const cfg = readKubeconfigFile(file);
  if (!cfg.contexts?.some((c) => c.name === name)) throw new Error(`cannot delete context ${name}, not in ${file}`);
  cfg.contexts = cfg.contexts.filter((c) => c.name !== name);
  if (cfg['current-context'] === name) cfg['current-context'] = '';
  saveKubeconfigFile(file, cfg);
}

/** ContextRow is one line of `config get-contexts`. */
export interface ContextRow {
  current: boolean;
  name: string;
  cluster: string;
  authInfo: string;
  namespace: string;
}

/** getContexts lists the contexts of the merged kubeconfig (kubectl config get-contexts). */
export function getContexts(path?: string): ContextRow[] {
  const cfg = mergeKubeconfigs(kubeconfigPaths(path).map(readKubeconfigFile));
  return (cfg.contexts ?? []).map((c) => ({
    current: c.name === cfg['current-context'],
    name: c.name,
    cluster: c.context.cluster ?? '',
    authInfo: c.context.user ?? '',
    namespace: c.context.namespace ?? '',
  }));
}

/** currentContext returns the merged current-context name, or '' if unset. */
export function currentContext(path?: string): string {
  return mergeKubeconfigs(kubeconfigPaths(path).map(readKubeconfigFile))['current-context'] ?? '';
}

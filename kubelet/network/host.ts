/**
 * Thin wrappers over `ip` and `iptables` for the pod network. Every route the kubelet adds
 * carries protocol number SkiffRouteProto and every iptables rule the comment "skiff…", so
 * uninstall removes exactly what Skiff added.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** SkiffRouteProto is the routing protocol number marking Skiff's routes (`ip route … proto 211`). */
export const SkiffRouteProto = '211';

/** sh runs a command and returns stdout; throws with stderr on failure. */
export async function sh(cmd: string, args: string[]): Promise<string> {
  try {
    return (await run(cmd, args, { timeout: 10_000 })).stdout;
  } catch (err) {
    const e = err as Error & { stderr?: string };
    throw new Error(`${cmd} ${args.join(' ')}: ${e.stderr?.trim() || e.message}`);
  }
}

/** RouteEntry is one Skiff route: destination CIDR via a gateway. */
export interface RouteEntry {
  dst: string;
  gateway: string;
}

/** listSkiffRoutes lists the routes carrying Skiff's protocol number. */
export async function listSkiffRoutes(): Promise<RouteEntry[]> {
  const out = await sh('ip', ['-j', 'route', 'show', 'proto', SkiffRouteProto]);
  const rows = JSON.parse(out || '[]') as Array<{ dst: string; gateway?: string }>;
  return rows.map((r) => ({ dst: r.dst, gateway: r.gateway ?? '' }));
}

/** replaceRoute adds or updates a route to `dst` via `gateway`. */
export async function replaceRoute(dst: string, gateway: string): Promise<void> {
  await sh('ip', ['route', 'replace', dst, 'via', gateway, 'proto', SkiffRouteProto]);
}

/** deleteRoute removes a Skiff route. */
export async function deleteRoute(dst: string): Promise<void> {
  await sh('ip', ['route', 'del', dst, 'proto', SkiffRouteProto]);
}

/** ensureChain creates `chain` in `table` and a jump to it at the top of `parent` (idempotent). */
export async function ensureChain(table: string, parent: string, chain: string): Promise<void> {
  await sh('iptables', ['-w', '-t', table, '-N', chain]).catch(() => {});
  const rule = ['-m', 'comment', '--comment', `skiff: jump to ${chain}`, '-j', chain];
  const present = await sh('iptables', ['-w', '-t', table, '-C', parent, ...rule]).then(() => true, () => false);
  if (!present) await sh('iptables', ['-w', '-t', table, '-I', parent, '1', ...rule]);
}

/** ensureRule appends a rule (with a skiff comment) to a chain unless present. */
export async function ensureRule(table: string, chain: string, rule: string[], comment: string): Promise<void> {
  const spec = [...rule.slice(0, -2), '-m', 'comment', '--comment', `skiff: ${comment}`, ...rule.slice(-2)];
  const present = await sh('iptables', ['-w', '-t', table, '-C', chain, ...spec]).then(() => true, () => false);
  if (!present) await sh('iptables', ['-w', '-t', table, '-A', chain, ...spec]);
}

/** removeChain deletes every jump to `chain` in `parent`, then flushes and deletes it. */
export async function removeChain(table: string, parent: string, chain: string): Promise<void> {
  const rules = await sh('iptables', ['-w', '-t', table, '-S', parent]).catch(() => '');
  for (const line of rules.split('\n')) {
    if (!line.includes(`-j ${chain}`)) continue;
    const args = line.replace(/^-A /, '').match(/"[^"]*"|\S+/g)!.map((a) => a.replace(/^"|"$/g, ''));
    await sh('iptables', ['-w', '-t', table, '-D', ...args]).catch(() => {});
  }
  await sh('iptables', ['-w', '-t', table, '-F', chain]).catch(() => {});
  await sh('iptables', ['-w', '-t', table, '-X', chain]).catch(() => {});
}

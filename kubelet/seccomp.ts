/**
 * seccompOption maps a Kubernetes seccompProfile to the engine's `seccomp=` security option:
 * undefined keeps the engine's default profile (RuntimeDefault), 'unconfined' turns filtering
 * off, and a Localhost profile is the JSON of `<root-dir>/seccomp/<localhostProfile>` (the
 * kubelet's seccomp directory, as in Kubernetes). `whenUnset` is the type used without a profile:
 * RuntimeDefault for containers (as with the kubelet's --seccomp-default), Unconfined for the
 * sandbox's pause process (as the kubelet does without a pod-level profile).
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { SecurityContext } from '../api/core/v1/probe.ts';

/** SeccompProfile is a pod's or container's securityContext.seccompProfile. */
type SeccompProfile = NonNullable<SecurityContext['seccompProfile']>;
import { ConfigError } from './container-config.ts';

/** seccompOption: see the file comment. */
export async function seccompOption(profile: SeccompProfile | undefined, whenUnset: 'RuntimeDefault' | 'Unconfined', rootDir: string): Promise<string | undefined> {
  const type = profile?.type ?? whenUnset;
  if (type === 'Unconfined') return 'unconfined';
  if (type !== 'Localhost') return undefined;
  const rel = profile?.localhostProfile ?? '';
  if (!rel || path.isAbsolute(rel) || rel.split('/').includes('..')) {
    throw new ConfigError(`seccomp localhostProfile ${JSON.stringify(rel)} must be a relative path inside ${path.join(rootDir, 'seccomp')}`);
  }
  const file = path.join(rootDir, 'seccomp', rel);
  const text = await readFile(file, 'utf8').catch((err: Error) => {
    throw new ConfigError(`cannot read seccomp profile ${file}: ${err.message}`);
  });
  try {
    return JSON.stringify(JSON.parse(text));
  } catch {
    throw new ConfigError(`seccomp profile ${file} is not valid JSON`);
  }
}

import type { KubeObject } from '../api/meta/v1/object-meta.ts';
import type { ResourceInfo } from '../api/resource-info.ts';
import type { CliContext } from './cli-context.ts';
import { UsageError, resourceForKind } from './resource-resolver.ts';

/** ManifestObject is a manifest object resolved to its resource and effective namespace. */
export interface ManifestObject {
  info: ResourceInfo;
  namespace: string | undefined;
  name: string;
  object: KubeObject;
}

/**
 * resolveManifestObject finds an object's resource and namespace: the manifest's namespace, else
 * -n / the context's; a manifest namespace that contradicts an explicit -n is an error, as in kubectl.
 */
export function resolveManifestObject(ctx: CliContext, object: KubeObject): ManifestObject {
  const info = resourceForKind(object.apiVersion, object.kind);
  const declared = object.metadata.namespace;
  if (info.namespaced && declared && ctx.namespaceExplicit && declared !== ctx.namespace) {
    throw new UsageError(`the namespace from the provided object "${declared}" does not match the namespace "${ctx.namespace}". You must pass '--namespace=${declared}' to perform this operation.`);
  }
  const namespace = info.namespaced ? (declared ?? ctx.namespace) : undefined;
  const name = object.metadata.name ?? '';
  return { info, namespace, name, object: info.namespaced ? { ...object, metadata: { ...object.metadata, namespace } } : object };
}

/** kindRef names an object in kubectl's messages: `deployment.apps/web`, `pod/x`. */
export function kindRef(info: ResourceInfo, name: string): string {
  return `${info.singular}${info.group ? '.' + info.group : ''}/${name}`;
}

/** dryRunSuffix is what kubectl appends to messages under --dry-run. */
export function dryRunSuffix(dryRun: string | undefined): string {
  return dryRun === 'client' ? ' (dry run)' : dryRun === 'server' ? ' (server dry run)' : '';
}

/** checkDryRun validates --dry-run's value. */
export function checkDryRun(value: string | undefined): string | undefined {
  if (value === undefined || value === 'none') return undefined;
  if (value !== 'client' && value !== 'server') throw new UsageError(`Invalid dry-run value (${value}). Must be "none", "server", or "client".`);
  return value;
}

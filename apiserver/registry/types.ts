import type { KindDefinition, ResourceInfo } from '../../api/resource-info.ts';
import type { GroupResource } from '../../api/errors.ts';
import type { KubeObject } from '../../api/meta/v1/object-meta.ts';
import type { StatusCause } from '../../api/meta/v1/status.ts';
import type { Logger } from '../../component-base/logger.ts';
import type { Storage, StorageEvent } from '../storage/types.ts';
import type { SchemaChecker } from './schema-check.ts';
import type { ServiceAllocators } from '../allocators/service-allocators.ts';

/** FieldValidation is the fieldValidation query parameter: what to do with unknown fields. */
export type FieldValidation = 'Strict' | 'Warn' | 'Ignore';

/** WriteOptions are the query options shared by create, update and patch. */
export interface WriteOptions {
  dryRun: boolean;
  fieldValidation: FieldValidation;
  fieldManager?: string;
  /** updateManager records plain writes in managedFields (operation Update); absent = not recorded (apply, internal writes). */
  updateManager?: string;
  /** subresource names the subresource a plain write came through (managedFields entry), e.g. 'scale'. */
  subresource?: string;
  /** warnings collects `Warning:` header texts for the response. */
  warnings: string[];
}

/** DeleteOptions is metav1.DeleteOptions, from the body or the query. */
export interface DeleteOptions {
  gracePeriodSeconds?: number;
  propagationPolicy?: 'Orphan' | 'Background' | 'Foreground';
  orphanDependents?: boolean;
  preconditions?: { uid?: string; resourceVersion?: string };
  dryRun?: string[];
}

/** ProgressEvent says every change up to revision has been delivered (a bookmark from the source). */
export interface ProgressEvent {
  type: 'BOOKMARK';
  revision: number;
}

/** WatchSource streams storage events for a key prefix; the watch cache or the storage itself. */
export interface WatchSource {
  watch(prefix: string, fromRevision: number, signal: AbortSignal): AsyncIterable<StorageEvent | ProgressEvent>;
}

/** ServerConfig is the part of the API server's flags the registry needs. */
export interface ServerConfig {
  serviceClusterIPRange: string;
  serviceNodePortRange: string;
  defaultNotReadyTolerationSeconds: number;
  defaultUnreachableTolerationSeconds: number;
}

/** ApiContext is what every handler shares: storage, watch source, config, strategies. */
export interface ApiContext {
  storage: Storage;
  watchSource: WatchSource;
  config: ServerConfig;
  logger: Logger;
  checkSchema: SchemaChecker;
  allocators: ServiceAllocators;
  /** cachedList returns a resource's objects from its watch cache when ready (resourceVersion=0 lists), else undefined. */
  cachedList?(resourcePrefix: string): { items: KubeObject[]; resourceVersion: string } | undefined;
  /** cachedNamespace returns a namespace from the watch cache when it is there (a miss is checked in etcd). */
  cachedNamespace?(name: string): KubeObject | undefined;
  scopeFor(group: string, resource: string): Scope | undefined;
  scopes(): Scope[];
}

/** Scope is one served resource: its REST info, kind definition and strategy. */
export interface Scope {
  info: ResourceInfo;
  def: KindDefinition;
  strategy: ResourceStrategy;
  gr: GroupResource;
}

/**
 * ResourceStrategy is the per-resource behaviour layered on the generic store, like the
 * strategies of Kubernetes' registry: hooks run inside create/update/delete.
 */
export interface ResourceStrategy {
  /** resetStatusOnCreate drops a client-sent status on create (most kinds; not nodes). */
  resetStatusOnCreate: boolean;
  /** prepareForCreate sets server-owned fields (e.g. pod phase, default tolerations). */
  prepareForCreate?(ctx: ApiContext, obj: KubeObject): void;
  /** validate adds resource-specific causes to the kind's own validation. */
  validate?(obj: KubeObject): StatusCause[];
  /** prepareForUpdate fills what an update may omit from the old object (e.g. allocated clusterIP, nodePorts), before validation. */
  prepareForUpdate?(obj: KubeObject, old: KubeObject): void;
  /** beforeCreate runs after validation and before the write (allocations); returns an undo. */
  beforeCreate?(ctx: ApiContext, obj: KubeObject, dryRun: boolean): Promise<(() => Promise<void>) | void>;
  /** beforeUpdate runs before an update is written (allocations for changed fields); returns an undo. */
  beforeUpdate?(ctx: ApiContext, obj: KubeObject, old: KubeObject, dryRun: boolean): Promise<(() => Promise<void>) | void>;
  /** afterUpdate releases what the old object held and the new does not. */
  afterUpdate?(ctx: ApiContext, obj: KubeObject, old: KubeObject): Promise<void>;
  /** afterDelete releases what the deleted object held (IPs, ports). */
  afterDelete?(ctx: ApiContext, obj: KubeObject): Promise<void>;
  /**
   * gracefulDeleteSeconds returns the grace period for a graceful delete, or undefined for an
   * immediate one (pods: spec.terminationGracePeriodSeconds unless unscheduled).
   */
  gracefulDeleteSeconds?(obj: KubeObject, opts: DeleteOptions): number | undefined;
  /** prepareForDelete may turn a delete into an update (namespaces go Terminating). */
  prepareForDelete?(obj: KubeObject): KubeObject | undefined;
  /** blocksDeletion says whether something besides metadata.finalizers still holds a deleted object (namespace spec.finalizers). */
  blocksDeletion?(obj: KubeObject): boolean;
  /** defaultPropagation is the propagationPolicy when the request names none. */
  defaultPropagation?: 'Orphan' | 'Background' | 'Foreground';
}

import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Patchers } from '../registry/patch.ts';
import type { ApiContext, Scope } from '../registry/types.ts';
import type { ResourcePath } from '../request-path.ts';
import type { TableConverter } from './table.ts';
import type { WatchConfig } from './watch-stream.ts';

/** SubresourceRequest is everything a subresource handler gets. */
export interface SubresourceRequest {
  env: RestEnv;
  scope: Scope;
  req: FastifyRequest;
  reply: FastifyReply;
  path: ResourcePath & { name: string; subresource: string };
  query: URLSearchParams;
}

/** SubresourceHandler serves one subresource such as pods/binding; it returns the reply it sent. */
export type SubresourceHandler = (r: SubresourceRequest) => Promise<unknown>;

/** RestEnv is what the REST handlers share beyond the registry context. */
export interface RestEnv {
  ctx: ApiContext;
  patchers: Patchers;
  toTable: TableConverter;
  watch: WatchConfig;
  /** subresources by `<resource>/<subresource>` (status and finalize are generic). */
  subresources: Map<string, SubresourceHandler>;
}

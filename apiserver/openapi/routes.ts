import type { FastifyInstance } from 'fastify';
import { newStatus, StatusError } from '../../api/errors.ts';
import type { ApiContext } from '../registry/types.ts';
import { buildGroupVersionDocument, gvPath, type OpenApiDocument } from './document.ts';
import { versionConverters } from '../handlers/version-view.ts';
import type { KindDefinition } from '../../api/resource-info.ts';

/**
 * registerOpenApi serves /openapi/v3 (the index of group versions with hashed URLs, as
 * kube-apiserver) and /openapi/v3/<gv> documents, generated once from the kinds' schemas.
 */
export function registerOpenApi(app: FastifyInstance, ctx: ApiContext): void {
  let docs: Map<string, OpenApiDocument> | undefined;
  const all = () => {
    if (docs) return docs;
    const byGv = new Map<string, KindDefinition[]>();
    const add = (def: KindDefinition) => byGv.set(gvPath(def.info.group, def.info.version), [...(byGv.get(gvPath(def.info.group, def.info.version)) ?? []), def]);
    for (const s of ctx.scopes()) add(s.def);
    // Extra served versions (version-view.ts) document their own schema.
    for (const c of versionConverters) if (ctx.scopeFor(c.definition.info.group, c.definition.info.resource)) add(c.definition);
    docs = new Map([...byGv].map(([gv, defs]) => [gv, buildGroupVersionDocument(defs)]));
    return docs;
  };
  app.get('/openapi/v3', async (_req, reply) => {
    const paths: Record<string, { serverRelativeURL: string }> = {};
    for (const [gv, doc] of all()) paths[gv] = { serverRelativeURL: `/openapi/v3/${gv}?hash=${doc.hash}` };
    return reply.type('application/json').send({ paths });
  });
  app.get('/openapi/v3/*', async (req, reply) => {
    const gv = (req.params as { '*': string })['*'].replace(/\/$/, '');
    const doc = all().get(gv);
    if (!doc) throw new StatusError(newStatus(404, 'NotFound', `the server could not find the requested resource (openapi v3 ${gv})`));
    return reply.type('application/json').header('cache-control', 'public, immutable').header('etag', `"${doc.hash}"`).send(doc.json);
  });
}

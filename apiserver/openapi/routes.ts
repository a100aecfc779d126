import type { FastifyInstance } from 'fastify';
import { newStatus, StatusError } from '../../api/errors.ts';
import type { ApiContext } from '../registry/types.ts';
import { buildGroupVersionDocument, gvPath, type OpenApiDocument } from './document.ts';

/**
 * registerOpenApi serves /openapi/v3 (the index of group versions with hashed URLs, as
 * kube-apiserver) and /openapi/v3/<gv> documents, generated once from the kinds' schemas.
 */
export function registerOpenApi(app: FastifyInstance, ctx: ApiContext): void {
  let docs: Map<string, OpenApiDocument> | undefined;
  const all = () => {
    if (docs) return docs;
    const byGv = new Map<string, ReturnType<ApiContext['scopes']>>();
    for (const s of ctx.scopes()) {
      const key = gvPath(s.info.group, s.info.version);
      byGv.set(key, [...(byGv.get(key) ?? []), s]);
    }
    docs = new Map([...byGv].map(([gv, scopes]) => [gv, buildGroupVersionDocument(scopes.map((s) => s.def))]));
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

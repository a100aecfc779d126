import type { FastifyReply, FastifyRequest } from 'fastify';
import { newBadRequest } from '../../api/errors.ts';
import { apiVersionOf } from '../../api/resource-info.ts';
import type { KubeObject } from '../../api/meta/v1/object-meta.ts';
import { parseSelection } from '../registry/selection.ts';
import type { ApiContext, Scope } from '../registry/types.ts';
import { parseResourceVersion, watchObjects, type WatchEvent } from '../registry/watch.ts';
import { tableOptions, wantsTable, type TableConverter } from './table.ts';
import { createWatchWriter, encodeEventLine } from './watch-writer.ts';

/** WatchConfig tunes watch streams (tests shorten the bookmark interval). */
export interface WatchConfig {
  bookmarkIntervalMs: number;
  defaultTimeoutSeconds: number;
  /** flushIntervalMs: a busy stream sends at most one chunk this often (default 10; see watch-writer.ts). */
  flushIntervalMs?: number;
}

function timeoutOf(q: URLSearchParams, fallback: number): number {
  const raw = q.get('timeoutSeconds');
  if (raw === null || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw newBadRequest(`invalid timeoutSeconds ${JSON.stringify(raw)}`);
  return n === 0 ? fallback : n;
}

/**
 * serveWatch answers a WATCH: all parameters are checked first (errors are ordinary Status
 * responses), then headers are flushed at once and newline-delimited events follow until the
 * client goes away, timeoutSeconds passes, or the source ends. Bookmarks on request.
 */
export async function serveWatch(
  ctx: ApiContext,
  scope: Scope,
  req: FastifyRequest,
  reply: FastifyReply,
  namespace: string | undefined,
  q: URLSearchParams,
  cfg: WatchConfig,
  toTable: TableConverter,
): Promise<void> {
  const sel = parseSelection(scope, q.get('labelSelector'), q.get('fieldSelector'));
  const rv = parseResourceVersion(q.get('resourceVersion'));
  const timeoutSeconds = timeoutOf(q, cfg.defaultTimeoutSeconds);
  const bookmarks = q.get('allowWatchBookmarks') === 'true' || q.get('allowWatchBookmarks') === '1';
  const asTable = wantsTable(req.headers.accept);
  const topts = tableOptions(q);

  reply.hijack();
  const raw = reply.raw;
  raw.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-cache, private', 'transfer-encoding': 'chunked' });
  if (typeof raw.flushHeaders === 'function') raw.flushHeaders();

  const ac = new AbortController();
  const stop = () => ac.abort();
  raw.on('close', stop);
  req.raw.on('close', () => {
    if (req.raw.destroyed && !raw.writableFinished) stop();
  });
  const timer = setTimeout(stop, timeoutSeconds * 1000);
  const progress = { revision: 0 };
  const out = createWatchWriter(raw, ac.signal, cfg.flushIntervalMs ?? 10);
  const write = (ev: WatchEvent): Promise<void> => {
    if (asTable && ev.type !== 'ERROR' && ev.type !== 'BOOKMARK') {
      // A Table depends on this request's options: encoded per watcher.
      return out.write(Buffer.from(`{"type":"${ev.type}","object":${JSON.stringify(toTable(scope, [ev.object as KubeObject], topts))}}\n`));
    }
    return out.write(encodeEventLine(ev.type, ev.object));
  };
  const bookmarkTimer = bookmarks
    ? setInterval(() => {
        if (progress.revision > 0) {
          void write({ type: 'BOOKMARK', object: { kind: scope.info.kind, apiVersion: apiVersionOf(scope.info), metadata: { resourceVersion: String(progress.revision) } } });
        }
      }, cfg.bookmarkIntervalMs)
    : undefined;
  try {
    for await (const ev of watchObjects(ctx, scope, namespace, sel, rv, ac.signal, progress)) {
      if (ac.signal.aborted) break;
      await write(ev);
    }
  } catch (err) {
    ctx.logger.warn({ err, resource: scope.info.resource }, 'watch ended with an error');
  } finally {
    clearTimeout(timer);
    if (bookmarkTimer) clearInterval(bookmarkTimer);
    ac.abort();
    out.flush();
    if (!raw.writableEnded) raw.end();
  }
}

import type { LightMyRequestResponse } from 'fastify';
import { build, type ApiServer, type BuildOptions } from './app.ts';
import { ensureSystemObjects } from './bootstrap.ts';
import { loadKindPlugins } from './kinds.ts';
import { createMemoryStorage, type MemoryStorage } from './storage/memory-storage.ts';

/** TestApp is an API server on memory storage for route tests with app.inject. */
export interface TestApp extends ApiServer {
  storage: MemoryStorage;
  /** call sends a request; a non-string body is sent as JSON unless contentType says otherwise. */
  call(method: string, url: string, body?: unknown, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
  close(): Promise<void>;
}

/** newTestApp builds an API server on a fresh memory storage with the system namespaces created. */
export async function newTestApp(opts: Partial<BuildOptions> = {}): Promise<TestApp> {
  const storage = createMemoryStorage();
  const server = build({ ...(await loadKindPlugins()), ...opts, storage });
  await ensureSystemObjects(server.ctx, 6443);
  return {
    ...server,
    storage,
    call: (method, url, body, headers = {}) =>
      server.app.inject({
        method: method as 'GET',
        url,
        headers: { 'content-type': 'application/json', ...headers },
        payload: body === undefined ? undefined : typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body),
      }),
    close: () => server.app.close(),
  };
}

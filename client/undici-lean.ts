/**
 * undici-lean loads only the two parts of undici Skiff uses — the connection-pooling Agent and
 * request() — from undici's own files. undici's index also loads fetch, WebSocket, EventSource,
 * caches, mocks, proxies and interceptors: ≈11 MB of RSS in every process that talks to the API
 * server, none of it used. Types still come from the package's typings.
 */
import { createRequire } from 'node:module';
import type * as Undici from 'undici';

const require = createRequire(import.meta.url);

/** Agent is undici's Agent (lib/dispatcher/agent.js). */
export const Agent: typeof Undici.Agent = require('undici/lib/dispatcher/agent.js');
export type Agent = Undici.Agent;

/** apiRequest is undici's request as a Dispatcher method (the index assigns it to every dispatcher). */
const apiRequest: (this: Undici.Dispatcher, opts: Undici.Dispatcher.RequestOptions) => Promise<Undici.Dispatcher.ResponseData> = require('undici/lib/api/api-request.js');

/** RequestOptions are undici.request's options, with the dispatcher to send through required. */
export type RequestOptions = Omit<Undici.Dispatcher.RequestOptions, 'origin' | 'path'> & { dispatcher: Undici.Dispatcher };

/** request sends one request through opts.dispatcher, as undici.request(url, opts) does. */
export function request(url: string, opts: RequestOptions): Promise<Undici.Dispatcher.ResponseData> {
  const u = new URL(url);
  const { dispatcher, ...rest } = opts;
  return apiRequest.call(dispatcher, { ...rest, origin: u.origin, path: `${u.pathname}${u.search}`, method: opts.method ?? 'GET' });
}

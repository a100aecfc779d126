/**
 * node-http is node:http loaded the way CommonJS loads it. An ESM `import … from 'node:http'`
 * reads every export to build the module namespace, and node:http's WebSocket, CloseEvent and
 * MessageEvent are lazy getters that load Node's bundled undici (fetch, WebSocket, web streams):
 * ≈13 MB of RSS (Node 24) in a process that uses none of it. Services import http from here;
 * type-only imports from 'node:http' cost nothing and stay as they are.
 */
import { createRequire } from 'node:module';

const http: typeof import('node:http') = createRequire(import.meta.url)('node:http');
export default http;

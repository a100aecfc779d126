/**
 * floor-server.ts: the least an API server built from Skiff's parts does per pod create — the
 * floor the create ratio of bench.ts is read against. fastify parses the JSON body, one etcd3
 * transaction stores it (apiserver/storage, as the real server and the raw phase), the reply is
 * the stored object, and one etcd watch on the prefix receives every change (the watch cache's
 * input; nothing is kept). No validation, defaulting, admission, managedFields, metrics or logs.
 * Prints its port as one JSON line.
 * Usage: node bench/apiserver/floor-server.ts ENDPOINT[,ENDPOINT…]
 */
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import Fastify from 'fastify';
import type { KubeObject } from '../../api/meta/v1/object-meta.ts';
import { createEtcdStorage } from '../../apiserver/storage/etcd-storage.ts';

const storage = createEtcdStorage({ endpoints: process.argv[2]!.split(',') });
const watching = new AbortController();
void (async () => {
  for await (const _event of storage.watch('/registry/floor/', 0, watching.signal)) {
    // Received and decoded, as the watch cache does; nobody listens.
  }
})().catch(() => {});

const app = Fastify({ bodyLimit: 3 * 1024 * 1024 });
app.post<{ Params: { namespace: string }; Body: KubeObject }>('/api/v1/namespaces/:namespace/pods', async (req, reply) => {
  const obj = req.body;
  obj.metadata = { ...obj.metadata, namespace: req.params.namespace, uid: randomUUID(), creationTimestamp: new Date().toISOString() };
  const stored = await storage.create(`/registry/floor/${req.params.namespace}/${obj.metadata.name}`, obj);
  return reply.code(201).send(stored);
});
await app.listen({ host: '127.0.0.1', port: 0 });
console.log(JSON.stringify({ port: (app.server.address() as AddressInfo).port }));
process.on('SIGTERM', () => {
  watching.abort();
  void app.close().then(() => storage.close()).then(() => process.exit(0));
});

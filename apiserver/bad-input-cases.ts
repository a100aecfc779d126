/**
 * The bad-input table (issue 2): requests a client can get wrong, each with the status code a
 * Kubernetes API server answers. Shared by the unit test (memory storage) and the integration
 * test (real etcd); both assert a Status body, no 5xx, and storage left unchanged.
 */

/** BadInputCase is one malformed request and the code it must get. */
export interface BadInputCase {
  name: string;
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'OPTIONS';
  url: string;
  body?: string;
  contentType?: string;
  code: number;
  /** needsKinds: the case relies on a kind's own schema/validation (api/ definitions). */
  needsKinds?: boolean;
  /** rawOnly: only a raw HTTP client keeps this URL as is (inject and fetch normalize `..`). */
  rawOnly?: boolean;
}

const CM = '/api/v1/namespaces/default/configmaps';
const cm = (o: Record<string, unknown>) => JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', ...o });
const deployment = (replicas: unknown) =>
  JSON.stringify({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'neg' },
    spec: { replicas, selector: { matchLabels: { a: 'b' } }, template: { metadata: { labels: { a: 'b' } }, spec: { containers: [{ name: 'c', image: 'x' }] } } },
  });

/** SEED is the object the cases that need an existing one refer to (create it first). */
export const SEED = { url: CM, body: cm({ metadata: { name: 'seed' }, data: { a: '1' } }) };

/** badInputCases lists the table; staleResourceVersion is the seed's RV before its last update. */
export function badInputCases(staleResourceVersion: string): BadInputCase[] {
  return [
    { name: 'malformed JSON', method: 'POST', url: CM, body: '{"metadata": ', code: 400 },
    { name: 'malformed YAML', method: 'POST', url: CM, body: 'metadata: [unclosed\n  name: x', contentType: 'application/yaml', code: 400 },
    { name: 'empty body', method: 'POST', url: CM, body: '', code: 400 },
    { name: 'body not an object', method: 'POST', url: CM, body: '[1,2]', code: 400 },
    { name: 'kind mismatch', method: 'POST', url: CM, body: JSON.stringify({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'k' } }), code: 400 },
    { name: 'wrong type (data is a string)', method: 'POST', url: CM, body: cm({ metadata: { name: 'wt' }, data: 'oops' }), code: 400, needsKinds: true },
    { name: 'wrong type (replicas is a string)', method: 'POST', url: '/apis/apps/v1/namespaces/default/deployments', body: deployment('three'), code: 400, needsKinds: true },
    { name: 'unknown field, Strict', method: 'POST', url: `${CM}?fieldValidation=Strict`, body: cm({ metadata: { name: 'uf' }, foo: 1 }), code: 400, needsKinds: true },
    { name: 'bad fieldValidation value', method: 'POST', url: `${CM}?fieldValidation=Loose`, body: cm({ metadata: { name: 'fv' } }), code: 400 },
    { name: 'name/URL mismatch', method: 'PUT', url: `${CM}/seed`, body: cm({ metadata: { name: 'other' }, data: {} }), code: 400 },
    { name: 'namespace/URL mismatch', method: 'POST', url: CM, body: cm({ metadata: { name: 'nsm', namespace: 'kube-system' } }), code: 400 },
    { name: 'invalid name', method: 'POST', url: CM, body: cm({ metadata: { name: 'Bad_Name' } }), code: 422 },
    { name: 'missing name', method: 'POST', url: CM, body: cm({ metadata: {} }), code: 422 },
    { name: 'path traversal ..', method: 'GET', url: `${CM}/..`, code: 400, rawOnly: true },
    { name: 'path traversal %2e%2e', method: 'GET', url: `${CM}/%2e%2e`, code: 400, rawOnly: true },
    { name: 'encoded slash in name', method: 'GET', url: `${CM}/a%2Fb`, code: 400 },
    { name: 'encoded slash in namespace', method: 'POST', url: '/api/v1/namespaces/a%2F..%2Fkube-system/configmaps', body: cm({ metadata: { name: 'x' } }), code: 400 },
    { name: 'traversal namespace ..', method: 'PUT', url: '/api/v1/namespaces/../configmaps/x', body: cm({ metadata: { name: 'x' } }), code: 400, rawOnly: true },
    { name: 'invalid namespace', method: 'GET', url: '/api/v1/namespaces/UPPER/configmaps', code: 404 },
    { name: 'bad escape', method: 'GET', url: `${CM}/%zz`, code: 400 },
    { name: 'bad label selector', method: 'GET', url: `${CM}?labelSelector=a%20in%20(`, code: 400 },
    { name: 'bad field selector syntax', method: 'GET', url: `${CM}?fieldSelector=%3Dx`, code: 400 },
    { name: 'unsupported field selector', method: 'GET', url: `${CM}?fieldSelector=spec.foo%3Dx`, code: 400 },
    { name: 'bad limit', method: 'GET', url: `${CM}?limit=-3`, code: 400 },
    { name: 'bad continue token', method: 'GET', url: `${CM}?limit=1&continue=garbage`, code: 400 },
    { name: 'bad watch resourceVersion', method: 'GET', url: `${CM}?watch=true&resourceVersion=x`, code: 400 },
    { name: 'negative replicas', method: 'POST', url: '/apis/apps/v1/namespaces/default/deployments', body: deployment(-1), code: 422, needsKinds: true },
    {
      name: 'bad port',
      method: 'POST',
      url: '/api/v1/namespaces/default/services',
      body: JSON.stringify({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'bp' }, spec: { ports: [{ port: 70000 }] } }),
      code: 422,
      needsKinds: true,
    },
    { name: 'stale resourceVersion', method: 'PUT', url: `${CM}/seed`, body: cm({ metadata: { name: 'seed', resourceVersion: staleResourceVersion }, data: { a: 'x' } }), code: 409 },
    { name: 'existing name', method: 'POST', url: CM, body: SEED.body, code: 409 },
    { name: 'missing object', method: 'PUT', url: `${CM}/ghost`, body: cm({ metadata: { name: 'ghost' } }), code: 404 },
    { name: 'missing namespace', method: 'POST', url: '/api/v1/namespaces/ghost/configmaps', body: cm({ metadata: { name: 'x' } }), code: 404 },
    { name: 'unknown resource', method: 'GET', url: '/api/v1/namespaces/default/widgets', code: 404 },
    { name: 'unknown group version', method: 'GET', url: '/apis/apps/v9/deployments', code: 404 },
    { name: 'unknown path', method: 'GET', url: '/nothing/here', code: 404 },
    { name: 'method not allowed', method: 'POST', url: `${CM}/seed`, body: SEED.body, code: 405 },
    { name: 'unsupported content type', method: 'POST', url: CM, body: 'x', contentType: 'text/plain', code: 415 },
    { name: 'unsupported patch type', method: 'PATCH', url: `${CM}/seed`, body: '{}', contentType: 'application/json', code: 415 },
    { name: 'malformed json patch', method: 'PATCH', url: `${CM}/seed`, body: '{"op":"add"}', contentType: 'application/json-patch+json', code: 400 },
    { name: 'json patch test fails', method: 'PATCH', url: `${CM}/seed`, body: '[{"op":"test","path":"/data/a","value":"nope"}]', contentType: 'application/json-patch+json', code: 422 },
    { name: 'merge patch not an object', method: 'PATCH', url: `${CM}/seed`, body: '"x"', contentType: 'application/merge-patch+json', code: 400 },
    { name: 'bad dryRun', method: 'POST', url: `${CM}?dryRun=Some`, body: cm({ metadata: { name: 'dr' } }), code: 400 },
    { name: 'bad gracePeriodSeconds', method: 'DELETE', url: `${CM}/seed?gracePeriodSeconds=-5`, code: 400 },
    { name: 'bad propagationPolicy', method: 'DELETE', url: `${CM}/seed?propagationPolicy=Sideways`, code: 400 },
    { name: 'delete precondition', method: 'DELETE', url: `${CM}/seed`, body: JSON.stringify({ preconditions: { uid: 'not-the-uid' } }), code: 409 },
    { name: 'oversized body', method: 'POST', url: CM, body: cm({ metadata: { name: 'big' }, data: { a: 'x'.repeat(4 * 1024 * 1024) } }), code: 413 },
  ];
}

/**
 * registerMetricsApi serves the resource metrics API, metrics.k8s.io/v1beta1, as metrics-server
 * does: NodeMetrics and PodMetrics (get and list, label and field selectors) built on request from
 * the kubelets' /stats/summary, each kubelet's answer kept for a few seconds (SummaryCache). This
 * is what `kubectl top` and the HorizontalPodAutoscaler read. Authorization is the usual: verbs
 * get/list on resources nodes/pods of group metrics.k8s.io.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { newMethodNotSupported, newNotFound, newServiceUnavailable } from '../../api/errors.ts';
import type { KubeObject } from '../../api/meta/v1/object-meta.ts';
import type { Logger } from '../../component-base/logger.ts';
import type { Dialer } from '../kubelet-proxy/dialer.ts';
import { kubeletAddress, type NodeLike } from '../kubelet-proxy/target.ts';
import { getObject, listObjects } from '../registry/read.ts';
import { parseSelection } from '../registry/selection.ts';
import type { ApiContext, Scope } from '../registry/types.ts';
import { splitUrl } from '../request-path.ts';
import { metricsResourceList, metricsApiGroup } from './discovery.ts';
import { METRICS_API_VERSION, nodeMetrics, podMetrics, type NodeMetrics, type PodMetrics } from './resource-metrics.ts';
import { metricsTable } from './table.ts';
import { tableOptions, wantsTable } from '../handlers/table.ts';
import { SummaryCache } from './summary-cache.ts';
import { fetchSummary, type PodSummary, type Summary } from './summary.ts';

const BASE = `/apis/${METRICS_API_VERSION}`;
const nodeMetricsGR = { group: 'metrics.k8s.io', resource: 'nodes' };
const podMetricsGR = { group: 'metrics.k8s.io', resource: 'pods' };

type PodLike = KubeObject & { spec?: { nodeName?: string } };

/** MetricsList is a NodeMetricsList or PodMetricsList. */
interface MetricsList<T> {
  kind: string;
  apiVersion: string;
  metadata: object;
  items: T[];
}

/** MetricsApiOptions wire the metrics API to the kubelets. */
export interface MetricsApiOptions {
  dialer: Dialer;
  logger: Logger;
  cache?: SummaryCache;
}

/** registerMetricsApi adds the metrics.k8s.io/v1beta1 routes (static routes win over the REST layer's /apis/*). */
export function registerMetricsApi(app: FastifyInstance, ctx: ApiContext, opts: MetricsApiOptions): void {
  const metrics = new MetricsSource(ctx, opts);
  app.get('/apis/metrics.k8s.io', async () => ({ kind: 'APIGroup', apiVersion: 'v1', ...metricsApiGroup }));
  app.get(BASE, async () => metricsResourceList);
  app.get(`${BASE}/nodes`, async (req, reply) => send(req, reply, await metrics.listNodes(query(req))));
  app.get(`${BASE}/nodes/:name`, async (req, reply) => send(req, reply, await metrics.getNode(param(req, 'name'))));
  app.get(`${BASE}/pods`, async (req, reply) => send(req, reply, await metrics.listPods(undefined, query(req))));
  app.get(`${BASE}/namespaces/:namespace/pods`, async (req, reply) => send(req, reply, await metrics.listPods(param(req, 'namespace'), query(req))));
  app.get(`${BASE}/namespaces/:namespace/pods/:name`, async (req, reply) => send(req, reply, await metrics.getPod(param(req, 'namespace'), param(req, 'name'))));
}

function query(req: FastifyRequest): URLSearchParams {
  const q = splitUrl(req.url).query;
  // metrics-server serves no watch; say so instead of answering a list that never changes.
  if (q.get('watch') === 'true' || q.get('watch') === '1') throw newMethodNotSupported(req.url.includes('/nodes') ? nodeMetricsGR : podMetricsGR, 'watch');
  return q;
}

function param(req: FastifyRequest, name: string): string {
  return (req.params as Record<string, string>)[name];
}

/** send answers JSON, or a Table with metrics-server's columns when the client asks for one (kubectl get). */
function send(req: FastifyRequest, reply: FastifyReply, body: NodeMetrics | PodMetrics | MetricsList<NodeMetrics | PodMetrics>): FastifyReply {
  const table = wantsTable(req.headers.accept) && metricsTable('items' in body ? body.items : [body], tableOptions(splitUrl(req.url).query));
  return reply.type('application/json').send(table || body);
}

/** MetricsSource answers the metrics API's reads from the API objects and the kubelets' Summaries. */
class MetricsSource {
  readonly #ctx: ApiContext;
  readonly #opts: MetricsApiOptions;
  readonly #cache: SummaryCache;

  constructor(ctx: ApiContext, opts: MetricsApiOptions) {
    this.#ctx = ctx;
    this.#opts = opts;
    this.#cache = opts.cache ?? new SummaryCache();
  }

  async listNodes(q: URLSearchParams): Promise<MetricsList<NodeMetrics>> {
    const scope = this.#scope('nodes');
    const nodes = (await listObjects(this.#ctx, scope, undefined, { selection: parseSelection(scope, q.get('labelSelector'), q.get('fieldSelector')), resourceVersion: '0' })).items as NodeLike[];
    const summaries = await this.#summaries(nodes);
    const now = new Date();
    const items = nodes.flatMap((n) => {
      const s = summaries.get(n.metadata.name ?? '');
      const m = s && nodeMetrics(n, s, now);
      return m ? [m] : [];
    });
    return { kind: 'NodeMetricsList', apiVersion: METRICS_API_VERSION, metadata: {}, items };
  }

  async getNode(name: string): Promise<NodeMetrics> {
    const node = (await getObject(this.#ctx, this.#scope('nodes'), undefined, name)) as NodeLike;
    const m = nodeMetrics(node, await this.#summaryOf(node), new Date());
    if (!m) throw newNotFound(nodeMetricsGR, name);
    return m;
  }

  async listPods(namespace: string | undefined, q: URLSearchParams): Promise<MetricsList<PodMetrics>> {
    const scope = this.#scope('pods');
    const pods = (await listObjects(this.#ctx, scope, namespace, { selection: parseSelection(scope, q.get('labelSelector'), q.get('fieldSelector')), resourceVersion: '0' })).items as PodLike[];
    const nodeNames = new Set(pods.map((p) => p.spec?.nodeName).filter((n): n is string => !!n));
    const nodes = await Promise.all([...nodeNames].map((n) => getObject(this.#ctx, this.#scope('nodes'), undefined, n).catch(() => undefined)));
    const summaries = await this.#summaries(nodes.filter((n): n is NodeLike => !!n));
    const byUid = new Map<string, PodSummary>();
    for (const s of summaries.values()) for (const p of s.pods ?? []) byUid.set(p.podRef.uid, p);
    const now = new Date();
    const items = pods.flatMap((p) => {
      const entry = byUid.get(p.metadata.uid ?? '');
      const m = entry && podMetrics(p, entry, now);
      return m ? [m] : [];
    });
    return { kind: 'PodMetricsList', apiVersion: METRICS_API_VERSION, metadata: {}, items };
  }

  async getPod(namespace: string, name: string): Promise<PodMetrics> {
    const pod = (await getObject(this.#ctx, this.#scope('pods'), namespace, name)) as PodLike;
    const nodeName = pod.spec?.nodeName;
    if (!nodeName) throw newNotFound(podMetricsGR, name);
    const node = (await getObject(this.#ctx, this.#scope('nodes'), undefined, nodeName)) as NodeLike;
    const entry = (await this.#summaryOf(node)).pods?.find((p) => p.podRef.uid === pod.metadata.uid);
    const m = entry && podMetrics(pod, entry, new Date());
    if (!m) throw newNotFound(podMetricsGR, name);
    return m;
  }

  #scope(resource: 'nodes' | 'pods'): Scope {
    const scope = this.#ctx.scopeFor('', resource);
    if (!scope) throw newServiceUnavailable(`${resource} are not served`);
    return scope;
  }

  /** #summaryOf fetches one node's Summary; 503 naming the kubelet when it cannot be had. */
  async #summaryOf(node: NodeLike): Promise<Summary> {
    const name = node.metadata.name ?? '';
    const address = kubeletAddress(node);
    if (!address) throw newServiceUnavailable(`node ${name} has no address to reach its kubelet`);
    try {
      return await this.#cache.get(`${name}@${address.host}:${address.port}`, () => fetchSummary(this.#opts.dialer, address.host, address.port));
    } catch (err) {
      throw newServiceUnavailable(`unable to fetch metrics from node ${name}: ${(err as Error).message}`);
    }
  }

  /**
   * #summaries fetches the Summaries of nodes in parallel, by node name. Like metrics-server, a
   * node that fails is left out of a list (and logged); only when every node fails is it an error.
   */
  async #summaries(nodes: NodeLike[]): Promise<Map<string, Summary>> {
    const results = await Promise.allSettled(nodes.map((n) => this.#summaryOf(n)));
    const out = new Map<string, Summary>();
    let firstError: unknown;
    results.forEach((r, i) => {
      if (r.status === 'fulfilled') out.set(nodes[i].metadata.name ?? '', r.value);
      else {
        firstError ??= r.reason;
        this.#opts.logger.warn({ node: nodes[i].metadata.name, err: r.reason }, 'no metrics from node');
      }
    });
    if (out.size === 0 && firstError) throw firstError;
    return out;
  }
}

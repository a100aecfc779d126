import type { Command } from 'commander';
import type { DaemonSet } from '../../api/apps/v1/daemonset.ts';
import type { Deployment } from '../../api/apps/v1/deployment.ts';
import type { ReplicaSet } from '../../api/apps/v1/replicaset.ts';
import type { StatefulSet } from '../../api/apps/v1/statefulset.ts';
import type { CronJob } from '../../api/batch/v1/cronjob.ts';
import type { Job } from '../../api/batch/v1/job.ts';
import type { Endpoints } from '../../api/core/v1/endpoints.ts';
import type { Ingress } from '../../api/networking/v1/ingress.ts';
import type { Node } from '../../api/core/v1/node.ts';
import type { Pod } from '../../api/core/v1/pod.ts';
import type { Service } from '../../api/core/v1/service.ts';
import { labelSelectorToString } from '../../api/labels/index.ts';
import type { KubeObject, LabelSelector } from '../../api/meta/v1/object-meta.ts';
import type { ResourceInfo } from '../../api/resource-info.ts';
import { Resources } from '../../api/resources.ts';
import type { CliContext } from '../cli-context.ts';
import { age } from '../describe/describe-writer.ts';
import { eventsFor } from '../describe/events.ts';
import { describeGeneric } from '../describe/generic.ts';
import { describeIngress, type BackendLookup } from '../describe/ingress.ts';
import { describePod } from '../describe/pod.ts';
import { describeNode, describeService } from '../describe/service-node.ts';
import { describeCronJob, describeDaemonSet, describeDeployment, describeJob, describeReplicaSet, describeStatefulSet, type PodCounts } from '../describe/workloads.ts';
import { revisionAnnotation } from '../rollout/history.ts';
import type { Runner } from '../runner.ts';
import { parseTargets } from '../targets.ts';

/** registerDescribe adds `describe TYPE [NAME…] | TYPE/NAME | TYPE -l sel`. */
export function registerDescribe(program: Command, run: Runner): void {
  program
    .command('describe')
    .description('Show details of a specific resource or group of resources, with related events')
    .argument('<args...>', 'TYPE [NAME ...] | TYPE/NAME')
    .option('-l, --selector <selector>', 'label selector')
    .option('-A, --all-namespaces', 'across all namespaces')
    .action(run(async (ctx, args: string[], opts: { selector?: string; allNamespaces?: boolean }) => {
      const texts: string[] = [];
      for (const t of parseTargets(args)) {
        const rc = ctx.client.resource<KubeObject>(t.info);
        const ns = t.info.namespaced ? (opts.allNamespaces ? undefined : ctx.namespace) : undefined;
        const objects = t.names.length
          ? await Promise.all(t.names.map((n) => rc.get(ns ?? ctx.namespace, n)))
          : (await rc.list(ns, { labelSelector: opts.selector })).items;
        for (const obj of objects) texts.push(await describeObject(ctx, t.info, obj));
      }
      ctx.io.out.write(texts.join('\n\n'));
    }));
}

/** describeObject fetches what a describer needs (events, owned pods, endpoints) and renders obj. */
export async function describeObject(ctx: CliContext, info: ResourceInfo, obj: KubeObject): Promise<string> {
  const events = await eventsFor(ctx, obj);
  const ns = obj.metadata.namespace;
  switch (info.resource) {
    case 'pods':
      return describePod(obj as Pod, events);
    case 'deployments': {
      const d = obj as Deployment;
      const owned = (await ctx.client.resource<ReplicaSet>(Resources.replicasets).list(ns)).items.filter((rs) => rs.metadata.ownerReferences?.some((o) => o.uid === d.metadata.uid));
      const revision = d.metadata.annotations?.[revisionAnnotation];
      const newRS = owned.find((rs) => rs.metadata.annotations?.[revisionAnnotation] === revision);
      return describeDeployment(d, newRS, owned.filter((rs) => rs !== newRS && (rs.spec?.replicas ?? 0) > 0), events);
    }
    case 'replicasets':
      return describeReplicaSet(obj as ReplicaSet, await podCounts(ctx, ns, (obj as ReplicaSet).spec?.selector), events);
    case 'statefulsets':
      return describeStatefulSet(obj as StatefulSet, await podCounts(ctx, ns, (obj as StatefulSet).spec?.selector), events);
    case 'daemonsets':
      return describeDaemonSet(obj as DaemonSet, await podCounts(ctx, ns, (obj as DaemonSet).spec?.selector), events);
    case 'jobs':
      return describeJob(obj as Job, await podCounts(ctx, ns, (obj as Job).spec?.selector), events);
    case 'cronjobs':
      return describeCronJob(obj as CronJob, events);
    case 'services': {
      const eps = await ctx.client.resource<Endpoints>(Resources.endpoints).get(ns, obj.metadata.name!).catch(() => undefined);
      return describeService(obj as Service, eps, events);
    }
    case 'nodes':
      return describeNode(obj as Node, await nodePods(ctx, obj.metadata.name!), events);
    case 'ingresses':
      return describeIngress(obj as Ingress, await backendLookup(ctx, ns), events);
    default:
      return describeGeneric(obj as KubeObject & Record<string, unknown>, events);
  }
}

/** backendLookup fetches the Services and Endpoints of a namespace once, for describe ingress. */
async function backendLookup(ctx: CliContext, ns: string | undefined): Promise<BackendLookup> {
  const [services, endpoints] = await Promise.all([
    ctx.client.resource<Service>(Resources.services).list(ns),
    ctx.client.resource<Endpoints>(Resources.endpoints).list(ns),
  ]);
  return (name) => ({ service: services.items.find((s) => s.metadata.name === name), endpoints: endpoints.items.find((e) => e.metadata.name === name) });
}

async function podCounts(ctx: CliContext, ns: string | undefined, selector: LabelSelector | undefined): Promise<PodCounts> {
  const pods = (await ctx.client.resource<Pod>(Resources.pods).list(ns, { labelSelector: labelSelectorToString(selector) })).items;
  const count = (phase: string) => pods.filter((p) => (p.status?.phase ?? 'Pending') === phase).length;
  return { running: count('Running'), waiting: count('Pending'), succeeded: count('Succeeded'), failed: count('Failed') };
}

async function nodePods(ctx: CliContext, node: string) {
  const pods = (await ctx.client.resource<Pod>(Resources.pods).list(undefined, { fieldSelector: `spec.nodeName=${node}` })).items
    .filter((p) => p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed');
  const sum = (p: Pod, r: 'cpu' | 'memory') => p.spec.containers.map((c) => c.resources?.requests?.[r]).filter((v) => v !== undefined).join('+') || '0';
  return pods.map((p) => ({ namespace: p.metadata.namespace ?? '', name: p.metadata.name ?? '', cpu: sum(p, 'cpu'), memory: sum(p, 'memory'), age: age(p.metadata.creationTimestamp) }));
}

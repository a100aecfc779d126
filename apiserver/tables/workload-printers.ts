import { containerCells, formatLabels, int, selectorString } from './format.ts';
import { humanDuration, translateTimestampSince } from '../../api/meta/v1/human-duration.ts';
import { ageCol, col, nameCol, wide, type Json, type Printer, type TableColumnDefinition } from './table-types.ts';

const age = (o: Json, now: Date): string => translateTimestampSince(o.metadata?.creationTimestamp, now);
const containersCol = wide(col('Containers', 'Names of each container in the template.'));
const imagesCol = wide(col('Images', 'Images referenced by each container in the template.'));
const selectorCol = wide(col('Selector', 'Label selector for pods. Existing ReplicaSets whose pods are selected by this will be the ones affected by this deployment.'));
const intCol = (name: string, description: string): TableColumnDefinition => col(name, description, { type: 'integer' });
const templateContainers = (o: Json): Json[] | undefined => o.spec?.template?.spec?.containers;

/** deploymentPrinter: NAME READY UP-TO-DATE AVAILABLE AGE, wide CONTAINERS IMAGES SELECTOR. */
export const deploymentPrinter: Printer = {
  columns: [
    nameCol,
    col('Ready', 'Number of the pod with ready state'),
    intCol('Up-to-date', 'Total number of non-terminated pods targeted by this deployment that have the desired template spec.'),
    intCol('Available', 'Total number of available pods (ready for at least minReadySeconds) targeted by this deployment.'),
    ageCol,
    containersCol,
    imagesCol,
    selectorCol,
  ],
  cells(d, now) {
    const desired = d.spec?.replicas ?? 1;
    const [containers, images] = containerCells(templateContainers(d));
    return [d.metadata?.name ?? '', `${int(d.status?.readyReplicas)}/${desired}`, int(d.status?.updatedReplicas), int(d.status?.availableReplicas), age(d, now), containers, images, selectorString(d.spec?.selector)];
  },
};

/** replicaSetPrinter: NAME DESIRED CURRENT READY AGE, wide CONTAINERS IMAGES SELECTOR. */
export const replicaSetPrinter: Printer = {
  columns: [
    nameCol,
    intCol('Desired', 'Replicas is the number of desired pods.'),
    intCol('Current', 'Replicas is the most recently observed number of replicas.'),
    intCol('Ready', 'The number of ready replicas for this replica set.'),
    ageCol,
    containersCol,
    imagesCol,
    selectorCol,
  ],
  cells(r, now) {
    const [containers, images] = containerCells(templateContainers(r));
    return [r.metadata?.name ?? '', r.spec?.replicas ?? 1, int(r.status?.replicas), int(r.status?.readyReplicas), age(r, now), containers, images, selectorString(r.spec?.selector)];
  },
};

/** replicationControllerPrinter: as ReplicaSets, with a map selector. */
export const replicationControllerPrinter: Printer = {
  columns: replicaSetPrinter.columns,
  cells(r, now) {
    const [containers, images] = containerCells(templateContainers(r));
    return [r.metadata?.name ?? '', r.spec?.replicas ?? 1, int(r.status?.replicas), int(r.status?.readyReplicas), age(r, now), containers, images, formatLabels(r.spec?.selector)];
  },
};

/** daemonSetPrinter: NAME DESIRED CURRENT READY UP-TO-DATE AVAILABLE NODE SELECTOR AGE, wide CONTAINERS IMAGES SELECTOR. */
export const daemonSetPrinter: Printer = {
  columns: [
    nameCol,
    intCol('Desired', 'The total number of nodes that should be running the daemon pod (including nodes correctly running the daemon pod).'),
    intCol('Current', 'The number of nodes that are running at least 1 daemon pod and are supposed to run the daemon pod.'),
    intCol('Ready', 'numberReady is the number of nodes that should be running the daemon pod and have one or more of the daemon pod running with a Ready Condition.'),
    intCol('Up-to-date', 'The total number of nodes that are running updated daemon pod'),
    intCol('Available', 'The number of nodes that should be running the daemon pod and have one or more of the daemon pod running and available (ready for at least spec.minReadySeconds)'),
    col('Node Selector', 'NodeSelector is a selector which must be true for the pod to fit on a node.'),
    ageCol,
    containersCol,
    imagesCol,
    selectorCol,
  ],
  cells(d, now) {
    const s = d.status ?? {};
    const [containers, images] = containerCells(templateContainers(d));
    return [
      d.metadata?.name ?? '',
      int(s.desiredNumberScheduled),
      int(s.currentNumberScheduled),
      int(s.numberReady),
      int(s.updatedNumberScheduled),
      int(s.numberAvailable),
      formatLabels(d.spec?.template?.spec?.nodeSelector),
      age(d, now),
      containers,
      images,
      selectorString(d.spec?.selector),
    ];
  },
};

/** statefulSetPrinter: NAME READY AGE, wide CONTAINERS IMAGES. */
export const statefulSetPrinter: Printer = {
  columns: [nameCol, col('Ready', 'Number of the pod with ready state'), ageCol, containersCol, imagesCol],
  cells(s, now) {
    const [containers, images] = containerCells(templateContainers(s));
    return [s.metadata?.name ?? '', `${int(s.status?.readyReplicas)}/${s.spec?.replicas ?? 1}`, age(s, now), containers, images];
  },
};

/** controllerRevisionPrinter: NAME CONTROLLER REVISION AGE (controller as `kind.group/name`). */
export const controllerRevisionPrinter: Printer = {
  columns: [nameCol, col('Controller', 'Controller of the object'), intCol('Revision', 'Revision indicates the revision of the state represented by Data.'), ageCol],
  cells(r, now) {
    const ref: Json | undefined = (r.metadata?.ownerReferences ?? []).find((o: Json) => o.controller === true);
    let controller = '<none>';
    if (ref) {
      const group = String(ref.apiVersion ?? '').includes('/') ? String(ref.apiVersion).split('/')[0] : '';
      controller = `${String(ref.kind).toLowerCase()}${group ? '.' + group : ''}/${ref.name}`;
    }
    return [r.metadata?.name ?? '', controller, int(r.revision), age(r, now)];
  },
};

const condTrue = (o: Json, type: string): boolean => ((o.status?.conditions ?? []) as Json[]).some((c) => c.type === type && c.status === 'True');

function jobStatus(j: Json): string {
  if (condTrue(j, 'Complete')) return 'Complete';
  if (condTrue(j, 'Failed')) return 'Failed';
  if (j.metadata?.deletionTimestamp) return 'Terminating';
  if (condTrue(j, 'Suspended')) return 'Suspended';
  if (condTrue(j, 'FailureTarget')) return 'FailureTarget';
  if (condTrue(j, 'SuccessCriteriaMet')) return 'SuccessCriteriaMet';
  return 'Running';
}

function jobCompletions(j: Json): string {
  const succeeded = int(j.status?.succeeded);
  if (typeof j.spec?.completions === 'number') return `${succeeded}/${j.spec.completions}`;
  const parallelism = j.spec?.parallelism ?? 0;
  return parallelism > 1 ? `${succeeded}/1 of ${parallelism}` : `${succeeded}/1`;
}

function jobDuration(j: Json, now: Date): string {
  const start = j.status?.startTime;
  if (!start) return '';
  const end = j.status?.completionTime ? Date.parse(j.status.completionTime) : now.getTime();
  return humanDuration(end - Date.parse(start));
}

/** jobPrinter: NAME STATUS COMPLETIONS DURATION AGE, wide CONTAINERS IMAGES SELECTOR. */
export const jobPrinter: Printer = {
  columns: [
    nameCol,
    col('Status', 'Status of the job.'),
    col('Completions', 'The completion status of the job'),
    col('Duration', 'Time required to complete the job.'),
    ageCol,
    containersCol,
    imagesCol,
    selectorCol,
  ],
  cells(j, now) {
    const [containers, images] = containerCells(templateContainers(j));
    return [j.metadata?.name ?? '', jobStatus(j), jobCompletions(j), jobDuration(j, now), age(j, now), containers, images, selectorString(j.spec?.selector)];
  },
};

/** cronJobPrinter: NAME SCHEDULE TIMEZONE SUSPEND ACTIVE LAST SCHEDULE AGE, wide CONTAINERS IMAGES SELECTOR. */
export const cronJobPrinter: Printer = {
  columns: [
    nameCol,
    col('Schedule', 'The schedule in Cron format, see https://en.wikipedia.org/wiki/Cron.'),
    col('Timezone', 'The time zone name for the given schedule, see https://en.wikipedia.org/wiki/List_of_tz_database_time_zones.'),
    col('Suspend', 'This flag tells the controller to suspend subsequent executions, it does not apply to already started executions.', { type: 'boolean' }),
    intCol('Active', 'A list of pointers to currently running jobs.'),
    col('Last Schedule', 'Information when was the last time the job was successfully scheduled.'),
    ageCol,
    containersCol,
    imagesCol,
    selectorCol,
  ],
  cells(c, now) {
    const jobSpec = c.spec?.jobTemplate?.spec ?? {};
    const [containers, images] = containerCells(jobSpec.template?.spec?.containers);
    const last = c.status?.lastScheduleTime ? translateTimestampSince(c.status.lastScheduleTime, now) : '<none>';
    const suspend = c.spec?.suspend === undefined || c.spec?.suspend === null ? '<unset>' : c.spec.suspend ? 'True' : 'False';
    return [c.metadata?.name ?? '', c.spec?.schedule ?? '', c.spec?.timeZone || '<none>', suspend, (c.status?.active ?? []).length, last, age(c, now), containers, images, selectorString(jobSpec.selector)];
  },
};

import type { Container, PodTemplateSpec } from '../../api/core/v1/pod.ts';
import type { DescribeWriter } from './describe-writer.ts';

/** writePodTemplate writes the `Pod Template:` block shared by workload describers. */
export function writePodTemplate(w: DescribeWriter, template: PodTemplateSpec | undefined, level = 0): void {
  w.line(level, 'Pod Template:');
  w.map(level + 1, 'Labels:', template?.metadata?.labels);
  const annotations = template?.metadata?.annotations;
  if (annotations && Object.keys(annotations).length) w.map(level + 1, 'Annotations:', annotations, [], ': ');
  if (template?.spec?.serviceAccountName) w.line(level + 1, 'Service Account:', template.spec.serviceAccountName);
  if (template?.spec?.initContainers?.length) {
    w.line(level + 1, 'Init Containers:');
    for (const c of template.spec.initContainers) writeTemplateContainer(w, c, level + 2);
  }
  w.line(level + 1, 'Containers:');
  for (const c of template?.spec?.containers ?? []) writeTemplateContainer(w, c, level + 2);
  const volumes = template?.spec?.volumes ?? [];
  w.line(level + 1, 'Volumes:', volumes.length ? undefined : '<none>');
  for (const v of volumes) w.line(level + 2, `${v.name}:`, Object.keys(v).filter((k) => k !== 'name').join(', '));
  w.map(level + 1, 'Node-Selectors:', template?.spec?.nodeSelector);
  const tolerations = template?.spec?.tolerations ?? [];
  w.line(level + 1, 'Tolerations:', tolerations.length ? tolerations.map((t) => `${t.key ?? ''}${t.effect ? ':' + t.effect : ''}`).join(', ') : '<none>');
}

function writeTemplateContainer(w: DescribeWriter, c: Container, level: number): void {
  w.line(level, `${c.name}:`);
  w.line(level + 1, 'Image:', c.image ?? '');
  const port = c.ports?.[0];
  w.line(level + 1, 'Port:', port ? `${port.containerPort}/${port.protocol ?? 'TCP'}` : '<none>');
  w.line(level + 1, 'Host Port:', port ? `${port.hostPort ?? 0}/${port.protocol ?? 'TCP'}` : '<none>');
  if (c.command?.length) w.line(level + 1, 'Command:', c.command.join(' '));
  if (c.args?.length) w.line(level + 1, 'Args:', c.args.join(' '));
  const env = c.env ?? [];
  w.line(level + 1, 'Environment:', env.length ? undefined : '<none>');
  for (const e of env) w.line(level + 2, `${e.name}:`, e.value ?? '<set from a reference>');
  const mounts = c.volumeMounts ?? [];
  w.line(level + 1, 'Mounts:', mounts.length ? undefined : '<none>');
  for (const m of mounts) w.line(level + 2, `${m.mountPath} from ${m.name} (${m.readOnly ? 'ro' : 'rw'})`);
}

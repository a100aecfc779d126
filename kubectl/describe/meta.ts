import type { KubeObject } from '../../api/meta/v1/object-meta.ts';
import type { DescribeWriter } from './describe-writer.ts';

/** controlledBy is `ReplicaSet/web-abc` for the controller ownerReference, if any. */
export function controlledBy(obj: KubeObject): string | undefined {
  const ref = obj.metadata.ownerReferences?.find((o) => o.controller);
  return ref ? `${ref.kind}/${ref.name}` : undefined;
}

/** writeMeta writes Name/Namespace/Labels/Annotations like kubectl (last-applied is hidden). */
export function writeMeta(w: DescribeWriter, obj: KubeObject, show: { name?: boolean; namespace?: boolean } = {}): void {
  if (show.name !== false) w.line(0, 'Name:', obj.metadata.name);
  if (show.namespace !== false && obj.metadata.namespace) w.line(0, 'Namespace:', obj.metadata.namespace);
  w.map(0, 'Labels:', obj.metadata.labels);
  w.map(0, 'Annotations:', obj.metadata.annotations, ['kubectl.kubernetes.io/last-applied-configuration'], ': ');
}

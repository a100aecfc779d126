import { describe, expect, it } from 'vitest';
import { statefulSetDefinition, type StatefulSet } from './statefulset.ts';

describe('statefulset volumeClaimTemplates', () => {
  it('lets containers mount a claim template by name, and still rejects unknown volumes', () => {
    const sts = {
      metadata: { name: 'db', namespace: 'default' },
      spec: {
        serviceName: 'db',
        selector: { matchLabels: { app: 'db' } },
        template: { metadata: { labels: { app: 'db' } }, spec: { containers: [{ name: 'c', image: 'x', volumeMounts: [{ name: 'data', mountPath: '/data' }] }] } },
        volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } }],
      },
    } as unknown as StatefulSet;
    statefulSetDefinition.applyDefaults(sts);
    expect(statefulSetDefinition.validate(sts)).toEqual([]);
    sts.spec.template.spec.containers[0].volumeMounts![0].name = 'nope';
    expect(statefulSetDefinition.validate(sts).map((c) => c.field)).toContain('spec.template.spec.containers[0].volumeMounts[0].name');
  });
});

import { describe, expect, it } from 'vitest';
import { horizontalPodAutoscalerDefinition as def, type HorizontalPodAutoscaler } from './horizontalpodautoscaler.ts';

function hpa(mutate: (h: HorizontalPodAutoscaler) => void = () => {}): HorizontalPodAutoscaler {
  const h: HorizontalPodAutoscaler = { metadata: { name: 'web', namespace: 'default' }, spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }, maxReplicas: 10 } };
  mutate(h);
  def.applyDefaults(h);
  return h;
}

describe('hpa', () => {
  it('defaults minReplicas 1 and a CPU 80% target', () => {
    expect(hpa().spec).toMatchObject({ minReplicas: 1, metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } }] });
    expect(def.validate(hpa())).toEqual([]);
  });

  it('fills behavior policies only when behavior is given', () => {
    expect(hpa().spec.behavior).toBeUndefined();
    expect(hpa((h) => (h.spec.behavior = {})).spec.behavior).toMatchObject({ scaleUp: { selectPolicy: 'Max', stabilizationWindowSeconds: 0 }, scaleDown: { policies: [{ type: 'Percent', value: 100, periodSeconds: 15 }] } });
  });

  const cases: [string, (h: HorizontalPodAutoscaler) => void, string][] = [
    ['min 0', (h) => (h.spec.minReplicas = 0), 'spec.minReplicas'],
    ['max below min', (h) => Object.assign(h.spec, { minReplicas: 5, maxReplicas: 2 }), 'spec.maxReplicas'],
    ['no target name', (h) => (h.spec.scaleTargetRef.name = ''), 'spec.scaleTargetRef.name'],
    ['metric type without source', (h) => (h.spec.metrics = [{ type: 'Pods' }]), 'spec.metrics[0].pods'],
    ['bad metric type', (h) => (h.spec.metrics = [{ type: 'Magic' }]), 'spec.metrics[0].type'],
    ['bad policy period', (h) => (h.spec.behavior = { scaleUp: { policies: [{ type: 'Pods', value: 1, periodSeconds: 0 }] } }), 'spec.behavior.scaleUp.policies[0].periodSeconds'],
  ];

  it.each(cases)('%s', (_n, mutate, field) => {
    expect(def.validate(hpa(mutate)).map((c) => c.field)).toContain(field);
  });
});

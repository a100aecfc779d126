import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../meta/v1/object-meta.ts';
import { hpaV1ToV2, hpaV2ToV1, MetricsAnnotation } from './horizontalpodautoscaler.ts';

const ref = { kind: 'Deployment', name: 'web', apiVersion: 'apps/v1' };
const cpu = (n: number) => ({ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: n } } });
const memory = { type: 'Resource', resource: { name: 'memory', target: { type: 'AverageValue', averageValue: '100Mi' } } };

describe('autoscaling v1 ⇄ v2 conversion', () => {
  it('turns targetCPUUtilizationPercentage into a Resource cpu Utilization metric and back', () => {
    const v1 = { apiVersion: 'autoscaling/v1', kind: 'HorizontalPodAutoscaler', metadata: { name: 'h' }, spec: { scaleTargetRef: ref, minReplicas: 1, maxReplicas: 5, targetCPUUtilizationPercentage: 60 } };
    const v2 = hpaV1ToV2(v1) as { apiVersion: string; spec: Record<string, unknown> };
    expect(v2.apiVersion).toBe('autoscaling/v2');
    expect(v2.spec).toEqual({ scaleTargetRef: ref, minReplicas: 1, maxReplicas: 5, metrics: [cpu(60)] });
    expect(hpaV2ToV1(v2 as unknown as KubeObject)).toEqual(v1);
  });

  it('maps status currentCPUUtilizationPercentage ⇄ currentMetrics and keeps conditions in an annotation', () => {
    const stored = {
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: { name: 'h' },
      spec: { scaleTargetRef: ref, maxReplicas: 3, metrics: [cpu(50)] },
      status: { currentReplicas: 2, desiredReplicas: 3, currentMetrics: [{ type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: 75 } } }], conditions: [{ type: 'AbleToScale', status: 'True' }] },
    };
    const v1 = hpaV2ToV1(stored as unknown as KubeObject) as unknown as { status: Record<string, unknown>; metadata: { annotations: Record<string, string> } };
    expect(v1.status).toEqual({ currentReplicas: 2, desiredReplicas: 3, currentCPUUtilizationPercentage: 75 });
    expect(JSON.parse(v1.metadata.annotations['autoscaling.alpha.kubernetes.io/conditions'])).toEqual(stored.status.conditions);
    expect(hpaV1ToV2(v1)).toEqual(stored);
  });

  it('round-trips metrics v1 cannot express through the metrics annotation', () => {
    const stored = { apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: { name: 'h', annotations: { keep: 'me' } }, spec: { scaleTargetRef: ref, maxReplicas: 3, metrics: [cpu(50), memory] } };
    const v1 = hpaV2ToV1(stored as unknown as KubeObject) as unknown as { spec: Record<string, unknown>; metadata: { annotations: Record<string, string> } };
    expect(v1.spec.targetCPUUtilizationPercentage).toBe(50);
    expect(JSON.parse(v1.metadata.annotations[MetricsAnnotation])).toEqual([memory]);
    expect(hpaV1ToV2(v1)).toEqual(stored);
  });

  it('converts a partial apply configuration without inventing fields', () => {
    expect(hpaV1ToV2({ apiVersion: 'autoscaling/v1', kind: 'HorizontalPodAutoscaler', metadata: { name: 'h' }, spec: { maxReplicas: 4 } })).toEqual({
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: { name: 'h' },
      spec: { maxReplicas: 4 },
    });
  });
});

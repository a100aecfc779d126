import { describe, expect, it } from 'vitest';
import { componentName, hoistIds } from './document.ts';

describe('hoistIds', () => {
  it('moves $id sub-schemas into components and rewrites $refs to them', () => {
    const components: Record<string, unknown> = {};
    const schema = {
      type: 'object',
      properties: {
        volumes: { type: 'array', items: { $id: 'skiff/core/v1/Volume', type: 'object', properties: { name: { type: 'string' } } } },
        again: { $ref: 'skiff/core/v1/Volume' },
      },
    };
    const out = hoistIds(schema, components) as { properties: Record<string, unknown> };
    expect(out.properties.volumes).toEqual({ type: 'array', items: { $ref: '#/components/schemas/io.k8s.api.core.v1.Volume' } });
    expect(out.properties.again).toEqual({ $ref: '#/components/schemas/io.k8s.api.core.v1.Volume' });
    expect(components['io.k8s.api.core.v1.Volume']).toEqual({ type: 'object', properties: { name: { type: 'string' } } });
    expect(componentName('skiff/apps/v1/DeploymentSpec')).toBe('io.k8s.api.apps.v1.DeploymentSpec');
    expect(componentName('urn:skiff:core:v1:PodSpec')).toBe('io.k8s.api.core.v1.PodSpec');
  });
});

import { describe, expect, it } from 'vitest';
import type { Pod } from '../api-types.ts';
import { hostsFile } from './hosts-file.ts';

const pod = (spec: Pod['spec']): Pod => ({ metadata: { name: 'web-0', namespace: 'shop' }, spec });

describe('hostsFile', () => {
  it('lists localhost and the pod IP with its name', () => {
    const text = hostsFile(pod({ containers: [] }), '10.244.1.7', 'cluster.local');
    expect(text.split('\n')).toContain('127.0.0.1\tlocalhost');
    expect(text.split('\n')).toContain('10.244.1.7\tweb-0');
    expect(text).not.toContain('HostAliases');
    expect(text.endsWith('\n')).toBe(true);
  });

  it('puts the FQDN first for a pod with hostname and subdomain', () => {
    const text = hostsFile(pod({ containers: [], hostname: 'db', subdomain: 'backend' }), '10.244.1.8', 'cluster.local');
    expect(text.split('\n')).toContain('10.244.1.8\tdb.backend.shop.svc.cluster.local\tdb');
  });

  it('appends hostAliases after the pod entry', () => {
    const text = hostsFile(pod({ containers: [], hostAliases: [{ ip: '1.2.3.4', hostnames: ['a.b', 'c.d'] }, { ip: '5.6.7.8' }] }), '10.244.1.9', 'cluster.local');
    const lines = text.trimEnd().split('\n');
    expect(lines.slice(-2)).toEqual(['# Entries added by HostAliases.', '1.2.3.4\ta.b\tc.d']);
  });
});

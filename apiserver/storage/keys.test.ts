import { describe, expect, it } from 'vitest';
import { isBadRequest } from '../../api/errors.ts';
import { objectKey, parseObjectKey, resourcePrefix, segmentProblem } from './keys.ts';

describe('storage keys', () => {
  it.each([
    ['pods', 'default', 'web-1', '/registry/pods/default/web-1'],
    ['nodes', undefined, 'node1', '/registry/nodes/node1'],
    ['clusterroles', undefined, 'system:controller:x', '/registry/clusterroles/system:controller:x'],
    ['configmaps', 'kube-system', 'a.b.c', '/registry/configmaps/kube-system/a.b.c'],
  ])('objectKey(%s, %s, %s) = %s', (resource, ns, name, want) => {
    expect(objectKey(resource, ns, name)).toBe(want);
    expect(parseObjectKey(want)).toEqual({ resource, name, ...(ns ? { namespace: ns } : {}) });
  });

  it.each(['', '.', '..', 'a/b', '../x', 'a%2Fb', '%2e%2e', 'a\0b', '-a', 'a-', 'a b', 'x'.repeat(254), 'a\\b', 'a?b', 'a#b'])(
    'rejects name %j with a 400 BadRequest',
    (bad) => {
      expect(segmentProblem(bad)).toBeDefined();
      let err: unknown;
      try {
        objectKey('pods', 'default', bad);
      } catch (e) {
        err = e;
      }
      expect(isBadRequest(err)).toBe(true);
      expect(() => objectKey('pods', bad, 'x')).toThrow();
      expect(() => resourcePrefix(bad)).toThrow();
    },
  );

  it('prefixes end in / so namespace "a" never matches namespace "ab"', () => {
    expect(resourcePrefix('pods')).toBe('/registry/pods/');
    expect(resourcePrefix('pods', 'a')).toBe('/registry/pods/a/');
    expect(objectKey('pods', 'ab', 'x').startsWith(resourcePrefix('pods', 'a'))).toBe(false);
  });

  it('parseObjectKey refuses foreign or malformed keys', () => {
    for (const k of ['/other/pods/a', '/registry/pods/a/b/c', '/registry/pods/../x', '/registry/pods']) expect(parseObjectKey(k)).toBeUndefined();
  });
});

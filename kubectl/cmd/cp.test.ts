import { describe, expect, it } from 'vitest';
import { parseFileSpec, renameTop } from './cp.ts';

describe('cp file specifications', () => {
  it.each([
    ['web:/tmp/x', { pod: { namespace: undefined, name: 'web' }, path: '/tmp/x' }],
    ['prod/web:/tmp/x', { pod: { namespace: 'prod', name: 'web' }, path: '/tmp/x' }],
    ['web:', { pod: { namespace: undefined, name: 'web' }, path: '' }],
    ['/tmp/x', { path: '/tmp/x' }],
    ['./dir/file', { path: './dir/file' }],
    ['a/b/c:d', { path: 'a/b/c:d' }],
  ])('%s', (arg, want) => {
    expect(parseFileSpec(arg)).toEqual(want);
  });

  it('renames only the top entry, escaping what tar would read as a pattern', () => {
    expect(renameTop('x.txt', 'y.txt')).toBe('--transform=flags=rh;s,^x\\.txt,y.txt,');
    expect(renameTop('a,[b]*', 'c&d,e')).toBe('--transform=flags=rh;s,^a\\,\\[b\\]\\*,c\\&d\\,e,');
  });
});

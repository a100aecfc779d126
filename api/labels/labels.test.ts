import { describe, expect, it } from 'vitest';
import { isBadRequest } from '../errors.ts';
import type { LabelSelector } from '../meta/v1/object-meta.ts';
import { labelSelectorToString, matches, parseSelector, selectorFromLabelSelector, selectorFromSet, selectorToString } from './index.ts';

describe('parseSelector', () => {
  const ok: Array<[string, string]> = [
    ['', ''],
    ['a=b', 'a=b'],
    ['a==b', 'a==b'],
    ['a!=b', 'a!=b'],
    ['x=a,y=b,z=c', 'x=a,y=b,z=c'],
    ['z=c, x=a', 'x=a,z=c'],
    ['e in (y,x)', 'e in (x,y)'],
    ['e in ( x , y )', 'e in (x,y)'],
    ['f notin (z)', 'f notin (z)'],
    ['g', 'g'],
    ['!h', '!h'],
    ['a=b,c!=d,e in (x,y),f notin (z),g,!h', 'a=b,c!=d,e in (x,y),f notin (z),g,!h'],
    ['a=', 'a='],
    ['a in ()', 'a in ()'],
    ['a in (x,)', 'a in (,x)'],
    ['app.kubernetes.io/name=web', 'app.kubernetes.io/name=web'],
    ['n>5', 'n>5'],
    ['n<10', 'n<10'],
  ];
  it.each(ok)('parses %j as %j', (input, canonical) => {
    expect(selectorToString(parseSelector(input))).toBe(canonical);
  });

  const bad: Array<[string, RegExp]> = [
    ['a b', /found 'b', expected: in, notin, =, ==, !=, gt, lt/],
    ['a=b,', /expected: identifier after ','/],
    [',a', /expected: !, identifier/],
    ['a in x', /expected: '\('/],
    ['a in (x', /expected: ',' or '\)'/],
    ['a=b c', /found 'c'/],
    ['!a=b', /found '='/],
    ['a=(b)', /expected: identifier/],
    ['-a=b', /unable to parse requirement: key: Invalid value: "-a"/],
    ['a=b/c', /Invalid value: "b\/c"/],
    ['n>x', /must be an integer/],
    ['a/b/c=d', /qualified name/],
    [`a=${'x'.repeat(64)}`, /no more than 63/],
  ];
  it.each(bad)('rejects %j with a 400', (input, msg) => {
    let caught: unknown;
    try {
      parseSelector(input);
    } catch (err) {
      caught = err;
    }
    expect(isBadRequest(caught)).toBe(true);
    expect((caught as Error).message).toMatch(msg);
  });
});

describe('matches', () => {
  const labels = { app: 'web', tier: 'front', n: '7' };
  const cases: Array<[string, Record<string, string> | undefined, boolean]> = [
    ['', labels, true],
    ['', undefined, true],
    ['app=web', labels, true],
    ['app==web', labels, true],
    ['app=db', labels, false],
    ['app!=db', labels, true],
    ['app!=web', labels, false],
    ['missing!=x', labels, true],
    ['app in (db,web)', labels, true],
    ['app in (db)', labels, false],
    ['missing in (x)', labels, false],
    ['app notin (db)', labels, true],
    ['app notin (web)', labels, false],
    ['missing notin (web)', labels, true],
    ['app', labels, true],
    ['missing', labels, false],
    ['!missing', labels, true],
    ['!app', labels, false],
    ['app=web,tier=front', labels, true],
    ['app=web,tier=back', labels, false],
    ['n>5', labels, true],
    ['n>7', labels, false],
    ['n<8', labels, true],
    ['app>1', labels, false],
    ['app=', labels, false],
    ['empty=', { empty: '' }, true],
  ];
  it.each(cases)('%j on %j → %s', (sel, ls, want) => {
    expect(matches(parseSelector(sel), ls)).toBe(want);
  });
});

describe('selectorFromLabelSelector', () => {
  const labels = { app: 'web', tier: 'front' };
  it('selects nothing for null/undefined and everything for {}', () => {
    expect(matches(selectorFromLabelSelector(undefined), labels)).toBe(false);
    expect(matches(selectorFromLabelSelector(null), {})).toBe(false);
    expect(matches(selectorFromLabelSelector({}), labels)).toBe(true);
    expect(matches(selectorFromLabelSelector({ matchLabels: {}, matchExpressions: [] }), {})).toBe(true);
  });

  const cases: Array<{ sel: LabelSelector; str: string; want: boolean }> = [
    { sel: { matchLabels: { app: 'web' } }, str: 'app=web', want: true },
    { sel: { matchLabels: { tier: 'front', app: 'web' } }, str: 'app=web,tier=front', want: true },
    { sel: { matchExpressions: [{ key: 'app', operator: 'In', values: ['web', 'api'] }] }, str: 'app in (api,web)', want: true },
    { sel: { matchExpressions: [{ key: 'app', operator: 'NotIn', values: ['web'] }] }, str: 'app notin (web)', want: false },
    { sel: { matchExpressions: [{ key: 'tier', operator: 'Exists' }] }, str: 'tier', want: true },
    { sel: { matchExpressions: [{ key: 'tier', operator: 'DoesNotExist' }] }, str: '!tier', want: false },
    { sel: { matchLabels: { app: 'web' }, matchExpressions: [{ key: 'x', operator: 'DoesNotExist' }] }, str: 'app=web,!x', want: true },
  ];
  it.each(cases)('$str', ({ sel, str, want }) => {
    const s = selectorFromLabelSelector(sel);
    expect(selectorToString(s)).toBe(str);
    expect(matches(s, labels)).toBe(want);
    expect(labelSelectorToString(sel)).toBe(str);
  });

  const bad: LabelSelector[] = [
    { matchExpressions: [{ key: 'a', operator: 'Equals', values: ['x'] }] },
    { matchExpressions: [{ key: 'a', operator: 'In', values: [] }] },
    { matchExpressions: [{ key: 'a', operator: 'Exists', values: ['x'] }] },
    { matchLabels: { 'bad key': 'x' } },
  ];
  it.each(bad)('rejects %j', (sel) => {
    expect(() => selectorFromLabelSelector(sel)).toThrow();
    expect(labelSelectorToString(sel)).toBe('<error>');
  });

  it('formats nil and empty selectors as <none>', () => {
    expect(labelSelectorToString(undefined)).toBe('<none>');
    expect(labelSelectorToString({})).toBe('<none>');
  });
});

describe('selectorFromSet', () => {
  it('builds a sorted equality selector', () => {
    const s = selectorFromSet({ b: '2', a: '1' });
    expect(selectorToString(s)).toBe('a=1,b=2');
    expect(matches(s, { a: '1', b: '2', c: '3' })).toBe(true);
    expect(matches(s, { a: '1' })).toBe(false);
    expect(selectorToString(selectorFromSet(undefined))).toBe('');
  });
});

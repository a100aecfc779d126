import { describe, expect, it } from 'vitest';
import { isBadRequest } from '../errors.ts';
import type { KubeObject } from '../meta/v1/object-meta.ts';
import { checkSupportedFields, fieldSelectorToString, fieldsOf, kindFields, matches, parseFieldSelector, requiredValue, supportedFields } from './index.ts';

describe('parseFieldSelector', () => {
  const ok: Array<[string, string]> = [
    ['', ''],
    ['metadata.name=a', 'metadata.name=a'],
    ['metadata.name==a', 'metadata.name==a'],
    ['status.phase!=Running', 'status.phase!=Running'],
    ['spec.nodeName=n1,metadata.name=a', 'metadata.name=a,spec.nodeName=n1'],
    ['a=', 'a='],
    ['a=x\\,y', 'a=x\\,y'],
    ['a=x\\=y', 'a=x\\=y'],
  ];
  it.each(ok)('parses %j as %j', (input, canonical) => {
    expect(fieldSelectorToString(parseFieldSelector(input))).toBe(canonical);
  });

  it('unescapes values', () => {
    expect(parseFieldSelector('a=x\\,y').requirements[0]?.value).toBe('x,y');
  });

  it.each(['a', '=b', 'a=b,c', 'a=\\q'])('rejects %j with a 400', (input) => {
    let caught: unknown;
    try {
      parseFieldSelector(input);
    } catch (err) {
      caught = err;
    }
    expect(isBadRequest(caught)).toBe(true);
  });
});

describe('matches', () => {
  const fields = { 'metadata.name': 'web', 'spec.nodeName': 'n1', 'status.phase': 'Running' };
  const cases: Array<[string, boolean]> = [
    ['', true],
    ['metadata.name=web', true],
    ['metadata.name=db', false],
    ['spec.nodeName=n1,status.phase=Running', true],
    ['spec.nodeName=n1,status.phase!=Running', false],
    ['spec.nodeName!=n2', true],
    ['missing=', true],
    ['missing!=', false],
  ];
  it.each(cases)('%j → %s', (sel, want) => {
    expect(matches(parseFieldSelector(sel), fields)).toBe(want);
  });

  it('requiredValue finds the pinned value', () => {
    expect(requiredValue(parseFieldSelector('spec.nodeName=n1'), 'spec.nodeName')).toBe('n1');
    expect(requiredValue(parseFieldSelector('spec.nodeName!=n1'), 'spec.nodeName')).toBeUndefined();
  });
});

describe('fieldsOf / kindFields', () => {
  it('gives pod fields', () => {
    const pod = { metadata: { name: 'p', namespace: 'ns' }, spec: { nodeName: 'n1' }, status: { phase: 'Pending' } } as KubeObject;
    const f = fieldsOf(pod, kindFields('Pod', pod));
    expect(f).toMatchObject({
      'metadata.name': 'p',
      'metadata.namespace': 'ns',
      'spec.nodeName': 'n1',
      'status.phase': 'Pending',
      'spec.hostNetwork': 'false',
      'status.podIP': '',
    });
  });

  it('gives event fields', () => {
    const ev = { metadata: { name: 'e', namespace: 'ns' }, involvedObject: { kind: 'Pod', name: 'p' }, reason: 'Started', source: { component: 'kubelet' } } as KubeObject;
    const f = fieldsOf(ev, kindFields('Event', ev));
    expect(f['involvedObject.kind']).toBe('Pod');
    expect(f['involvedObject.name']).toBe('p');
    expect(f['reason']).toBe('Started');
    expect(f['source']).toBe('kubelet');
  });

  it('omits metadata.namespace for cluster-scoped objects', () => {
    const node = { metadata: { name: 'n1' }, spec: { unschedulable: true } } as KubeObject;
    expect(fieldsOf(node, kindFields('Node', node))).toEqual({ 'metadata.name': 'n1', 'spec.unschedulable': 'true' });
  });

  it('rejects unsupported field labels with a 400', () => {
    expect(() => checkSupportedFields(parseFieldSelector('spec.nodeName=x'), supportedFields('Pod', true))).not.toThrow();
    let caught: unknown;
    try {
      checkSupportedFields(parseFieldSelector('spec.foo=x'), supportedFields('Pod', true));
    } catch (err) {
      caught = err;
    }
    expect(isBadRequest(caught)).toBe(true);
    expect((caught as Error).message).toBe('field label not supported: spec.foo');
  });
});

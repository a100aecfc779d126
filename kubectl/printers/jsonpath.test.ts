import { describe, expect, it } from 'vitest';
import { renderJsonPath } from './jsonpath.ts';

const list = {
  kind: 'List',
  items: [
    { metadata: { name: 'a', labels: { 'app.kubernetes.io/name': 'web' } }, spec: { containers: [{ image: 'nginx:1' }, { image: 'side:2' }] }, status: { conditions: [{ type: 'Ready', status: 'True' }, { type: 'Init', status: 'False' }] } },
    { metadata: { name: 'b' }, spec: { containers: [{ image: 'nginx:2' }] }, status: { conditions: [{ type: 'Ready', status: 'False' }] } },
  ],
};

describe('renderJsonPath', () => {
  it.each([
    ['{.items[*].metadata.name}', 'a b'],
    ['{.items[0].metadata.name}', 'a'],
    ['{.items[-1].metadata.name}', 'b'],
    ['{.items[0:1].metadata.name}', 'a'],
    ['{..image}', 'nginx:1 side:2 nginx:2'],
    ['{range .items[*]}{.metadata.name}{"\\t"}{.status.conditions[?(@.type=="Ready")].status}{"\\n"}{end}', 'a\tTrue\nb\tFalse\n'],
    ["{.items[0].metadata.labels['app.kubernetes.io/name']}", 'web'],
    ['name={.items[1].metadata.name}!', 'name=b!'],
    ['{.items[0].status.conditions[0]}', '{"type":"Ready","status":"True"}'],
    ['{.missing.field}', ''],
    ['{$.kind}', 'List'],
  ])('%s', (template, want) => {
    expect(renderJsonPath(template, list)).toBe(want);
  });

  it.each(['{.items[0]', '{range .items[*]}{.x}', '{.items[abc]}'])('rejects %s with a usage error', (template) => {
    expect(() => renderJsonPath(template, list)).toThrow(/jsonpath/);
  });
});

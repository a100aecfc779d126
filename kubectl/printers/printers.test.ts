import { describe, expect, it } from 'vitest';
import { printCustomColumns } from './custom-columns.ts';
import { printNames, asListOrSingle } from './object-printer.ts';
import { printTable, type Table } from './table-printer.ts';
import { Resources } from '../../api/resources.ts';

const podTable: Table = {
  kind: 'Table',
  apiVersion: 'meta.k8s.io/v1',
  columnDefinitions: [
    { name: 'Name', type: 'string' },
    { name: 'Ready', type: 'string' },
    { name: 'Status', type: 'string' },
    { name: 'Restarts', type: 'string' },
    { name: 'Age', type: 'string' },
    { name: 'IP', type: 'string', priority: 1 },
    { name: 'Node', type: 'string', priority: 1 },
  ],
  rows: [
    { cells: ['hello-minikube-180744149-sjp84', '1/1', 'Running', '1', '208d', '172.17.0.2', 'minikube'], object: { metadata: { name: 'hello-minikube-180744149-sjp84', namespace: 'default', labels: { run: 'hello-minikube' } } } },
    { cells: ['web-1', '0/1', 'Pending', '0', '5s', '<none>', '<none>'], object: { metadata: { name: 'web-1', namespace: 'prod' } } },
  ],
};

describe('table printer (golden, kubectl layout)', () => {
  it('prints the default columns', () => {
    expect(printTable(podTable)).toBe(
      'NAME                             READY   STATUS    RESTARTS   AGE\n' +
      'hello-minikube-180744149-sjp84   1/1     Running   1          208d\n' +
      'web-1                            0/1     Pending   0          5s\n',
    );
  });

  it('adds priority columns with -o wide, NAMESPACE with -A and LABELS with --show-labels', () => {
    expect(printTable(podTable, { wide: true, withNamespace: true, showLabels: true })).toBe(
      'NAMESPACE   NAME                             READY   STATUS    RESTARTS   AGE    IP           NODE       LABELS\n' +
      'default     hello-minikube-180744149-sjp84   1/1     Running   1          208d   172.17.0.2   minikube   run=hello-minikube\n' +
      'prod        web-1                            0/1     Pending   0          5s     <none>       <none>     <none>\n',
    );
  });

  it('prefixes names with the kind and drops headers on request', () => {
    expect(printTable(podTable, { kindPrefix: 'pod', noHeaders: true }).split('\n')[0]).toMatch(/^pod\/hello-minikube-180744149-sjp84 {3}1\/1/);
  });

  it('prints nothing for an empty table', () => {
    expect(printTable({ ...podTable, rows: [] })).toBe('');
  });
});

describe('other printers', () => {
  const pods = [{ metadata: { name: 'a' }, spec: { containers: [{ image: 'x:1' }, { image: 'y:2' }] } }, { metadata: { name: 'b' } }];

  it('custom-columns joins multiple values and marks missing ones', () => {
    expect(printCustomColumns('NAME:.metadata.name,IMAGES:.spec.containers[*].image', pods)).toBe(
      'NAME   IMAGES\na      x:1,y:2\nb      <none>\n',
    );
  });

  it('-o name uses kind.group/name', () => {
    expect(printNames(Resources.deployments, pods)).toBe('deployment.apps/a\ndeployment.apps/b\n');
    expect(printNames(Resources.pods, pods)).toBe('pod/a\npod/b\n');
  });

  it('wraps several objects in a List', () => {
    expect(asListOrSingle(pods, false)).toMatchObject({ kind: 'List', apiVersion: 'v1', items: pods });
    expect(asListOrSingle([pods[0]], true)).toBe(pods[0]);
  });
});

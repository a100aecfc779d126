import { describe, expect, it } from 'vitest';
import { StatusError } from '../../api/errors.ts';
import { decodeBody } from '../handlers/body.ts';
import { decodeProtobufBody, PROTOBUF_MEDIA_TYPE } from './decode-body.ts';
import { encodeMessage, entry, envelope, intOrString, time, type PbField } from './test-encoder.ts';

// Request bodies captured from real kubectl 1.32 (`-v=10`): `create namespace x` and
// `create deployment capd3 --image=nginx:1.25 --replicas=3 --port=80`. Go's gogo encoder writes
// every non-pointer string and struct even when empty, which the decoder must read as unset.
const KUBECTL_NAMESPACE =
  '6b3873000a0f0a02763112094e616d6573706163651219' + '0a110a017812001a0022002a0032003800420012001a020a001a002200';
const KUBECTL_DEPLOYMENT =
  '6b3873000a150a07617070732f7631120a4465706c6f796d656e7412c5010a230a05636170643312001a0022002a003200380042005a0c0a03' +
  '61707012056361706433128f010803120e0a0c0a03617070120563617064331a730a1e0a0012001a0022002a003200380042005a0c0a0361' +
  '707012056361706433125112330a056e67696e78120a6e67696e783a312e32352a00320a0a001000185022002a0042006a00720080010088' +
  '0100900100a201001a00320042004a0052005800600068008201008a01009a0100c2010022020a00280038001a0c08001000180020002800' +
  '38001a002200';

function statusOf(fn: () => unknown): { code: number; reason?: string; message: string } {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(StatusError);
    const s = (err as StatusError).status;
    return { code: s.code, reason: s.reason, message: s.message ?? '' };
  }
  throw new Error('expected a StatusError');
}

describe('decodeProtobufBody', () => {
  it('decodes kubectl create namespace', () => {
    expect(decodeProtobufBody(Buffer.from(KUBECTL_NAMESPACE, 'hex'))).toEqual({
      apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'x' }, spec: {}, status: {},
    });
  });

  it('decodes kubectl create deployment (nested template, selector, ports)', () => {
    const pod = { metadata: { labels: { app: 'capd3' } }, spec: { containers: [{ name: 'nginx', image: 'nginx:1.25', ports: [{ containerPort: 80 }], resources: {} }] } };
    expect(decodeProtobufBody(Buffer.from(KUBECTL_DEPLOYMENT, 'hex'))).toEqual({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'capd3', labels: { app: 'capd3' } },
      spec: { replicas: 3, selector: { matchLabels: { app: 'capd3' } }, template: pod, strategy: {} },
      status: {},
    });
  });

  it('decodes a hand-built Deployment with every special encoding nested inside', () => {
    const container: PbField[] = [[1, 'web'], [2, 'nginx'], [3, 'nginx'], [4, '-g'], [7, [[1, 'A'], [2, '1']]],
      [8, [entry(1, 'cpu', [[1, '500m']])]], [10, [[1, [[3, [[1, intOrString(8080)]]]]], [2, 3]]]];
    const body = envelope('apps/v1', 'Deployment', [
      [1, [[1, 'web'], [3, 'prod'], [8, time('2024-05-06T07:08:09Z')], entry(11, 'app', 'web')]],
      [2, [
        [1, 0],
        [2, [entry(1, 'app', 'web'), [2, [[1, 'tier'], [2, 'In'], [3, 'a'], [3, 'b']]]]],
        [3, [[1, [entry(11, 'app', 'web')]], [2, [[2, container], [3, 'Always'], [4, 30n], [7, [[1, 'x']]]]]]],
        [4, [[1, 'RollingUpdate'], [2, [[1, intOrString(0)], [2, intOrString('50%')]]]]],
        [6, 0],
      ]],
    ]);
    expect(decodeProtobufBody(body)).toEqual({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', namespace: 'prod', creationTimestamp: '2024-05-06T07:08:09Z', labels: { app: 'web' } },
      spec: {
        replicas: 0,
        selector: { matchLabels: { app: 'web' }, matchExpressions: [{ key: 'tier', operator: 'In', values: ['a', 'b'] }] },
        template: {
          metadata: { labels: { app: 'web' } },
          spec: {
            containers: [{
              name: 'web', image: 'nginx', command: ['nginx'], args: ['-g'], env: [{ name: 'A', value: '1' }],
              resources: { limits: { cpu: '500m' } }, livenessProbe: { tcpSocket: { port: 8080 }, initialDelaySeconds: 3 },
            }],
            restartPolicy: 'Always',
            terminationGracePeriodSeconds: 30,
            nodeSelector: { x: '' },
          },
        },
        strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0, maxSurge: '50%' } },
        revisionHistoryLimit: 0,
      },
    });
  });

  it('picks the autoscaling/v1 HorizontalPodAutoscaler shape by version', () => {
    const spec: PbField[] = [[1, [[1, 'Deployment'], [2, 'web'], [3, 'apps/v1']]], [3, 5], [4, 80]];
    expect(decodeProtobufBody(envelope('autoscaling/v1', 'HorizontalPodAutoscaler', [[2, spec]]))).toEqual({
      apiVersion: 'autoscaling/v1',
      kind: 'HorizontalPodAutoscaler',
      spec: { scaleTargetRef: { kind: 'Deployment', name: 'web', apiVersion: 'apps/v1' }, maxReplicas: 5, targetCPUUtilizationPercentage: 80 },
    });
  });

  it('decodes a policy/v1 Eviction with its DeleteOptions', () => {
    const body = envelope('policy/v1', 'Eviction', [[1, [[1, 'p'], [3, 'default']]], [2, [[1, 0], [4, 'Background'], [5, 'All']]]]);
    expect(decodeProtobufBody(body)).toEqual({
      apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name: 'p', namespace: 'default' },
      deleteOptions: { gracePeriodSeconds: 0, propagationPolicy: 'Background', dryRun: ['All'] },
    });
  });

  const bad: { name: string; body: Buffer; code: number; message: RegExp }[] = [
    { name: 'no k8s magic', body: Buffer.from('{"kind":"Namespace"}'), code: 400, message: /k8s\\x00/ },
    { name: 'truncated envelope', body: Buffer.from(KUBECTL_NAMESPACE, 'hex').subarray(0, 20), code: 400, message: /could not be decoded as protobuf/ },
    { name: 'truncated object', body: envelope('v1', 'Namespace', Buffer.from('0a0a0a0178', 'hex')), code: 400, message: /past the end/ },
    { name: 'empty kind', body: envelope('v1', '', []), code: 400, message: /kind/ },
    { name: 'content encoding', body: Buffer.concat([Buffer.from('6b387300', 'hex'), encodeMessage([[1, [[1, 'v1'], [2, 'Namespace']]], [3, 'gzip']])]), code: 400, message: /gzip/ },
    { name: 'kind without a protobuf table', body: envelope('example.com/v1', 'Widget', []), code: 415, message: /Widget; send application\/json/ },
  ];
  for (const c of bad) {
    it(`rejects ${c.name} with ${c.code}`, () => {
      const s = statusOf(() => decodeProtobufBody(c.body));
      expect(s.code).toBe(c.code);
      expect(s.message).toMatch(c.message);
    });
  }

  it('answers every corrupted body with a 400 or a value, never another error', () => {
    const base = Buffer.from(KUBECTL_DEPLOYMENT, 'hex');
    let seed = 42;
    const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
    const codes = new Set<number>();
    for (let i = 0; i < 2000; i++) {
      const body = Buffer.from(base);
      for (let j = 0; j < 1 + rand(4); j++) body[4 + rand(body.length - 4)] = rand(256);
      try {
        decodeProtobufBody(body);
        codes.add(200);
      } catch (err) {
        expect(err).toBeInstanceOf(StatusError);
        codes.add((err as StatusError).code);
      }
    }
    expect([...codes].every((c) => c === 200 || c === 400 || c === 415)).toBe(true);
    expect(codes.has(400)).toBe(true);
  });
});

describe('decodeBody with the protobuf media type', () => {
  it('routes application/vnd.kubernetes.protobuf bodies to the protobuf decoder', () => {
    expect(decodeBody(Buffer.from(KUBECTL_NAMESPACE, 'hex'), `${PROTOBUF_MEDIA_TYPE}; charset=binary`)).toMatchObject({ kind: 'Namespace', metadata: { name: 'x' } });
  });

  it('still rejects an empty protobuf body as a 400', () => {
    expect(statusOf(() => decodeBody(Buffer.alloc(0), PROTOBUF_MEDIA_TYPE)).code).toBe(400);
  });
});

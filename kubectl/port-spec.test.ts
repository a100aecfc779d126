import { describe, expect, it } from 'vitest';
import { addressesOf } from './cmd/port-forward.ts';
import { ChannelDemux, dataMessage } from './port-forward-stream.ts';
import { parsePortSpec, resolveContainerPort, resolveServicePort } from './port-spec.ts';

describe('port-forward arguments', () => {
  it.each([
    ['8080:80', { local: 8080, remote: 80 }],
    ['8080', { local: 8080, remote: 8080 }],
    [':80', { local: 0, remote: 80 }],
    ['9000:http', { local: 9000, remote: 'http' }],
  ])('parses %s', (arg, want) => expect(parsePortSpec(arg)).toEqual(want));

  it.each(['1:2:3', 'x', '70000:80', '8080:0'])('refuses %s', (arg) => expect(() => parsePortSpec(arg)).toThrow());

  it('resolves named container ports', () => {
    expect(resolveContainerPort('http', [{ name: 'http', containerPort: 8080 }], 'p')).toBe(8080);
    expect(() => resolveContainerPort('grpc', [], 'p')).toThrow(/named port 'grpc'/);
  });

  it('maps a Service port to its targetPort (number, name, or the port itself)', () => {
    const ports = [{ name: 'http', containerPort: 8080 }];
    const svc = [{ name: 'web', port: 80, targetPort: 'http' }, { port: 81, targetPort: 9000 }, { port: 82 }];
    expect(resolveServicePort(80, svc, ports, 's', 'p')).toBe(8080);
    expect(resolveServicePort('web', svc, ports, 's', 'p')).toBe(8080);
    expect(resolveServicePort(81, svc, ports, 's', 'p')).toBe(9000);
    expect(resolveServicePort(82, svc, ports, 's', 'p')).toBe(82);
    expect(() => resolveServicePort(99, svc, ports, 's', 'p')).toThrow(/does not have a service port 99/);
  });

  it('expands localhost to both loopbacks', () => {
    expect(addressesOf('localhost')).toEqual(['127.0.0.1', '::1']);
    expect(addressesOf('0.0.0.0,localhost')).toEqual(['0.0.0.0', '127.0.0.1', '::1']);
  });
});

describe('WebSocket port-forward framing (client side)', () => {
  it('drops each channel\'s port prefix, then splits data and errors', () => {
    const d = new ChannelDemux();
    expect(d.next(Buffer.from([0, 0x50, 0]))).toBeUndefined();
    expect(d.next(Buffer.from([1, 0x50, 0]))).toBeUndefined();
    expect(d.next(Buffer.from([0, 104, 105]))).toEqual({ kind: 'data', payload: Buffer.from('hi') });
    expect(d.next(Buffer.concat([Buffer.from([1]), Buffer.from('refused')]))).toEqual({ kind: 'error', payload: Buffer.from('refused') });
    expect(d.next(Buffer.from([2, 0]))).toBeUndefined();
  });

  it('frames local bytes on the data channel', () => expect([...dataMessage(Buffer.from('a'))]).toEqual([0, 97]));
});

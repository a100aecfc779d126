import { describe, expect, it } from 'vitest';
import { parseKubeletConfig } from './config.ts';

describe('parseKubeletConfig serving certificate flags', () => {
  it('--rotate-server-certificates takes the certificate from the CSR flow and needs --client-ca-file', () => {
    for (const flag of ['--rotate-server-certificates', '--rotate-server-certificates=true']) {
      const cfg = parseKubeletConfig([flag, '--client-ca-file=/pki/ca.crt', '--cert-dir=/pki/kubelet'], 'h');
      expect(cfg).toMatchObject({ rotateServerCertificates: { clientCAFile: '/pki/ca.crt' }, certDir: '/pki/kubelet' });
      expect(cfg.tls).toBeUndefined();
    }
    expect(() => parseKubeletConfig(['--rotate-server-certificates'], 'h')).toThrow(/needs --client-ca-file/);
    expect(() => parseKubeletConfig(['--rotate-server-certificates', '--client-ca-file=c', '--tls-cert-file=a', '--tls-private-key-file=b'], 'h')).toThrow(/exclude each other/);
  });

  it('=false or absent leaves the file-based TLS flags as they were', () => {
    const off = parseKubeletConfig(['--rotate-server-certificates=false'], 'h');
    expect([off.rotateServerCertificates, off.tls]).toEqual([undefined, undefined]);
    const files = parseKubeletConfig(['--tls-cert-file=a', '--tls-private-key-file=b', '--client-ca-file=c'], 'h');
    expect([files.rotateServerCertificates, files.tls]).toEqual([undefined, { certFile: 'a', keyFile: 'b', clientCAFile: 'c' }]);
  });
});

describe('parseKubeletConfig --rotate-certificates', () => {
  const boot = ['--bootstrap-kubeconfig=/b', '--kubeconfig=/k'];
  it.each([
    ['on by default with --bootstrap-kubeconfig', boot, true],
    ['off by default without', ['--kubeconfig=/k'], false],
    ['--rotate-certificates turns it on', ['--kubeconfig=/k', '--rotate-certificates'], true],
    ['=true turns it on', ['--kubeconfig=/k', '--rotate-certificates=true'], true],
    ['=false turns it off even with --bootstrap-kubeconfig', [...boot, '--rotate-certificates=false'], false],
  ])('is %s', (_, argv, want) => {
    expect(parseKubeletConfig(argv, 'h').rotateCertificates).toBe(want);
  });

  it('is independent of --rotate-server-certificates', () => {
    const cfg = parseKubeletConfig([...boot, '--rotate-certificates=false', '--rotate-server-certificates=true', '--client-ca-file=c'], 'h');
    expect([cfg.rotateCertificates, cfg.rotateServerCertificates]).toEqual([false, { clientCAFile: 'c' }]);
  });
});

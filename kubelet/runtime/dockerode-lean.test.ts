import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Dockerode } from './dockerode-lean.ts';

const require = createRequire(import.meta.url);

describe('dockerode-lean', () => {
  it('gives a working dockerode client class', () => {
    const docker = new Dockerode({ socketPath: '/run/skiff-test-no-such.sock' });
    expect(typeof docker.createContainer).toBe('function');
    expect((docker.modem as unknown as { socketPath: string }).socketPath).toBe('/run/skiff-test-no-such.sock');
  });

  it('hands docker-modem a stub for ssh2 that fails clearly when used', () => {
    const sshAgent = require('docker-modem/lib/ssh.js') as (opts: object) => unknown;
    expect(() => sshAgent({})).toThrow(/Client of an ssh:\/\/ transport, BuildKit or image builds is not available/);
  });

  it('keeps tar-fs (image build contexts) and ssh2 out of a fresh process that loads it', () => {
    const lean = path.join(import.meta.dirname, 'dockerode-lean.ts');
    const script = `await import(${JSON.stringify(lean)}); const { createRequire } = await import('node:module');
      const loaded = Object.keys(createRequire(process.cwd() + '/').cache);
      console.log(JSON.stringify(['dockerode', 'tar-fs', 'ssh2'].map((p) => loaded.some((f) => f.includes('/node_modules/' + p + '/')))));`;
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
    expect(JSON.parse(out)).toEqual([true, false, false]);
  });

  it('leaves those packages alone for everyone else', () => {
    expect(typeof (require('ssh2') as { Client: unknown }).Client).toBe('function');
  });
});

import { createRequire } from 'node:module';
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
    expect(() => sshAgent({})).toThrow(/Client of an ssh:\/\/ or BuildKit transport is not available/);
  });

  it('leaves those packages alone for everyone else', () => {
    expect(typeof (require('ssh2') as { Client: unknown }).Client).toBe('function');
  });
});

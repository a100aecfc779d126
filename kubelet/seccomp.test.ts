import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError } from './container-config.ts';
import { seccompOption } from './seccomp.ts';

const root = mkdtempSync(path.join(os.tmpdir(), 'skiff-seccomp-'));
mkdirSync(path.join(root, 'seccomp', 'profiles'), { recursive: true });
writeFileSync(path.join(root, 'seccomp', 'profiles', 'audit.json'), '{\n  "defaultAction": "SCMP_ACT_LOG"\n}\n');
writeFileSync(path.join(root, 'seccomp', 'broken.json'), '{ nope');
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('seccompOption', () => {
  it('keeps the engine default for RuntimeDefault, and for no profile when that is the fallback', async () => {
    expect(await seccompOption({ type: 'RuntimeDefault' }, 'Unconfined', root)).toBeUndefined();
    expect(await seccompOption(undefined, 'RuntimeDefault', root)).toBeUndefined();
  });

  it('turns filtering off for Unconfined, and for no profile when that is the fallback (the sandbox)', async () => {
    expect(await seccompOption({ type: 'Unconfined' }, 'RuntimeDefault', root)).toBe('unconfined');
    expect(await seccompOption(undefined, 'Unconfined', root)).toBe('unconfined');
  });

  it('loads a Localhost profile from the seccomp directory as compact JSON', async () => {
    expect(await seccompOption({ type: 'Localhost', localhostProfile: 'profiles/audit.json' }, 'RuntimeDefault', root)).toBe('{"defaultAction":"SCMP_ACT_LOG"}');
  });

  it('refuses Localhost profiles outside the directory, missing or not JSON, with a config error', async () => {
    for (const localhostProfile of [undefined, '/etc/passwd', '../x.json', 'profiles/../../x.json']) {
      await expect(seccompOption({ type: 'Localhost', localhostProfile }, 'RuntimeDefault', root)).rejects.toThrow(/must be a relative path inside/);
    }
    await expect(seccompOption({ type: 'Localhost', localhostProfile: 'gone.json' }, 'RuntimeDefault', root)).rejects.toBeInstanceOf(ConfigError);
    await expect(seccompOption({ type: 'Localhost', localhostProfile: 'broken.json' }, 'RuntimeDefault', root)).rejects.toThrow(/is not valid JSON/);
  });
});

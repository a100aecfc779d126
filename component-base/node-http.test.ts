import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/** bundledUndiciLoaded imports `modules` in a fresh Node and tells whether Node's bundled undici got loaded. */
function bundledUndiciLoaded(...modules: string[]): boolean {
  const imports = modules.map((m) => `await import(${JSON.stringify(m)});`).join(' ');
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', `${imports} console.log(process.moduleLoadList.includes('NativeModule internal/deps/undici/undici'))`], { encoding: 'utf8' });
  return out.trim() === 'true';
}

const root = path.resolve(import.meta.dirname, '..');

describe('node-http', () => {
  it('gives node:http without loading Node\'s bundled undici, which an ESM import of node:http does', () => {
    expect(bundledUndiciLoaded('node:http')).toBe(true);
    expect(bundledUndiciLoaded(path.join(root, 'component-base/node-http.ts'))).toBe(false);
  });

  it('keeps the kubelet free of it', () => {
    expect(bundledUndiciLoaded(path.join(root, 'kubelet/app.ts'), path.join(root, 'kubelet/bootstrap/bootstrap.ts'))).toBe(false);
  });
});

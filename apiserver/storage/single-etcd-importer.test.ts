import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    if (e.name === 'node_modules' || e.name.startsWith('.')) return [];
    const p = join(dir, e.name);
    return e.isDirectory() ? tsFiles(p) : p.endsWith('.ts') ? [p] : [];
  });
}

describe('etcd3 is wrapped in exactly one place', () => {
  it('only apiserver/storage/etcd-storage.ts imports etcd3 (or its fault-handling library)', () => {
    const importers = tsFiles(root)
      .filter((f) => /(from|import\()\s*['"](etcd3|cockatiel)['"]/.test(readFileSync(f, 'utf8')))
      .map((f) => relative(root, f));
    expect(importers).toEqual(['apiserver/storage/etcd-storage.ts']);
  });
});

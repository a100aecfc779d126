import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, dirname } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '..');

/** Which top-level folders each folder's production code may import (design §2). */
const allowed: Record<string, string[]> = {
  api: ['api'],
  client: ['client', 'api'],
  'component-base': ['component-base', 'api'],
  apiserver: ['apiserver', 'api', 'component-base'],
  scheduler: ['scheduler', 'api', 'client', 'component-base'],
  'controller-manager': ['controller-manager', 'api', 'client', 'component-base'],
  kubelet: ['kubelet', 'api', 'client', 'component-base'],
  proxy: ['proxy', 'api', 'client', 'component-base'],
  kubectl: ['kubectl', 'api', 'client', 'component-base'],
};

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    // Test support folders may reach across (fixtures start other components).
    if (name === 'node_modules' || name === 'testdata' || name === 'testing' || name === 'test-util') return [];
    if (statSync(path).isDirectory()) return sourceFiles(path);
    const isTest = /\.test\.ts$/.test(name) || name.endsWith('.int.test.ts');
    return name.endsWith('.ts') && !isTest ? [path] : [];
  });
}

/** importsOf lists the project-relative folders a file imports from (relative specifiers only). */
function importsOf(file: string, text = readFileSync(file, 'utf8')): string[] {
  const specs = [...text.matchAll(/(?:from|import)\s*\(?\s*['"](\.{1,2}\/[^'"]+)['"]/g)].map((m) => m[1]);
  return specs.map((s) => relative(root, resolve(dirname(file), s)).split('/')[0]);
}

describe('import boundaries', () => {
  it.each(Object.keys(allowed))('%s imports only what the design allows', (folder) => {
    const dir = join(root, folder);
    let files: string[] = [];
    try {
      files = sourceFiles(dir);
    } catch {
      return; // folder not created yet
    }
    const violations = files.flatMap((f) =>
      importsOf(f)
        .filter((target) => !allowed[folder].includes(target))
        .map((target) => `${relative(root, f)} imports ${target}/`),
    );
    expect(violations).toEqual([]);
  });

  it('detects a crossing import (self-check of the scanner)', () => {
    const fake = join(root, 'scheduler', 'plugins', 'x.ts');
    const text = "import { a } from '../../kubelet/b.ts';\nimport type { P } from '../../api/core/v1/pod.ts';\nconst m = await import('../y.ts');";
    expect(importsOf(fake, text)).toEqual(['kubelet', 'api', 'scheduler']);
  });

  it('only apiserver/storage imports etcd3 and only kubelet/runtime imports dockerode', () => {
    const offenders = Object.keys(allowed)
      .flatMap((folder) => {
        try {
          return sourceFiles(join(root, folder));
        } catch {
          return [];
        }
      })
      .filter((f) => {
        const text = readFileSync(f, 'utf8');
        const rel = relative(root, f);
        return (/from ['"]etcd3['"]/.test(text) && !rel.startsWith('apiserver/storage/')) ||
          (/from ['"]dockerode['"]/.test(text) && !rel.startsWith('kubelet/runtime/'));
      });
    expect(offenders.map((f) => relative(root, f))).toEqual([]);
  });
});

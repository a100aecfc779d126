import type { KubeObject } from '../api/meta/v1/object-meta.ts';
import { evaluate } from './printers/jsonpath.ts';
import { UsageError } from './resource-resolver.ts';

/** WaitFor is a parsed `--for`: an object test, or deletion. */
export type WaitFor = { kind: 'delete' } | { kind: 'test'; describe: string; test: (obj: KubeObject) => boolean };

/**
 * parseWaitFor reads kubectl wait's --for: `delete`, `condition=Ready[=true|false]`,
 * `jsonpath={.status.phase}=Running` (or without a value: the path exists).
 */
export function parseWaitFor(spec: string): WaitFor {
  if (spec === 'delete') return { kind: 'delete' };
  if (spec.toLowerCase().startsWith('condition=')) {
    const [type, want = 'true'] = spec.slice('condition='.length).split('=');
    return {
      kind: 'test',
      describe: `condition ${type}`,
      test: (obj) => {
        const conditions = (obj as { status?: { conditions?: Array<{ type: string; status: string }> } }).status?.conditions ?? [];
        return conditions.some((c) => c.type.toLowerCase() === type.toLowerCase() && c.status.toLowerCase() === want.toLowerCase());
      },
    };
  }
  if (spec.startsWith('jsonpath=')) {
    const body = spec.slice('jsonpath='.length);
    const m = /^\{(.+)\}(?:=(.*))?$/.exec(body) ?? /^([^=]+)(?:=(.*))?$/.exec(body);
    if (!m) throw new UsageError(`unrecognized jsonpath in --for: ${spec}`);
    const path = m[1].startsWith('.') ? m[1] : `.${m[1]}`;
    const want = m[2]?.replace(/^['"]|['"]$/g, '');
    return {
      kind: 'test',
      describe: `jsonpath ${m[1]}`,
      test: (obj) => {
        const values = evaluate(path, obj);
        return want === undefined ? values.length > 0 : values.some((v) => String(v) === want);
      },
    };
  }
  throw new UsageError(`unrecognized condition: "${spec}": use delete, condition=NAME[=VALUE] or jsonpath={PATH}=VALUE`);
}

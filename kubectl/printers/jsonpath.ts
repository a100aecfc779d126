import { UsageError } from '../resource-resolver.ts';

/**
 * jsonpath.ts implements the kubectl JSONPath template language: text with `{…}` actions —
 * paths (`.a.b`, `..name`, `[*]`, `[0]`, `[1:3]`, `['k.e.y']`, `[?(@.type=="Ready")]`),
 * string literals (`{"\n"}`), and `{range …}…{end}` loops. Several results of one path are
 * joined with a space, as kubectl does.
 */

type Node =
  | { kind: 'text'; text: string }
  | { kind: 'path'; path: string }
  | { kind: 'range'; path: string; body: Node[] };

/** renderJsonPath evaluates a kubectl JSONPath template against data. */
export function renderJsonPath(template: string, data: unknown): string {
  const [nodes, rest] = parse(tokenize(template), 0);
  if (rest !== undefined) throw new UsageError(`error parsing jsonpath ${template}: unexpected {end}`);
  return render(nodes, data, data);
}

function tokenize(template: string): Array<{ action: boolean; text: string }> {
  const tokens: Array<{ action: boolean; text: string }> = [];
  let i = 0;
  while (i < template.length) {
    const open = template.indexOf('{', i);
    if (open < 0) {
      tokens.push({ action: false, text: template.slice(i) });
      break;
    }
    if (open > i) tokens.push({ action: false, text: template.slice(i, open) });
    const close = findClose(template, open);
    if (close < 0) throw new UsageError(`error parsing jsonpath ${template}: unclosed action`);
    tokens.push({ action: true, text: template.slice(open + 1, close).trim() });
    i = close + 1;
  }
  return tokens;
}

function findClose(s: string, open: number): number {
  let quote = '';
  for (let i = open + 1; i < s.length; i++) {
    const c = s[i];
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '}') return i;
  }
  return -1;
}

function parse(tokens: Array<{ action: boolean; text: string }>, start: number): [Node[], number | undefined] {
  const nodes: Node[] = [];
  for (let i = start; i < tokens.length; i++) {
    const t = tokens[i];
    if (!t.action) nodes.push({ kind: 'text', text: t.text });
    else if (t.text === 'end') return [nodes, i];
    else if (t.text.startsWith('range ')) {
      const [body, end] = parse(tokens, i + 1);
      if (end === undefined) throw new UsageError('error parsing jsonpath: {range} without {end}');
      nodes.push({ kind: 'range', path: t.text.slice(6).trim(), body });
      i = end;
    } else if (/^".*"$/s.test(t.text) || /^'.*'$/s.test(t.text)) nodes.push({ kind: 'text', text: unquote(t.text) });
    else nodes.push({ kind: 'path', path: t.text });
  }
  return [nodes, undefined];
}

function unquote(s: string): string {
  return s.slice(1, -1).replace(/\\(.)/g, (_, c: string) => ({ n: '\n', t: '\t', r: '\r' })[c] ?? c);
}

function render(nodes: Node[], root: unknown, current: unknown): string {
  return nodes
    .map((n) => {
      if (n.kind === 'text') return n.text;
      const values = evaluate(n.path, root, current);
      if (n.kind === 'path') return values.map(format).join(' ');
      return values.map((v) => render(n.body, root, v)).join('');
    })
    .join('');
}

function format(v: unknown): string {
  if (typeof v === 'string') return v;
  if (v === null || v === undefined) return '';
  return typeof v === 'object' ? JSON.stringify(v) : String(v);
}

/** evaluate returns every value a path selects (`$` root, `@`/leading `.` the current node). */
export function evaluate(path: string, root: unknown, current: unknown = root): unknown[] {
  let nodes: unknown[] = [path.startsWith('$') ? root : current];
  let i = path.startsWith('$') || path.startsWith('@') ? 1 : 0;
  while (i < path.length) {
    const [next, step] = applySegment(path, i, nodes, root);
    nodes = next;
    i = step;
  }
  return nodes.filter((n) => n !== undefined);
}

function applySegment(path: string, i: number, nodes: unknown[], root: unknown): [unknown[], number] {
  if (path.startsWith('..', i)) {
    const m = /^\.\.([\w-]+|\*)/.exec(path.slice(i));
    if (!m) throw new UsageError(`error parsing jsonpath: bad recursive descent in ${path}`);
    return [nodes.flatMap((n) => descend(n, m[1])), i + m[0].length];
  }
  if (path[i] === '.') {
    const m = /^\.([\w$-]+|\*)?/.exec(path.slice(i))!;
    if (!m[1]) return [nodes, i + 1];
    return [nodes.flatMap((n) => child(n, m[1])), i + m[0].length];
  }
  if (path[i] === '[') {
    const close = matchingBracket(path, i);
    const inner = path.slice(i + 1, close).trim();
    return [nodes.flatMap((n) => subscript(n, inner, root)), close + 1];
  }
  throw new UsageError(`error parsing jsonpath ${path}: unexpected "${path[i]}"`);
}

function matchingBracket(path: string, open: number): number {
  let depth = 0;
  for (let i = open; i < path.length; i++) {
    if (path[i] === '[') depth++;
    else if (path[i] === ']' && --depth === 0) return i;
  }
  throw new UsageError(`error parsing jsonpath ${path}: unclosed [`);
}

function child(n: unknown, key: string): unknown[] {
  if (n === null || typeof n !== 'object') return [];
  if (key === '*') return Object.values(n);
  return [(n as Record<string, unknown>)[key]];
}

function descend(n: unknown, key: string): unknown[] {
  if (n === null || typeof n !== 'object') return [];
  const here = key === '*' ? Object.values(n) : key in (n as object) ? [(n as Record<string, unknown>)[key]] : [];
  return [...here, ...Object.values(n).flatMap((v) => descend(v, key))];
}

function subscript(n: unknown, inner: string, root: unknown): unknown[] {
  if (/^['"].*['"]$/.test(inner)) return child(n, inner.slice(1, -1));
  if (inner === '*') return Array.isArray(n) ? n : child(n, '*');
  if (!Array.isArray(n)) return [];
  if (inner.startsWith('?(') && inner.endsWith(')')) return n.filter((item) => matchesFilter(inner.slice(2, -1), item, root));
  const slice = /^(-?\d*):(-?\d*)$/.exec(inner);
  if (slice) return n.slice(slice[1] ? Number(slice[1]) : 0, slice[2] ? Number(slice[2]) : undefined);
  if (/^-?\d+$/.test(inner)) return [n.at(Number(inner))];
  throw new UsageError(`error parsing jsonpath: unsupported subscript [${inner}]`);
}

function matchesFilter(expr: string, item: unknown, root: unknown): boolean {
  const m = /^(@[^=!<>]*?)\s*(==|!=|<=|>=|<|>)\s*(.+)$/.exec(expr.trim());
  if (!m) return evaluate(expr.trim(), root, item).length > 0;
  const left = evaluate(m[1], root, item)[0];
  const raw = m[3].trim();
  const right: unknown = /^['"].*['"]$/.test(raw) ? raw.slice(1, -1) : raw === 'true' || raw === 'false' ? raw === 'true' : Number(raw);
  switch (m[2]) {
    case '==': return left === right || String(left) === String(right);
    case '!=': return String(left) !== String(right);
    case '<': return Number(left) < Number(right);
    case '>': return Number(left) > Number(right);
    case '<=': return Number(left) <= Number(right);
    default: return Number(left) >= Number(right);
  }
}

import { newBadRequest, type StatusError } from '../errors.ts';
import { everything, newRequirement, SelectorError, sortRequirements, type Operator, type Requirement, type Selector } from './selector.ts';

/** Token kinds of the selector lexer, as in k8s.io/apimachinery/pkg/labels/selector.go. */
type TokenKind = 'id' | 'eos' | 'comma' | 'open' | 'close' | 'op' | 'not';

interface Token {
  kind: TokenKind;
  text: string;
}

const symbols = ['!=', '==', '=', '!', '(', ')', ',', '>', '<'];
const specialChars = new Set(['=', '!', '(', ')', ',', '>', '<']);

/** lex splits a selector string into tokens; identifiers are any run of non-space, non-symbol chars. */
function lex(input: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < input.length) {
    const ch = input[i]!;
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    const sym = symbols.find((s) => input.startsWith(s, i));
    if (sym) {
      tokens.push({ kind: symbolKind(sym), text: sym });
      i += sym.length;
      continue;
    }
    let j = i;
    while (j < input.length && !/\s/.test(input[j]!) && !specialChars.has(input[j]!)) j++;
    tokens.push({ kind: 'id', text: input.slice(i, j) });
    i = j;
  }
  tokens.push({ kind: 'eos', text: '' });
  return tokens;
}

function symbolKind(sym: string): TokenKind {
  if (sym === ',') return 'comma';
  if (sym === '(') return 'open';
  if (sym === ')') return 'close';
  if (sym === '!') return 'not';
  return 'op';
}

/** Parser walks the token list; one instance per parse. */
class Parser {
  private readonly tokens: Token[];
  private pos = 0;

  constructor(tokens: Token[]) {
    this.tokens = tokens;
  }

  private peek(): Token {
    return this.tokens[this.pos]!;
  }

  private next(): Token {
    const t = this.tokens[this.pos]!;
    if (t.kind !== 'eos') this.pos++;
    return t;
  }

  parse(): Requirement[] {
    const reqs: Requirement[] = [];
    for (;;) {
      const t = this.peek();
      if (t.kind === 'eos') return reqs;
      if (t.kind !== 'id' && t.kind !== 'not') throw new SelectorError(`found '${t.text}', expected: !, identifier, or 'end of string'`);
      reqs.push(this.requirement());
      const after = this.next();
      if (after.kind === 'eos') return reqs;
      if (after.kind !== 'comma') throw new SelectorError(`found '${after.text}', expected: ',' or 'end of string'`);
      const t2 = this.peek();
      if (t2.kind !== 'id' && t2.kind !== 'not') throw new SelectorError(`found '${t2.text}', expected: identifier after ','`);
    }
  }

  private requirement(): Requirement {
    let negated = false;
    if (this.peek().kind === 'not') {
      this.next();
      negated = true;
    }
    const keyTok = this.next();
    if (keyTok.kind !== 'id') throw new SelectorError(`found '${keyTok.text}', expected: identifier`);
    const key = keyTok.text;
    const la = this.peek();
    if (negated || la.kind === 'eos' || la.kind === 'comma') {
      if (negated && la.kind !== 'eos' && la.kind !== 'comma') {
        throw new SelectorError(`found '${la.text}', expected: ',' or 'end of string'`);
      }
      return wrap(() => newRequirement(key, negated ? '!' : 'exists', []));
    }
    const op = this.operator();
    const values = op === 'in' || op === 'notin' ? this.valueSet() : [this.exactValue()];
    return wrap(() => newRequirement(key, op, values));
  }

  private operator(): Operator {
    const t = this.next();
    if (t.kind === 'op') return t.text === '>' ? 'gt' : t.text === '<' ? 'lt' : (t.text as Operator);
    if (t.kind === 'id' && (t.text === 'in' || t.text === 'notin')) return t.text;
    throw new SelectorError(`found '${t.text}', expected: in, notin, =, ==, !=, gt, lt`);
  }

  /** exactValue reads the single value after =, ==, !=, > or <; nothing there means the empty value. */
  private exactValue(): string {
    const t = this.peek();
    if (t.kind === 'eos' || t.kind === 'comma') return '';
    this.next();
    if (t.kind !== 'id') throw new SelectorError(`found '${t.text}', expected: identifier`);
    return t.text;
  }

  /** valueSet reads `(a, b, c)`; empty entries are the empty value, as in Kubernetes. */
  private valueSet(): string[] {
    const open = this.next();
    if (open.kind !== 'open') throw new SelectorError(`found '${open.text}', expected: '('`);
    const values: string[] = [];
    for (;;) {
      const t = this.next();
      if (t.kind === 'id') {
        values.push(t.text);
        const sep = this.next();
        if (sep.kind === 'close') return values;
        if (sep.kind !== 'comma') throw new SelectorError(`found '${sep.text}', expected: ',' or ')'`);
        if (this.peek().kind === 'close') {
          this.next();
          values.push('');
          return values;
        }
      } else if (t.kind === 'close') {
        values.push('');
        return values;
      } else if (t.kind === 'comma') {
        values.push('');
      } else {
        throw new SelectorError(`found '${t.text}', expected: ',', ')' or identifier`);
      }
    }
  }
}

function wrap(build: () => Requirement): Requirement {
  try {
    return build();
  } catch (err) {
    if (err instanceof SelectorError) throw new SelectorError(`unable to parse requirement: ${err.message}`);
    throw err;
  }
}

/**
 * parseSelector parses a label selector string exactly as Kubernetes' labels.Parse does:
 * `a=b,c!=d,e in (x,y),f notin (z),g,!h`, `==`, `>`/`<` on integers. Requirements come back
 * sorted by key. An empty string selects everything. A malformed string throws a 400 StatusError.
 */
export function parseSelector(input: string): Selector {
  if (input.trim() === '') return everything();
  try {
    return { requirements: sortRequirements(new Parser(lex(input)).parse()) };
  } catch (err) {
    throw toBadRequest(err, input);
  }
}

/** toBadRequest turns a SelectorError into the 400 StatusError the API server answers with. */
export function toBadRequest(err: unknown, input: string): unknown {
  if (!(err instanceof SelectorError)) return err;
  const e: StatusError = newBadRequest(`unable to parse label selector "${input}": ${err.message}`);
  return e;
}

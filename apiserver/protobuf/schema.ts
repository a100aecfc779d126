/**
 * The field table protobuf bodies are decoded with: message name → field number → how to turn
 * the field into JSON. Messages are written in a compact one-line notation (see parseMessage) in
 * the schema-*.ts files; field numbers are Kubernetes' (k8s.io/api generated.proto).
 */

/** SCALARS are the wire scalar types a field can have. */
export const SCALARS = new Set(['string', 'int32', 'int64', 'bool', 'bytes']);

/**
 * SPECIALS are messages with a JSON form of their own: Time → RFC 3339 seconds, MicroTime →
 * RFC 3339 with microseconds, Quantity → its string, IntOrString → number or string, FieldsV1 and
 * RawExtension → the JSON document they carry, ExtraValue → its list of strings.
 */
export const SPECIALS = new Set(['Time', 'MicroTime', 'Quantity', 'IntOrString', 'FieldsV1', 'RawExtension', 'ExtraValue']);

/** FieldDef says how one protobuf field maps to JSON. */
export interface FieldDef {
  /** json is the JSON property name (unused when inline). */
  json: string;
  /** type is a scalar (SCALARS), a special (SPECIALS) or a message name; for maps, the value type. */
  type: string;
  repeated: boolean;
  /** map marks a map<string, type> (encoded as repeated {1 key, 2 value} entries). */
  map: boolean;
  /** pointer marks a Go pointer field: a zero value was set on purpose and is kept. */
  pointer: boolean;
  /** inline marks an embedded struct whose fields are merged into the parent (e.g. Volume.volumeSource). */
  inline: boolean;
}

/** MessageDef maps field numbers to their definitions. */
export type MessageDef = Map<number, FieldDef>;

/** MessageTable maps message names to their definitions. */
export type MessageTable = Map<string, MessageDef>;

const SHORT: Record<string, string> = { i32: 'int32', i64: 'int64', s: 'string' };

/**
 * parseField parses one `json=number[:type][*]` token. type is a scalar (s, i32, i64, bool,
 * bytes; default s), a message name, `[T]` for repeated T (`[]` = repeated string), `{T}` for
 * map<string, T> (`{}` = map<string, string>) or `^T` for an inlined message; `*` marks a pointer.
 */
export function parseField(token: string): [number, FieldDef] {
  const m = /^([A-Za-z_]\w*)=(\d+)(?::([^*]+))?(\*)?$/.exec(token);
  if (!m) throw new Error(`bad protobuf field spec ${JSON.stringify(token)}`);
  let type = m[3] ?? 's';
  const def: FieldDef = { json: m[1], type: '', repeated: false, map: false, pointer: m[4] === '*', inline: false };
  if (type.startsWith('[') && type.endsWith(']')) {
    def.repeated = true;
    type = type.slice(1, -1) || 's';
  } else if (type.startsWith('{') && type.endsWith('}')) {
    def.map = true;
    type = type.slice(1, -1) || 's';
  } else if (type.startsWith('^')) {
    def.inline = true;
    type = type.slice(1);
  }
  def.type = SHORT[type] ?? type;
  return [Number(m[2]), def];
}

/** parseMessage parses a whitespace-separated list of field tokens into a MessageDef. */
export function parseMessage(spec: string): MessageDef {
  const def: MessageDef = new Map();
  for (const token of spec.trim().split(/\s+/)) {
    if (!token) continue;
    const [num, field] = parseField(token);
    if (def.has(num)) throw new Error(`duplicate protobuf field number ${num} in ${JSON.stringify(spec)}`);
    def.set(num, field);
  }
  return def;
}

/** buildTable parses message specs and checks every referenced message type exists. */
export function buildTable(...sources: Record<string, string>[]): MessageTable {
  const table: MessageTable = new Map();
  for (const src of sources) {
    for (const [name, spec] of Object.entries(src)) {
      if (table.has(name)) throw new Error(`protobuf message ${name} defined twice`);
      table.set(name, parseMessage(spec));
    }
  }
  for (const [name, def] of table) {
    for (const [num, f] of def) {
      if (!SCALARS.has(f.type) && !SPECIALS.has(f.type) && !table.has(f.type)) {
        throw new Error(`protobuf message ${name} field ${num} refers to unknown type ${f.type}`);
      }
    }
  }
  return table;
}

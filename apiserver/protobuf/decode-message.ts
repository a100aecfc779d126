import type { FieldDef, MessageTable } from './schema.ts';
import { decodeUtf8, ProtoDecodeError, ProtoReader, WIRE_BYTES, WIRE_VARINT } from './wire-reader.ts';
import { decodeSpecial, specialDefault } from './specials.ts';

/** JsonObject is a decoded message. */
export type JsonObject = Record<string, unknown>;

const MAX_DEPTH = 64;
const NUMERIC = new Set(['int32', 'int64', 'bool']);

/**
 * decodeMessage turns one protobuf message into the JSON object a JSON client would have sent.
 * Unknown field numbers are skipped (as Kubernetes does for fields newer than it knows); a zero
 * value in a non-pointer field is left out, because in Go it is indistinguishable from unset.
 */
export function decodeMessage(table: MessageTable, name: string, r: ProtoReader, depth = 0): JsonObject {
  if (depth > MAX_DEPTH) throw new ProtoDecodeError('message nesting is too deep');
  const def = table.get(name);
  if (!def) throw new ProtoDecodeError(`no protobuf definition for ${name}`);
  const out: JsonObject = {};
  while (!r.done()) {
    const { field, wire } = r.tag();
    const f = def.get(field);
    if (!f) {
      r.skip(wire);
      continue;
    }
    if (f.map) readMapEntry(table, f, r, wire, out, depth);
    else if (f.repeated) readRepeated(table, f, r, wire, out, depth);
    else if (f.inline) Object.assign(out, readValue(table, f.type, r, wire, depth) as JsonObject);
    else setSingular(out, f, readValue(table, f.type, r, wire, depth));
  }
  return out;
}

function setSingular(out: JsonObject, f: FieldDef, value: unknown): void {
  if (value === undefined || (!f.pointer && isZero(value))) delete out[f.json];
  else out[f.json] = value;
}

function isZero(v: unknown): boolean {
  return v === '' || v === 0 || v === false;
}

/** readValue reads one value of a scalar, special or message type, checking its wire type. */
function readValue(table: MessageTable, type: string, r: ProtoReader, wire: number, depth: number): unknown {
  switch (type) {
    case 'string':
      expectWire(type, wire, WIRE_BYTES);
      return decodeUtf8(r.bytes());
    case 'bytes':
      expectWire(type, wire, WIRE_BYTES);
      return Buffer.from(r.bytes()).toString('base64');
    case 'int32':
      expectWire(type, wire, WIRE_VARINT);
      return Number(BigInt.asIntN(32, r.varint()));
    case 'int64':
      expectWire(type, wire, WIRE_VARINT);
      return Number(BigInt.asIntN(64, r.varint()));
    case 'bool':
      expectWire(type, wire, WIRE_VARINT);
      return r.varint() !== 0n;
  }
  expectWire(type, wire, WIRE_BYTES);
  const sub = r.sub();
  const special = decodeSpecial(type, sub);
  if (special.handled) return special.value;
  return decodeMessage(table, type, sub, depth + 1);
}

function expectWire(type: string, got: number, want: number): void {
  if (got !== want) throw new ProtoDecodeError(`wrong wire type ${got} for a ${type} field`);
}

/** readRepeated appends one element (or a packed run of numeric elements) to a list field. */
function readRepeated(table: MessageTable, f: FieldDef, r: ProtoReader, wire: number, out: JsonObject, depth: number): void {
  const list = (out[f.json] ??= []) as unknown[];
  if (NUMERIC.has(f.type) && wire === WIRE_BYTES) {
    const packed = r.sub();
    while (!packed.done()) list.push(readValue(table, f.type, packed, WIRE_VARINT, depth));
    return;
  }
  const v = readValue(table, f.type, r, wire, depth);
  // A repeated message element that decodes to nothing (an empty Time) is still an element.
  list.push(v === undefined ? null : v);
}

/** readMapEntry reads one {1: key, 2: value} entry of a map<string, T> field. */
function readMapEntry(table: MessageTable, f: FieldDef, r: ProtoReader, wire: number, out: JsonObject, depth: number): void {
  expectWire('map entry', wire, WIRE_BYTES);
  const entry = r.sub();
  let key = '';
  let value: unknown = undefined;
  while (!entry.done()) {
    const t = entry.tag();
    if (t.field === 1) key = readValue(table, 'string', entry, t.wire, depth) as string;
    else if (t.field === 2) value = readValue(table, f.type, entry, t.wire, depth);
    else entry.skip(t.wire);
  }
  if (value === undefined) value = zeroOf(f.type);
  const map = (out[f.json] ??= {}) as JsonObject;
  // defineProperty: a key such as "__proto__" must become data, never the object's prototype.
  Object.defineProperty(map, key, { value, enumerable: true, writable: true, configurable: true });
}

function zeroOf(type: string): unknown {
  if (type === 'string' || type === 'bytes') return '';
  if (type === 'int32' || type === 'int64') return 0;
  if (type === 'bool') return false;
  const special = specialDefault(type);
  return special.handled ? special.value : {};
}

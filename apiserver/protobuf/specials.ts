import { decodeUtf8, ProtoDecodeError, ProtoReader, WIRE_BYTES, WIRE_VARINT } from './wire-reader.ts';

/** SpecialResult says whether a type has a JSON form of its own, and that form. */
export interface SpecialResult {
  handled: boolean;
  value?: unknown;
}

const NOT_SPECIAL: SpecialResult = { handled: false };

/**
 * decodeSpecial decodes the messages whose JSON form is not an object: Time and MicroTime
 * (RFC 3339 strings; an empty message is the zero time, i.e. unset), Quantity (its string),
 * IntOrString (number or string), FieldsV1 and RawExtension (the JSON document they carry),
 * ExtraValue ({1 repeated items} → the list itself).
 */
export function decodeSpecial(type: string, r: ProtoReader): SpecialResult {
  switch (type) {
    case 'Time':
      return { handled: true, value: decodeTime(r, false) };
    case 'MicroTime':
      return { handled: true, value: decodeTime(r, true) };
    case 'Quantity':
      return { handled: true, value: decodeQuantity(r) };
    case 'IntOrString':
      return { handled: true, value: decodeIntOrString(r) };
    case 'FieldsV1':
    case 'RawExtension':
      return { handled: true, value: decodeRawJson(r, type) };
    case 'ExtraValue':
      return { handled: true, value: decodeStringList(r) };
    default:
      return NOT_SPECIAL;
  }
}

/** specialDefault is the value of a special type whose message is absent (a map entry without a value). */
export function specialDefault(type: string): SpecialResult {
  switch (type) {
    case 'Time':
    case 'MicroTime':
      return { handled: true, value: null };
    case 'Quantity':
      return { handled: true, value: '0' };
    case 'IntOrString':
      return { handled: true, value: 0 };
    case 'ExtraValue':
      return { handled: true, value: [] };
    default:
      return NOT_SPECIAL;
  }
}

/** readFields reads a small message's fields into a number → raw value map (varints and byte slices). */
function readFields(r: ProtoReader): Map<number, bigint | Uint8Array> {
  const fields = new Map<number, bigint | Uint8Array>();
  while (!r.done()) {
    const { field, wire } = r.tag();
    if (wire === WIRE_VARINT) fields.set(field, r.varint());
    else if (wire === WIRE_BYTES) fields.set(field, r.bytes());
    else r.skip(wire);
  }
  return fields;
}

function varintField(fields: Map<number, bigint | Uint8Array>, n: number, what: string): bigint {
  const v = fields.get(n);
  if (v === undefined) return 0n;
  if (typeof v !== 'bigint') throw new ProtoDecodeError(`${what} must be a varint`);
  return v;
}

function bytesField(fields: Map<number, bigint | Uint8Array>, n: number, what: string): Uint8Array | undefined {
  const v = fields.get(n);
  if (v !== undefined && typeof v === 'bigint') throw new ProtoDecodeError(`${what} must be length-delimited`);
  return v;
}

/**
 * decodeTime: {1 seconds, 2 nanos}. metav1.Time keeps whole seconds (Go drops the nanos when
 * decoding); MicroTime keeps microseconds. Both print in UTC like Go's RFC 3339 formats.
 */
function decodeTime(r: ProtoReader, micro: boolean): string | undefined {
  if (r.done()) return undefined;
  const fields = readFields(r);
  const seconds = BigInt.asIntN(64, varintField(fields, 1, 'Timestamp.seconds'));
  const nanos = Number(BigInt.asIntN(32, varintField(fields, 2, 'Timestamp.nanos')));
  if (nanos < 0 || nanos > 999_999_999) throw new ProtoDecodeError('Timestamp.nanos out of range');
  const date = new Date(Number(seconds) * 1000);
  if (Number.isNaN(date.getTime()) || date.getUTCFullYear() < 1 || date.getUTCFullYear() > 9999) {
    throw new ProtoDecodeError('Timestamp.seconds out of range');
  }
  const base = date.toISOString().slice(0, 19);
  return micro ? `${base}.${String(Math.floor(nanos / 1000)).padStart(6, '0')}Z` : `${base}Z`;
}

/** decodeQuantity: {1 string}; an empty message is Go's zero Quantity, "0". */
function decodeQuantity(r: ProtoReader): string {
  const s = bytesField(readFields(r), 1, 'Quantity.string');
  return s === undefined || s.length === 0 ? '0' : decodeUtf8(s);
}

/** decodeIntOrString: {1 type (0 int, 1 string), 2 intVal, 3 strVal}. */
function decodeIntOrString(r: ProtoReader): number | string {
  const fields = readFields(r);
  const type = varintField(fields, 1, 'IntOrString.type');
  if (type === 1n) {
    const s = bytesField(fields, 3, 'IntOrString.strVal');
    return s === undefined ? '' : decodeUtf8(s);
  }
  if (type !== 0n) throw new ProtoDecodeError(`IntOrString.type ${type} is neither 0 (int) nor 1 (string)`);
  return Number(BigInt.asIntN(32, varintField(fields, 2, 'IntOrString.intVal')));
}

/** decodeRawJson: {1 raw}, where raw holds a JSON document (FieldsV1, RawExtension). */
function decodeRawJson(r: ProtoReader, what: string): unknown {
  const raw = bytesField(readFields(r), 1, `${what}.raw`);
  if (raw === undefined || raw.length === 0) return undefined;
  try {
    return JSON.parse(decodeUtf8(raw));
  } catch {
    throw new ProtoDecodeError(`${what} does not hold a JSON document`);
  }
}

/** decodeStringList: {1 repeated string} (authentication/certificates ExtraValue). */
function decodeStringList(r: ProtoReader): string[] {
  const items: string[] = [];
  while (!r.done()) {
    const { field, wire } = r.tag();
    if (field === 1 && wire === WIRE_BYTES) items.push(decodeUtf8(r.bytes()));
    else r.skip(wire);
  }
  return items;
}

/**
 * A tiny protobuf encoder for tests: builds fixture bytes field by field, so decoder tests state
 * the wire form they exercise. Not used by the server.
 */

/** PbValue: numbers/bigints/booleans become varints; strings, bytes and nested field lists are length-delimited. */
export type PbValue = number | bigint | boolean | string | Uint8Array | PbField[];

/** PbField is [field number, value]; repeat a field number for repeated fields and map entries. */
export type PbField = [number, PbValue];

/** varint encodes an unsigned or (two's complement, 64-bit) negative integer. */
export function varint(value: number | bigint): number[] {
  let v = BigInt.asUintN(64, BigInt(value));
  const out: number[] = [];
  do {
    let b = Number(v & 0x7fn);
    v >>= 7n;
    if (v !== 0n) b |= 0x80;
    out.push(b);
  } while (v !== 0n);
  return out;
}

/** encodeMessage encodes a list of fields in order. */
export function encodeMessage(fields: PbField[]): Uint8Array {
  const out: number[] = [];
  for (const [num, value] of fields) {
    if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') {
      out.push(...varint((num << 3) | 0), ...varint(typeof value === 'boolean' ? Number(value) : value));
      continue;
    }
    const bytes = typeof value === 'string' ? new TextEncoder().encode(value) : value instanceof Uint8Array ? value : encodeMessage(value);
    out.push(...varint((num << 3) | 2), ...varint(bytes.length), ...bytes);
  }
  return Uint8Array.from(out);
}

/** entry builds a map<string, T> entry field. */
export function entry(num: number, key: string, value: PbValue): PbField {
  return [num, [[1, key], [2, value]]];
}

/** time builds a metav1.Time / MicroTime message from an ISO date. */
export function time(iso: string, nanos = 0): PbField[] {
  return [[1, BigInt(Math.floor(Date.parse(iso) / 1000))], [2, nanos]];
}

/** intOrString builds an IntOrString message. */
export function intOrString(v: number | string): PbField[] {
  return typeof v === 'number' ? [[1, 0], [2, v]] : [[1, 1], [3, v]];
}

/** envelope wraps a message in the "k8s\0" + runtime.Unknown envelope client-go sends. */
export function envelope(apiVersion: string, kind: string, raw: PbField[] | Uint8Array): Buffer {
  const body = encodeMessage([
    [1, [[1, apiVersion], [2, kind]]],
    [2, raw instanceof Uint8Array ? raw : encodeMessage(raw)],
    [3, ''],
    [4, ''],
  ]);
  return Buffer.concat([Buffer.from([0x6b, 0x38, 0x73, 0x00]), body]);
}

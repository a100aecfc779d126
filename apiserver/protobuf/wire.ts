/**
 * A minimal protobuf wire-format reader (varints, fixed 32/64, length-delimited), enough to
 * decode the Kubernetes protobuf bodies kubectl's typed clients send.
 */

/** WireField is one decoded field: its number, wire type and raw value. */
export interface WireField {
  no: number;
  wire: number;
  /** varint / fixed values as numbers; length-delimited as bytes. */
  value: number | Uint8Array;
}

/** readFields splits a message into its fields, in order (throws on truncated input). */
export function readFields(buf: Uint8Array): WireField[] {
  const out: WireField[] = [];
  let pos = 0;
  const varint = (): number => {
    let result = 0n;
    let shift = 0n;
    for (;;) {
      if (pos >= buf.length) throw new Error('truncated varint');
      const b = buf[pos++];
      result |= BigInt(b & 0x7f) << shift;
      if ((b & 0x80) === 0) break;
      shift += 7n;
      if (shift > 70n) throw new Error('varint too long');
    }
    return Number(BigInt.asIntN(64, result));
  };
  while (pos < buf.length) {
    const tag = varint();
    const no = tag >>> 3;
    const wire = tag & 7;
    if (wire === 0) out.push({ no, wire, value: varint() });
    else if (wire === 2) {
      const len = varint();
      if (len < 0 || pos + len > buf.length) throw new Error('truncated field');
      out.push({ no, wire, value: buf.subarray(pos, pos + len) });
      pos += len;
    } else if (wire === 1) {
      if (pos + 8 > buf.length) throw new Error('truncated fixed64');
      out.push({ no, wire, value: Number(new DataView(buf.buffer, buf.byteOffset + pos, 8).getBigInt64(0, true)) });
      pos += 8;
    } else if (wire === 5) {
      if (pos + 4 > buf.length) throw new Error('truncated fixed32');
      out.push({ no, wire, value: new DataView(buf.buffer, buf.byteOffset + pos, 4).getInt32(0, true) });
      pos += 4;
    } else throw new Error(`unsupported wire type ${wire}`);
  }
  return out;
}

/**
 * A minimal protobuf wire-format reader: varints, tags and length-delimited slices. Every read
 * is bounds-checked; malformed input throws ProtoDecodeError (the caller turns it into a 400).
 */

/** ProtoDecodeError reports protobuf bytes that cannot be decoded. */
export class ProtoDecodeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ProtoDecodeError';
  }
}

// Wire types of a field tag (groups, 3 and 4, are not used by Kubernetes).
/** WIRE_VARINT: ints, bools, enums. */
export const WIRE_VARINT = 0;
/** WIRE_FIXED64: fixed64, sfixed64, double. */
export const WIRE_FIXED64 = 1;
/** WIRE_BYTES: strings, bytes, embedded messages, packed repeated scalars. */
export const WIRE_BYTES = 2;
/** WIRE_FIXED32: fixed32, sfixed32, float. */
export const WIRE_FIXED32 = 5;

/** ProtoReader walks one buffer (or a slice of it) field by field. */
export class ProtoReader {
  readonly buf: Uint8Array;
  pos: number;
  readonly end: number;

  constructor(buf: Uint8Array, start = 0, end = buf.length) {
    this.buf = buf;
    this.pos = start;
    this.end = end;
  }

  /** done reports whether every byte of the slice has been consumed. */
  done(): boolean {
    return this.pos >= this.end;
  }

  /** varint reads an unsigned varint of up to 64 bits as a bigint. */
  varint(): bigint {
    let result = 0n;
    let shift = 0n;
    for (let i = 0; i < 10; i++) {
      if (this.pos >= this.end) throw new ProtoDecodeError('truncated varint');
      const b = this.buf[this.pos++];
      result |= BigInt(b & 0x7f) << shift;
      if ((b & 0x80) === 0) return BigInt.asUintN(64, result);
      shift += 7n;
    }
    throw new ProtoDecodeError('varint longer than 10 bytes');
  }

  /** tag reads a field tag and returns its field number and wire type. */
  tag(): { field: number; wire: number } {
    const t = this.varint();
    const field = Number(t >> 3n);
    const wire = Number(t & 7n);
    if (field <= 0 || field > 0x1fffffff) throw new ProtoDecodeError(`invalid field number ${field}`);
    return { field, wire };
  }

  /** length reads a length prefix and checks it fits the remaining slice. */
  length(): number {
    const n = this.varint();
    if (n > BigInt(this.end - this.pos)) throw new ProtoDecodeError('length-delimited field runs past the end of its message');
    return Number(n);
  }

  /** bytes reads a length-delimited field and returns its content as a sub-slice view. */
  bytes(): Uint8Array {
    const n = this.length();
    const out = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }

  /** sub returns a reader over a length-delimited field (an embedded message) and skips it here. */
  sub(): ProtoReader {
    const n = this.length();
    const r = new ProtoReader(this.buf, this.pos, this.pos + n);
    this.pos += n;
    return r;
  }

  /** skip jumps over a field value of the given wire type (unknown fields are ignored). */
  skip(wire: number): void {
    switch (wire) {
      case WIRE_VARINT:
        this.varint();
        return;
      case WIRE_FIXED64:
        this.advance(8);
        return;
      case WIRE_BYTES:
        this.advance(this.length());
        return;
      case WIRE_FIXED32:
        this.advance(4);
        return;
      default:
        throw new ProtoDecodeError(`unsupported wire type ${wire}`);
    }
  }

  private advance(n: number): void {
    if (this.pos + n > this.end) throw new ProtoDecodeError('truncated field');
    this.pos += n;
  }
}

const utf8 = new TextDecoder('utf-8');

/** decodeUtf8 decodes a protobuf string field (Go's gogo proto does not reject invalid UTF-8 either). */
export function decodeUtf8(b: Uint8Array): string {
  return utf8.decode(b);
}

/**
 * SPDY/3.1 framing (draft 3.1, section 2.2) — only what Kubernetes' port-forward needs: the
 * frame header codec and a parser that cuts a byte stream into frames. Header blocks stay
 * compressed here; header-codec.ts (de)compresses them.
 */

/** SpdyVersion is the protocol version every control frame carries. */
export const SpdyVersion = 3;

/** FrameType are the control frame types (draft 3, 2.6). */
export const FrameType = {
  synStream: 1, synReply: 2, rstStream: 3, settings: 4, ping: 6, goAway: 7, headers: 8, windowUpdate: 9,
} as const;

/** FlagFin ends the sender's half of a stream (data and SYN frames alike). */
export const FlagFin = 0x01;

/** RstStatus are the RST_STREAM status codes used here. */
export const RstStatus = { protocolError: 1, invalidStream: 2, refusedStream: 3, cancel: 5, internalError: 6 } as const;

/** ControlFrame is a parsed control frame: its type, flags and raw payload. */
export interface ControlFrame {
  control: true;
  type: number;
  flags: number;
  payload: Buffer;
}

/** DataFrame is a parsed data frame. */
export interface DataFrame {
  control: false;
  streamId: number;
  flags: number;
  data: Buffer;
}

/** Frame is either kind. */
export type Frame = ControlFrame | DataFrame;

/** MaxDataFrame caps what one data frame carries when we send (the format allows 16 MiB). */
export const MaxDataFrame = 32 * 1024;

/** encodeControl builds a control frame: the control bit, version 3, type, flags, 24-bit length. */
export function encodeControl(type: number, flags: number, payload: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt16BE(0x8000 | SpdyVersion, 0);
  head.writeUInt16BE(type, 2);
  head.writeUInt32BE(payload.length, 4);
  head[4] = flags;
  return Buffer.concat([head, payload]);
}

/** encodeData builds one data frame (the caller splits payloads over MaxDataFrame). */
export function encodeData(streamId: number, flags: number, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(streamId & 0x7fffffff, 0);
  head.writeUInt32BE(data.length, 4);
  head[4] = flags;
  return Buffer.concat([head, data]);
}

/** encodeRst builds RST_STREAM for a stream. */
export function encodeRst(streamId: number, status: number): Buffer {
  const p = Buffer.alloc(8);
  p.writeUInt32BE(streamId & 0x7fffffff, 0);
  p.writeUInt32BE(status, 4);
  return encodeControl(FrameType.rstStream, 0, p);
}

/** encodeGoAway builds GOAWAY naming the last stream we accepted (status 0 = OK). */
export function encodeGoAway(lastStreamId: number): Buffer {
  const p = Buffer.alloc(8);
  p.writeUInt32BE(lastStreamId & 0x7fffffff, 0);
  return encodeControl(FrameType.goAway, 0, p);
}

/**
 * FrameParser collects bytes and yields whole frames; a frame split over many reads (a
 * WebSocket message or a TCP segment each) is kept until complete.
 */
export class FrameParser {
  private buf: Buffer = Buffer.alloc(0);

  /** push adds bytes and returns the frames now complete, in order. */
  push(chunk: Buffer): Frame[] {
    this.buf = this.buf.length ? Buffer.concat([this.buf, chunk]) : chunk;
    const frames: Frame[] = [];
    while (this.buf.length >= 8) {
      const len = this.buf.readUInt32BE(4) & 0xffffff;
      if (this.buf.length < 8 + len) break;
      const flags = this.buf[4];
      const body = this.buf.subarray(8, 8 + len);
      if (this.buf[0] & 0x80) {
        const version = this.buf.readUInt16BE(0) & 0x7fff;
        if (version !== SpdyVersion) throw new Error(`unsupported SPDY version ${version}`);
        frames.push({ control: true, type: this.buf.readUInt16BE(2), flags, payload: Buffer.from(body) });
      } else {
        frames.push({ control: false, streamId: this.buf.readUInt32BE(0) & 0x7fffffff, flags, data: Buffer.from(body) });
      }
      this.buf = this.buf.subarray(8 + len);
    }
    return frames;
  }
}

/** encodeHeaderBlock lays out name/value pairs (uncompressed): counts and lengths are 32-bit. */
export function encodeHeaderBlock(headers: Record<string, string>): Buffer {
  const parts: Buffer[] = [];
  const n = Buffer.alloc(4);
  n.writeUInt32BE(Object.keys(headers).length);
  parts.push(n);
  for (const [k, v] of Object.entries(headers)) {
    for (const s of [k.toLowerCase(), v]) {
      const b = Buffer.from(s, 'utf8');
      const l = Buffer.alloc(4);
      l.writeUInt32BE(b.length);
      parts.push(l, b);
    }
  }
  return Buffer.concat(parts);
}

/** decodeHeaderBlock reads name/value pairs (names lower case; repeated values joined by NUL stay as sent). */
export function decodeHeaderBlock(block: Buffer): Record<string, string> {
  const out: Record<string, string> = {};
  let off = 0;
  const take = (): string => {
    if (off + 4 > block.length) throw new Error('truncated SPDY header block');
    const len = block.readUInt32BE(off);
    off += 4;
    if (off + len > block.length) throw new Error('truncated SPDY header block');
    const s = block.toString('utf8', off, off + len);
    off += len;
    return s;
  };
  if (block.length < 4) throw new Error('truncated SPDY header block');
  const count = block.readUInt32BE(0);
  off = 4;
  for (let i = 0; i < count; i++) {
    const name = take();
    out[name.toLowerCase()] = take();
  }
  return out;
}

/**
 * SpdyServerSession is the server end of a SPDY/3.1 connection as Kubernetes streaming uses it
 * (moby/spdystream on the client): the client opens streams with SYN_STREAM, we answer each
 * with SYN_REPLY (or RST_STREAM), data flows both ways, FIN half-closes, PINGs are echoed.
 * There is no flow control: spdystream neither sends nor honours WINDOW_UPDATE.
 * It runs over any byte transport — a raw upgraded socket (`Upgrade: SPDY/3.1`) or a
 * WebSocket carrying the byte stream in binary messages (`SPDY/3.1+portforward.k8s.io`).
 */
import { Duplex } from 'node:stream';
import { HeaderCodec } from './header-codec.ts';
import {
  decodeHeaderBlock, encodeControl, encodeData, encodeGoAway, encodeHeaderBlock, encodeRst,
  FlagFin, FrameParser, FrameType, MaxDataFrame, RstStatus, type ControlFrame, type DataFrame,
} from './frames.ts';

/** ByteTransport is what the session writes to and closes. */
export interface ByteTransport {
  write(chunk: Buffer): void;
  close(): void;
}

/**
 * SpdyStream is one client-opened stream as a Duplex: what the client sends is readable (ending
 * at its FIN), what we write goes out as data frames, end() sends our FIN, destroy() resets.
 */
export class SpdyStream extends Duplex {
  readonly id: number;
  readonly headers: Record<string, string>;
  private readonly session: SpdyServerSession;
  private remoteReset = false;

  constructor(session: SpdyServerSession, id: number, headers: Record<string, string>) {
    super({ allowHalfOpen: true });
    this.session = session;
    this.id = id;
    this.headers = headers;
  }

  /** reply accepts the stream (SYN_REPLY with no headers, as the kubelet does). */
  reply(): void {
    this.session.send(async (codec) => {
      const id = Buffer.alloc(4);
      id.writeUInt32BE(this.id);
      return encodeControl(FrameType.synReply, 0, Buffer.concat([id, await codec.deflate(encodeHeaderBlock({}))]));
    });
  }

  /** remoteData is called by the session with a data frame's payload and FIN flag. */
  remoteData(data: Buffer, fin: boolean): void {
    if (data.length) this.push(data);
    if (fin) this.push(null);
  }

  /** remoteResetBy ends the stream because the client reset it. */
  remoteResetBy(): void {
    this.remoteReset = true;
    this.destroy();
  }

  override _read(): void {
    // Data is pushed as frames arrive: no flow control to signal.
  }

  override _write(chunk: Buffer, _enc: BufferEncoding, cb: (err?: Error | null) => void): void {
    for (let off = 0; off < chunk.length; off += MaxDataFrame) {
      const part = chunk.subarray(off, off + MaxDataFrame);
      this.session.send(() => encodeData(this.id, 0, part));
    }
    cb();
  }

  override _final(cb: (err?: Error | null) => void): void {
    this.session.send(() => encodeData(this.id, FlagFin, Buffer.alloc(0)));
    cb();
  }

  override _destroy(err: Error | null, cb: (err?: Error | null) => void): void {
    if (!this.remoteReset && !this.writableFinished) this.session.send(() => encodeRst(this.id, RstStatus.cancel));
    this.session.forget(this.id);
    cb(err);
  }
}

/** SpdyServerSession: see the file comment. onStream gets each new stream; it must reply() or destroy() it. */
export class SpdyServerSession {
  private readonly transport: ByteTransport;
  private readonly onStream: (s: SpdyStream) => void;
  private readonly parser = new FrameParser();
  private readonly codec = new HeaderCodec();
  private readonly streams = new Map<number, SpdyStream>();
  private inbound: Promise<void> = Promise.resolve();
  private outbound: Promise<void> = Promise.resolve();
  private lastStreamId = 0;
  private closed = false;

  constructor(transport: ByteTransport, onStream: (s: SpdyStream) => void) {
    this.transport = transport;
    this.onStream = onStream;
  }

  /** receive feeds bytes from the transport; frames are handled strictly in order. */
  receive(chunk: Buffer): void {
    if (this.closed) return;
    let frames;
    try {
      frames = this.parser.push(chunk);
    } catch {
      this.close();
      return;
    }
    for (const f of frames) {
      this.inbound = this.inbound.then(() => (f.control ? this.control(f) : this.data(f))).catch(() => this.close());
    }
  }

  /** send queues a frame; producers run in order, so compressed header blocks stay in sequence. */
  send(make: (codec: HeaderCodec) => Buffer | Promise<Buffer>): void {
    if (this.closed) return;
    this.outbound = this.outbound
      .then(async () => {
        const frame = await make(this.codec);
        if (!this.closed) this.transport.write(frame);
      })
      .catch(() => this.close());
  }

  /** forget drops a finished stream. */
  forget(id: number): void {
    this.streams.delete(id);
  }

  /** goAway says no more streams will be accepted (before closing the transport). */
  goAway(): void {
    this.send(() => encodeGoAway(this.lastStreamId));
  }

  /** close ends every stream and the transport (the transport closed, or the client misbehaved). */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const s of [...this.streams.values()]) s.remoteResetBy();
    this.streams.clear();
    this.codec.close();
    this.transport.close();
  }

  private async control(f: ControlFrame): Promise<void> {
    const p = f.payload;
    switch (f.type) {
      case FrameType.synStream: {
        const id = p.readUInt32BE(0) & 0x7fffffff;
        // The header block must go through the shared decompressor even for a stream we refuse.
        const headers = decodeHeaderBlock(await this.codec.inflate(p.subarray(10)));
        if (id <= this.lastStreamId || id % 2 === 0) {
          this.send(() => encodeRst(id, RstStatus.protocolError));
          return;
        }
        this.lastStreamId = id;
        const stream = new SpdyStream(this, id, headers);
        this.streams.set(id, stream);
        if (f.flags & FlagFin) stream.remoteData(Buffer.alloc(0), true);
        this.onStream(stream);
        return;
      }
      case FrameType.headers:
      case FrameType.synReply:
        await this.codec.inflate(p.subarray(4));
        return;
      case FrameType.rstStream:
        this.streams.get(p.readUInt32BE(0) & 0x7fffffff)?.remoteResetBy();
        return;
      case FrameType.ping:
        // Client pings have odd ids: echo them; an even id would be an answer to ours (we send none).
        if (p.readUInt32BE(0) % 2 === 1) this.send(() => encodeControl(FrameType.ping, 0, p));
        return;
      default:
        // SETTINGS, WINDOW_UPDATE, GOAWAY: nothing to do (the client closes the transport after GOAWAY).
        return;
    }
  }

  private async data(f: DataFrame): Promise<void> {
    const s = this.streams.get(f.streamId);
    if (!s) return;
    s.remoteData(f.data, (f.flags & FlagFin) !== 0);
  }
}

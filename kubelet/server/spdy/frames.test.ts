import { describe, expect, it } from 'vitest';
import { SPDY_DICTIONARY } from './dictionary.ts';
import { decodeHeaderBlock, encodeControl, encodeData, encodeHeaderBlock, encodeRst, FlagFin, FrameParser, FrameType } from './frames.ts';
import { HeaderCodec } from './header-codec.ts';

describe('SPDY framing', () => {
  it('has the 1423-byte SPDY/3 dictionary', () => {
    expect(SPDY_DICTIONARY.length).toBe(1423);
    expect(SPDY_DICTIONARY.subarray(0, 11).toString('latin1')).toBe('\0\0\0\x07options');
    expect(SPDY_DICTIONARY.subarray(-6).toString()).toBe('enq=0.');
  });

  it.each([
    ['control', encodeControl(FrameType.ping, 0, Buffer.from([0, 0, 0, 1])), { control: true, type: FrameType.ping, flags: 0 }],
    ['data with FIN', encodeData(5, FlagFin, Buffer.from('hi')), { control: false, streamId: 5, flags: FlagFin }],
    ['rst', encodeRst(3, 5), { control: true, type: FrameType.rstStream }],
  ])('round-trips a %s frame, even split byte by byte', (_n, bytes, want) => {
    const whole = new FrameParser().push(bytes);
    expect(whole).toHaveLength(1);
    expect(whole[0]).toMatchObject(want);
    const p = new FrameParser();
    const got = [...bytes].flatMap((b) => p.push(Buffer.from([b])));
    expect(got).toEqual(whole);
  });

  it('lays out the control header: control bit, version 3, type, flags, 24-bit length', () => {
    const f = encodeControl(FrameType.synReply, FlagFin, Buffer.alloc(6));
    expect([...f.subarray(0, 8)]).toEqual([0x80, 3, 0, 2, 1, 0, 0, 6]);
  });

  it('parses two frames in one chunk and keeps a partial third', () => {
    const a = encodeData(1, 0, Buffer.from('a'));
    const b = encodeData(3, 0, Buffer.from('bb'));
    const c = encodeData(5, 0, Buffer.from('ccc'));
    const p = new FrameParser();
    expect(p.push(Buffer.concat([a, b, c.subarray(0, 9)]))).toHaveLength(2);
    expect(p.push(c.subarray(9))).toMatchObject([{ streamId: 5, data: Buffer.from('ccc') }]);
  });

  it('refuses another SPDY version', () => {
    const f = encodeControl(FrameType.ping, 0, Buffer.alloc(4));
    f.writeUInt16BE(0x8002, 0);
    expect(() => new FrameParser().push(f)).toThrow(/version 2/);
  });

  it('encodes header blocks with lower-case names and decodes them back', () => {
    const block = encodeHeaderBlock({ StreamType: 'data', port: '80', requestID: '0' });
    expect(decodeHeaderBlock(block)).toEqual({ streamtype: 'data', port: '80', requestid: '0' });
    expect(() => decodeHeaderBlock(block.subarray(0, 10))).toThrow(/truncated/);
  });

  it('compresses header blocks as one zlib stream per direction, with the dictionary', async () => {
    const tx = new HeaderCodec();
    const rx = new HeaderCodec();
    try {
      for (const h of [{ streamtype: 'error', port: '80' }, { streamtype: 'data', port: '80' }, {}] as Array<Record<string, string>>) {
        const z = await tx.deflate(encodeHeaderBlock(h));
        expect(decodeHeaderBlock(await rx.inflate(z))).toEqual(h);
      }
    } finally {
      tx.close();
      rx.close();
    }
  });
});

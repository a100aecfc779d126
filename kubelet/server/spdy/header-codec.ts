/**
 * SPDY header blocks are compressed with one zlib stream per direction for the whole
 * connection (seeded with SPDY_DICTIONARY) and sync-flushed after every block, so the
 * compressor and decompressor must live as long as the session and see blocks in order.
 */
import zlib from 'node:zlib';
import { SPDY_DICTIONARY } from './dictionary.ts';

type ZStream = zlib.Inflate | zlib.Deflate;

/** flushThrough writes one block into a long-lived zlib stream and returns what a sync flush yields. */
function flushThrough(z: ZStream, block: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const onData = (c: Buffer) => chunks.push(c);
    const onError = (err: Error) => {
      z.off('data', onData);
      reject(err);
    };
    z.on('data', onData);
    z.once('error', onError);
    z.write(block);
    z.flush(zlib.constants.Z_SYNC_FLUSH, () => {
      z.off('data', onData);
      z.off('error', onError);
      resolve(Buffer.concat(chunks));
    });
  });
}

/** HeaderCodec compresses the blocks we send and decompresses the blocks we receive. */
export class HeaderCodec {
  private readonly inflater = zlib.createInflate({ dictionary: SPDY_DICTIONARY });
  private readonly deflater = zlib.createDeflate({ dictionary: SPDY_DICTIONARY });

  /** inflate decompresses one received header block (call in arrival order). */
  inflate(block: Buffer): Promise<Buffer> {
    return flushThrough(this.inflater, block);
  }

  /** deflate compresses one header block to send (call in sending order). */
  deflate(block: Buffer): Promise<Buffer> {
    return flushThrough(this.deflater, block);
  }

  /** close frees both zlib streams. */
  close(): void {
    this.inflater.close();
    this.deflater.close();
  }
}

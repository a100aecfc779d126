import { newBadRequest } from '../../api/errors.ts';
import { decodeMessage } from '../protobuf/decode-message.ts';
import { buildTable } from '../protobuf/schema.ts';
import { META_MESSAGES } from '../protobuf/schema-meta.ts';
import { ProtoDecodeError, ProtoReader, WIRE_BYTES } from '../protobuf/wire-reader.ts';

// authorization.k8s.io/v1 messages kubectl sends for `auth can-i` (field numbers from k8s.io/api generated.proto).
const REVIEW_MESSAGES = buildTable(META_MESSAGES, {
  SelfSubjectAccessReview: 'metadata=1:ObjectMeta spec=2:SelfSubjectAccessReviewSpec',
  SelfSubjectAccessReviewSpec: 'resourceAttributes=1:ResourceAttributes nonResourceAttributes=2:NonResourceAttributes',
  ResourceAttributes: 'namespace=1 verb=2 group=3 version=4 resource=5 subresource=6 name=7',
  NonResourceAttributes: 'path=1 verb=2',
});

const MAGIC = [0x6b, 0x38, 0x73, 0x00];

/**
 * decodeReviewBody reads a SelfSubjectAccessReview body as JSON or as client-go's protobuf
 * (kubectl sends protobuf for built-in kinds: "k8s\0" + runtime.Unknown{2: raw message}).
 */
export function decodeReviewBody(body: unknown): unknown {
  if (!Buffer.isBuffer(body)) return body;
  if (!MAGIC.every((b, i) => body[i] === b)) {
    try {
      return JSON.parse(body.toString('utf8') || '{}');
    } catch {
      throw newBadRequest('the body must be a JSON SelfSubjectAccessReview');
    }
  }
  try {
    const r = new ProtoReader(body, MAGIC.length);
    let raw: Uint8Array | undefined;
    while (!r.done()) {
      const { field, wire } = r.tag();
      if (wire === WIRE_BYTES && field === 2) raw = r.bytes();
      else r.skip(wire);
    }
    if (!raw) throw newBadRequest('the protobuf body carries no object');
    return decodeMessage(REVIEW_MESSAGES, 'SelfSubjectAccessReview', new ProtoReader(raw));
  } catch (err) {
    if (err instanceof ProtoDecodeError) throw newBadRequest(`the body could not be decoded as protobuf: ${err.message}`);
    throw err;
  }
}

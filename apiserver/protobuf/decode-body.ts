import { newBadRequest, newStatus, StatusError } from '../../api/errors.ts';
import { decodeMessage, type JsonObject } from './decode-message.ts';
import { MESSAGES, messageForKind } from './kinds.ts';
import { decodeUtf8, ProtoDecodeError, ProtoReader, WIRE_BYTES } from './wire-reader.ts';

/** PROTOBUF_MEDIA_TYPE is the Content-Type client-go uses for protobuf bodies of built-in kinds. */
export const PROTOBUF_MEDIA_TYPE = 'application/vnd.kubernetes.protobuf';

const MAGIC = [0x6b, 0x38, 0x73, 0x00]; // "k8s\0"

/** Envelope is the runtime.Unknown wrapper of a protobuf body. */
interface Envelope {
  apiVersion: string;
  kind: string;
  raw: Uint8Array;
  contentEncoding: string;
}

/**
 * decodeProtobufBody turns an `application/vnd.kubernetes.protobuf` body (magic "k8s\0" then a
 * runtime.Unknown {1 typeMeta {1 apiVersion, 2 kind}, 2 raw, 3 contentEncoding, 4 contentType})
 * into the JSON object a JSON client would have sent, so create/update/eviction handle it the
 * same way. Malformed bytes are a 400; a kind without a protobuf table is a 415.
 */
export function decodeProtobufBody(body: Uint8Array): JsonObject {
  if (body.length < MAGIC.length || MAGIC.some((b, i) => body[i] !== b)) {
    throw newBadRequest('the body of the request could not be decoded as protobuf: it does not start with the "k8s\\x00" prefix');
  }
  try {
    const env = readEnvelope(new ProtoReader(body, MAGIC.length));
    if (!env.kind) throw newBadRequest('the protobuf body does not name its kind (typeMeta.kind is empty)');
    if (env.contentEncoding) throw newBadRequest(`unsupported protobuf content encoding ${JSON.stringify(env.contentEncoding)}`);
    const message = messageForKind(env.apiVersion, env.kind);
    if (!message) {
      throw new StatusError(newStatus(415, 'UnsupportedMediaType', `protobuf request bodies are not supported for ${env.apiVersion}, Kind=${env.kind}; send application/json`));
    }
    const obj = decodeMessage(MESSAGES, message, new ProtoReader(env.raw));
    return { apiVersion: env.apiVersion, kind: env.kind, ...obj };
  } catch (err) {
    if (err instanceof ProtoDecodeError) {
      throw newBadRequest(`the body of the request could not be decoded as protobuf: ${err.message}`);
    }
    throw err;
  }
}

/** readEnvelope reads the runtime.Unknown message. */
function readEnvelope(r: ProtoReader): Envelope {
  const env: Envelope = { apiVersion: '', kind: '', raw: new Uint8Array(0), contentEncoding: '' };
  while (!r.done()) {
    const { field, wire } = r.tag();
    if (wire !== WIRE_BYTES) {
      r.skip(wire);
      continue;
    }
    if (field === 1) readTypeMeta(r.sub(), env);
    else if (field === 2) env.raw = r.bytes();
    else if (field === 3) env.contentEncoding = decodeUtf8(r.bytes());
    else r.skip(wire);
  }
  return env;
}

function readTypeMeta(r: ProtoReader, env: Envelope): void {
  while (!r.done()) {
    const { field, wire } = r.tag();
    if (wire === WIRE_BYTES && field === 1) env.apiVersion = decodeUtf8(r.bytes());
    else if (wire === WIRE_BYTES && field === 2) env.kind = decodeUtf8(r.bytes());
    else r.skip(wire);
  }
}

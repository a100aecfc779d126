import { newBadRequest, newUnsupportedMediaType } from '../../api/errors.ts';
import { kindSchemas, type FieldType, type MessageSchema } from './schemas.ts';
import { readFields, type WireField } from './wire.ts';

/** PROTOBUF is the Kubernetes protobuf media type. */
export const PROTOBUF = 'application/vnd.kubernetes.protobuf';

const MAGIC = [0x6b, 0x38, 0x73, 0x00]; // "k8s\0"
const text = new TextDecoder();

function scalar(type: FieldType, f: WireField): unknown {
  const bytes = f.value instanceof Uint8Array ? f.value : undefined;
  switch (type) {
    case 'string':
      return bytes ? text.decode(bytes) : '';
    case 'int':
      return typeof f.value === 'number' ? f.value : 0;
    case 'bool':
      return f.value === 1;
    case 'bytes':
      return Buffer.from(bytes ?? []).toString('base64');
    case 'quantity':
      return text.decode(fieldsOf(bytes).find((x) => x.no === 1)?.value as Uint8Array ?? new Uint8Array());
    case 'intOrString': {
      const fs = fieldsOf(bytes);
      const kind = fs.find((x) => x.no === 1)?.value ?? 0;
      return kind === 1 ? text.decode((fs.find((x) => x.no === 3)?.value as Uint8Array) ?? new Uint8Array()) : (fs.find((x) => x.no === 2)?.value ?? 0);
    }
    default:
      return undefined;
  }
}

function fieldsOf(bytes: Uint8Array | undefined): WireField[] {
  return bytes ? readFields(bytes) : [];
}

function decodeValue(type: FieldType, f: WireField): unknown {
  if (typeof type === 'string') return scalar(type, f);
  if ('map' in type && Object.keys(type).length === 1) return undefined;
  return decodeMessage(f.value as Uint8Array, type as MessageSchema);
}

/** decodeMessage turns a protobuf message into JSON with a field table; unknown fields are skipped. */
export function decodeMessage(bytes: Uint8Array, schema: MessageSchema): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of readFields(bytes)) {
    const spec = schema[f.no];
    if (!spec) continue;
    const [name, type, repeated] = spec;
    if (typeof type === 'object' && 'map' in type) {
      const entry = fieldsOf(f.value as Uint8Array);
      const key = text.decode((entry.find((e) => e.no === 1)?.value as Uint8Array) ?? new Uint8Array());
      const val = entry.find((e) => e.no === 2);
      const map = (out[name] ??= {}) as Record<string, unknown>;
      map[key] = val ? decodeValue(type.map, val) : type.map === 'string' || type.map === 'bytes' ? '' : undefined;
    } else if (repeated) {
      ((out[name] ??= []) as unknown[]).push(decodeValue(type, f));
    } else out[name] = decodeValue(type, f);
  }
  return out;
}

/**
 * decodeKubernetesProtobuf decodes a `k8s\0`-prefixed runtime.Unknown envelope into the JSON
 * object it carries, for the kinds kubectl's typed clients create (415 for any other kind).
 */
export function decodeKubernetesProtobuf(body: Buffer): unknown {
  if (body.length < 4 || MAGIC.some((b, i) => body[i] !== b)) throw newBadRequest('protobuf body without the k8s\\0 prefix');
  try {
    const envelope = readFields(body.subarray(4));
    const typeMeta = fieldsOf(envelope.find((f) => f.no === 1)?.value as Uint8Array);
    const apiVersion = text.decode((typeMeta.find((f) => f.no === 1)?.value as Uint8Array) ?? new Uint8Array());
    const kind = text.decode((typeMeta.find((f) => f.no === 2)?.value as Uint8Array) ?? new Uint8Array());
    const schema = kindSchemas[`${apiVersion}/${kind}`];
    if (!schema) throw newUnsupportedMediaType(`${PROTOBUF} (kind ${apiVersion}/${kind}; send JSON)`);
    const raw = (envelope.find((f) => f.no === 2)?.value as Uint8Array) ?? new Uint8Array();
    return { apiVersion, kind, ...decodeMessage(raw, schema) };
  } catch (err) {
    if ((err as { status?: unknown }).status) throw err;
    throw newBadRequest(`the protobuf body could not be decoded: ${(err as Error).message}`);
  }
}

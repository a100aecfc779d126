import { parse as parseYaml } from 'yaml';
import { newBadRequest, newUnsupportedMediaType } from '../../api/errors.ts';
import { decodeProtobufBody, PROTOBUF_MEDIA_TYPE } from '../protobuf/decode-body.ts';

/** mediaType returns the lower-case media type of a Content-Type header, without parameters. */
export function mediaType(contentType: string | undefined): string {
  return (contentType ?? '').split(';')[0].trim().toLowerCase();
}

const JSON_TYPES = new Set(['application/json', 'application/merge-patch+json', 'application/strategic-merge-patch+json', 'application/json-patch+json', '']);
const YAML_TYPES = new Set(['application/yaml', 'application/apply-patch+yaml', 'application/x-yaml', 'text/yaml']);

/**
 * decodeBody parses a request body as JSON or YAML according to its Content-Type; malformed
 * input is a 400 BadRequest, an unknown media type a 415.
 */
export function decodeBody(raw: Buffer | string | undefined, contentType: string | undefined): unknown {
  const type = mediaType(contentType);
  // Protobuf (client-go's default for built-in kinds) decodes to the object a JSON client sends.
  if (type === PROTOBUF_MEDIA_TYPE && Buffer.isBuffer(raw) && raw.length > 0) return decodeProtobufBody(raw);
  const text = raw === undefined ? '' : typeof raw === 'string' ? raw : raw.toString('utf8');
  if (text.trim() === '') throw newBadRequest('the request body is empty');
  if (JSON_TYPES.has(type)) {
    try {
      return JSON.parse(text);
    } catch (err) {
      throw newBadRequest(`the body of the request could not be decoded as JSON: ${(err as Error).message}`);
    }
  }
  if (YAML_TYPES.has(type)) {
    try {
      return parseYaml(text, { maxAliasCount: 100 });
    } catch (err) {
      throw newBadRequest(`the body of the request could not be decoded as YAML: ${(err as Error).message.split('\n')[0]}`);
    }
  }
  throw newUnsupportedMediaType(type);
}

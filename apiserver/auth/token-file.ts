import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { TokenAuthenticator } from './authenticator.ts';
import type { UserInfo } from './user.ts';

/** hashToken is the stored form of a token: `sha256:<hex>`. */
export function hashToken(token: string): string {
  return `sha256:${createHash('sha256').update(token).digest('hex')}`;
}

/** splitCsvLine splits one CSV line, honouring double quotes (the groups column is quoted). */
function splitCsvLine(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (const ch of line) {
    if (ch === '"') quoted = !quoted;
    else if (ch === ',' && !quoted) {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  return out.map((s) => s.trim());
}

/**
 * parseTokenFile reads kube-apiserver's --token-auth-file format, `token,user,uid,"group1,group2"`,
 * where the token may be stored hashed as `sha256:<hex>` (so the file never holds a usable
 * secret). Returns a map from hashed token to user.
 */
export function parseTokenFile(text: string): Map<string, UserInfo> {
  const users = new Map<string, UserInfo>();
  text.split('\n').forEach((raw, i) => {
    const line = raw.trim();
    if (!line || line.startsWith('#')) return;
    const [token, name, uid, groups] = splitCsvLine(line);
    if (!token || !name) throw new Error(`token file line ${i + 1}: needs at least token,user`);
    const key = /^sha256:[0-9a-f]{64}$/.test(token) ? token : hashToken(token);
    users.set(key, { name, uid: uid || undefined, groups: groups ? groups.split(',').map((g) => g.trim()).filter(Boolean) : [] });
  });
  return users;
}

/** staticTokenAuthenticator authenticates bearer tokens listed (plain or hashed) in a token file. */
export function staticTokenAuthenticator(users: Map<string, UserInfo>): TokenAuthenticator {
  return (token) => users.get(hashToken(token));
}

/** loadTokenFile reads and parses a --token-auth-file. */
export function loadTokenFile(path: string): Map<string, UserInfo> {
  return parseTokenFile(readFileSync(path, 'utf8'));
}

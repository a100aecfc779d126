import http from 'node:http';

/** RawResponse is a status, headers and body text. */
export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/**
 * rawRequest sends one HTTP request with the path exactly as given (no `..` normalization, unlike
 * fetch), for tests of URL handling and other hostile input.
 */
export function rawRequest(baseUrl: string, method: string, path: string, body?: string, headers: Record<string, string> = {}): Promise<RawResponse> {
  const u = new URL(baseUrl);
  const length = body === undefined ? {} : { 'content-length': String(Buffer.byteLength(body)) };
  return new Promise((resolve, reject) => {
    let answered = false;
    const req = http.request({ host: u.hostname, port: u.port, method, path, headers: { 'content-type': 'application/json', ...length, ...headers } }, (res) => {
      answered = true;
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    // A server may answer (413) and close before the whole body is sent: the answer is what counts.
    req.on('error', (err) => {
      if (!answered) reject(err);
    });
    if (body !== undefined) req.write(body);
    req.end();
  });
}

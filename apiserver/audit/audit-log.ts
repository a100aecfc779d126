import { closeSync, existsSync, openSync, renameSync, statSync, writeSync } from 'node:fs';
import { randomUUID } from 'node:crypto';

/** AuditEvent is one audit.k8s.io/v1 Event at level Metadata: who did what to which object, never a body. */
export interface AuditEvent {
  kind: 'Event';
  apiVersion: 'audit.k8s.io/v1';
  level: 'Metadata';
  auditID: string;
  stage: 'ResponseComplete';
  requestURI: string;
  verb: string;
  user: { username: string; uid?: string; groups: string[] };
  sourceIPs: string[];
  userAgent?: string;
  objectRef?: { resource: string; namespace?: string; name?: string; apiGroup?: string; apiVersion?: string; subresource?: string };
  responseStatus: { code: number };
  requestReceivedTimestamp: string;
  stageTimestamp: string;
  /** latencyMs is the time from request to response end (for watches: the stream's lifetime). */
  latencyMs: number;
}

/** AuditSink receives audit events. */
export interface AuditSink {
  write(ev: Omit<AuditEvent, 'kind' | 'apiVersion' | 'level' | 'auditID' | 'stage'>): void;
  close(): Promise<void>;
}

/** AuditLogOptions configure a file sink (--audit-log-path, --audit-log-maxsize in MB, --audit-log-maxbackup). */
export interface AuditLogOptions {
  path: string;
  maxBytes?: number;
  maxBackups?: number;
}

function rotate(path: string, maxBackups: number): void {
  // path.N is the oldest kept; shift every backup up by one and drop what falls off the end.
  for (let i = maxBackups - 1; i >= 1; i--) if (existsSync(`${path}.${i}`)) renameSync(`${path}.${i}`, `${path}.${i + 1}`);
  if (maxBackups >= 1) renameSync(path, `${path}.1`);
}

/**
 * createAuditLog writes one JSON line per event to path and rotates the file when it grows past
 * maxBytes (default 100 MiB), keeping maxBackups old files (path.1 newest; default 5).
 */
export function createAuditLog(opts: AuditLogOptions): AuditSink {
  const maxBytes = opts.maxBytes ?? 100 * 1024 * 1024;
  const maxBackups = opts.maxBackups ?? 5;
  let size = existsSync(opts.path) ? statSync(opts.path).size : 0;
  // Synchronous appends: a line is on disk (in the page cache) before the response is finished.
  let fd = openSync(opts.path, 'a', 0o600);
  return {
    write(ev) {
      const line = `${JSON.stringify({ kind: 'Event', apiVersion: 'audit.k8s.io/v1', level: 'Metadata', auditID: randomUUID(), stage: 'ResponseComplete', ...ev })}\n`;
      const bytes = Buffer.byteLength(line);
      if (size > 0 && size + bytes > maxBytes) {
        closeSync(fd);
        rotate(opts.path, maxBackups);
        fd = openSync(opts.path, 'w', 0o600);
        size = 0;
      }
      writeSync(fd, line);
      size += bytes;
    },
    close: async () => closeSync(fd),
  };
}

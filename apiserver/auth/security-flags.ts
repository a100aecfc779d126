import { readFileSync } from 'node:fs';
import { boolFlag } from '../../component-base/flags.ts';
import type { Logger } from '../../component-base/logger.ts';
import type { AdmissionOptions } from '../admission/admission-storage.ts';
import { createAuditLog } from '../audit/audit-log.ts';
import { loadEncryptionConfig } from '../encryption/config.ts';
import { createSecurity, type Security, type SecurityOptions } from './security.ts';
import { loadTokenFile } from './token-file.ts';

/** securityFlagSpec are kube-apiserver's security flags, to spread into the API server's flag spec. */
export const securityFlagSpec = {
  'token-auth-file': { type: 'string' },
  'service-account-key-file': { type: 'string' },
  'service-account-signing-key-file': { type: 'string' },
  'api-audiences': { type: 'string' },
  'encryption-provider-config': { type: 'string' },
  'audit-log-path': { type: 'string' },
  'audit-log-maxsize': { type: 'string', default: '100' },
  'audit-log-maxbackup': { type: 'string', default: '5' },
  'enable-admission-plugins': { type: 'string' },
} as const;

/** SecurityFlags are the parsed values securityFromFlags reads (plus the API server's own TLS and authz flags). */
export interface SecurityFlags {
  'client-ca-file'?: string;
  'anonymous-auth'?: string;
  'authorization-mode'?: string;
  'token-auth-file'?: string;
  'service-account-key-file'?: string;
  'service-account-signing-key-file'?: string;
  'api-audiences'?: string;
  'encryption-provider-config'?: string;
  'audit-log-path'?: string;
  'audit-log-maxsize'?: string;
  'audit-log-maxbackup'?: string;
  'enable-admission-plugins'?: string;
}

const list = (v: string | undefined) => (v ?? '').split(',').map((s) => s.trim()).filter(Boolean);

/** DEFAULT_SECURE_ADMISSION are the plugins on when authorization is on and no list is given. */
export const DEFAULT_SECURE_ADMISSION = ['ServiceAccount', 'PodSecurity', 'LimitRanger'];

function admissionFrom(plugins: string[], canIssueTokens: boolean): AdmissionOptions | undefined {
  const known = new Set(['ServiceAccount', 'PodSecurity', 'LimitRanger', 'NodeRestriction', 'NamespaceLifecycle', 'DefaultTolerationSeconds']);
  for (const p of plugins) if (!known.has(p)) throw new Error(`--enable-admission-plugins: unknown plugin ${p}`);
  if (!['ServiceAccount', 'PodSecurity', 'LimitRanger'].some((p) => plugins.includes(p))) return undefined;
  return {
    serviceAccount: plugins.includes('ServiceAccount'),
    // Token volumes only where TokenRequest is served: a kubelet could never fill them otherwise.
    mountServiceAccountToken: plugins.includes('ServiceAccount') && canIssueTokens,
    limitRanger: plugins.includes('LimitRanger'),
    // kube-system runs the cluster's own privileged workloads; every other namespace gets baseline unless labelled.
    podSecurity: plugins.includes('PodSecurity') ? { defaultLevel: 'baseline', exemptNamespaces: ['kube-system'] } : undefined,
  };
}

/**
 * securityFromFlags turns the flags into the security layer. Nothing given → everything off
 * (AlwaysAllow, no authentication). --authorization-mode other than AlwaysAllow, --client-ca-file,
 * --token-auth-file or --service-account-key-file turn authentication on; the other flags each
 * turn on their own part. The signing key is also a verification key (it holds the public half).
 */
export function securityFromFlags(flags: SecurityFlags, log?: Logger): { security: Security; signingKey?: Buffer } {
  const modes = list(flags['authorization-mode'] || 'AlwaysAllow');
  const pub = flags['service-account-key-file'] ?? flags['service-account-signing-key-file'];
  const signingKey = flags['service-account-signing-key-file'] ? readFileSync(flags['service-account-signing-key-file']) : undefined;
  const mb = Number(flags['audit-log-maxsize'] ?? '100');
  const opts: SecurityOptions = {
    clientCertAuth: !!flags['client-ca-file'],
    tokenUsers: flags['token-auth-file'] ? loadTokenFile(flags['token-auth-file']) : undefined,
    serviceAccountPublicKeys: pub ? [readFileSync(pub)] : undefined,
    serviceAccountSigningKey: signingKey,
    apiAudiences: flags['api-audiences'] ? list(flags['api-audiences']) : undefined,
    authorizationModes: modes,
    anonymousAuth: boolFlag(flags['anonymous-auth'], true),
    encryption: flags['encryption-provider-config'] ? loadEncryptionConfig(flags['encryption-provider-config']) : undefined,
    audit: flags['audit-log-path'] ? createAuditLog({ path: flags['audit-log-path'], maxBytes: mb * 1024 * 1024, maxBackups: Number(flags['audit-log-maxbackup'] ?? '5') }) : undefined,
    admission: admissionFrom(flags['enable-admission-plugins'] !== undefined ? list(flags['enable-admission-plugins']) : modes.some((m) => m !== 'AlwaysAllow') ? DEFAULT_SECURE_ADMISSION : [], !!signingKey),
  };
  return { security: createSecurity(opts, log), signingKey };
}

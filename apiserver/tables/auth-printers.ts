/**
 * kubectl's columns for the certificates and RBAC kinds (Kubernetes' printers.go:
 * printCertificateSigningRequest, printRole, printRoleBinding and their cluster variants).
 */
import { humanDuration, translateTimestampSince } from '../../api/meta/v1/human-duration.ts';
import { ageCol, col, nameCol, wide, type Json, type Printer } from './table-types.ts';

const age = (o: Json, now: Date): string => translateTimestampSince(o.metadata?.creationTimestamp, now);

/** csrCondition is kubectl's CONDITION: Denied/Approved/Pending, then ",Failed" and ",Issued". */
export function csrCondition(csr: Json): string {
  const types = new Set((csr.status?.conditions ?? []).map((c: Json) => c.type));
  let status = types.has('Denied') ? 'Denied' : types.has('Approved') ? 'Approved' : 'Pending';
  if (types.has('Failed')) status += ',Failed';
  if (csr.status?.certificate) status += ',Issued';
  return status;
}

/** csrPrinter: NAME AGE SIGNERNAME REQUESTOR REQUESTEDDURATION CONDITION. */
export const csrPrinter: Printer = {
  columns: [
    nameCol,
    ageCol,
    col('SignerName', 'signerName indicates the requested signer, and is a qualified name.'),
    col('Requestor', 'username contains the name of the user that created the CertificateSigningRequest.'),
    col('RequestedDuration', 'expirationSeconds is the requested duration of validity of the issued certificate.'),
    col('Condition', 'conditions applied to the request. Known conditions are "Approved", "Denied", and "Failed".'),
  ],
  cells: (c, now) => [
    c.metadata?.name ?? '',
    age(c, now),
    c.spec?.signerName || '<none>',
    c.spec?.username ?? '',
    typeof c.spec?.expirationSeconds === 'number' ? humanDuration(c.spec.expirationSeconds * 1000) : '<none>',
    csrCondition(c),
  ],
};

/** rolePrinter: NAME CREATED AT (an RFC 3339 time, not an age) — Role and ClusterRole alike. */
export const rolePrinter: Printer = {
  columns: [nameCol, col('Created At', 'CreationTimestamp is a timestamp representing the server time when this object was created.', { type: 'date' })],
  cells: (r) => [r.metadata?.name ?? '', r.metadata?.creationTimestamp ?? null],
};

/** subjectsOf splits a binding's subjects as kubectl's -o wide shows them (SAs as namespace/name). */
function subjectsOf(subjects: Json[] | undefined): [string, string, string] {
  const of = (kind: string, name: (s: Json) => string) => (subjects ?? []).filter((s) => s.kind === kind).map(name).join(', ');
  return [of('User', (s) => s.name), of('Group', (s) => s.name), of('ServiceAccount', (s) => `${s.namespace ?? ''}/${s.name}`)];
}

/** roleBindingPrinter: NAME ROLE AGE, wide USERS GROUPS SERVICEACCOUNTS — RoleBinding and ClusterRoleBinding alike. */
export const roleBindingPrinter: Printer = {
  columns: [
    nameCol,
    col('Role', 'RoleRef can reference a Role in the current namespace or a ClusterRole in the global namespace.'),
    ageCol,
    wide(col('Users', 'Users in the roleBinding')),
    wide(col('Groups', 'Groups in the roleBinding')),
    wide(col('ServiceAccounts', 'ServiceAccounts in the roleBinding')),
  ],
  cells: (b, now) => [b.metadata?.name ?? '', `${b.roleRef?.kind ?? ''}/${b.roleRef?.name ?? ''}`, age(b, now), ...subjectsOf(b.subjects)],
};

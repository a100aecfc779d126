import { Type, type Static } from '@sinclair/typebox';
import type { StatusCause } from '../../meta/v1/status.ts';
import type { KindDefinition } from '../../resource-info.ts';
import { Resources } from '../../resources.ts';
import { Arr, Int, KindSchema, Obj, Opt, Str, StrArr, Time } from '../../core/v1/schema-kit.ts';
import { required } from '../../validation/causes.ts';
import { validateObjectMeta, validateObjectMetaUpdate } from '../../validation/object-meta.ts';

/** CertificateSigningRequestConditionSchema is Approved, Denied or Failed with a reason. */
export const CertificateSigningRequestConditionSchema = Obj({
  type: Str(),
  status: Str(),
  reason: Opt(Str()),
  message: Opt(Str()),
  lastUpdateTime: Opt(Time()),
  lastTransitionTime: Opt(Time()),
});

/**
 * CertificateSigningRequestSchema is a certificates/v1 CertificateSigningRequest: a PEM CSR
 * (base64 in spec.request), the signer asked for, and the requester's identity (set by the server).
 */
export const CertificateSigningRequestSchema = KindSchema({
  spec: Obj({
    request: Type.String({ format: 'byte' }),
    signerName: Str(),
    expirationSeconds: Opt(Int()),
    usages: Opt(StrArr()),
    username: Opt(Str()),
    uid: Opt(Str()),
    groups: Opt(StrArr()),
    extra: Opt(Type.Record(Type.String(), StrArr())),
  }),
  status: Opt(Obj({ conditions: Opt(Arr(CertificateSigningRequestConditionSchema)), certificate: Opt(Type.String({ format: 'byte' })) })),
});
export type CertificateSigningRequest = Static<typeof CertificateSigningRequestSchema>;

function validateCsr(csr: CertificateSigningRequest): StatusCause[] {
  const causes = validateObjectMeta(csr.metadata, { namespaced: false });
  if (!csr.spec?.request) causes.push(required('spec.request'));
  if (!csr.spec?.signerName) causes.push(required('spec.signerName'));
  return causes;
}

/** certificateSigningRequestDefinition is the KindDefinition of certificates/v1 CertificateSigningRequest. */
export const certificateSigningRequestDefinition: KindDefinition<CertificateSigningRequest> = {
  info: Resources.certificatesigningrequests,
  schema: CertificateSigningRequestSchema,
  applyDefaults() {},
  validate: validateCsr,
  validateUpdate: (csr, old) => [...validateCsr(csr), ...validateObjectMetaUpdate(csr.metadata, old.metadata)],
};

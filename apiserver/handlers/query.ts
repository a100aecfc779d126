import { newBadRequest } from '../../api/errors.ts';
import { managerFromUserAgent } from '../registry/field-manager.ts';
import type { DeleteOptions, FieldValidation, WriteOptions } from '../registry/types.ts';

const FIELD_VALIDATION: Record<string, FieldValidation> = { strict: 'Strict', warn: 'Warn', ignore: 'Ignore' };

/**
 * writeOptions reads dryRun, fieldValidation and fieldManager from the query (400 on bad values);
 * plain writes are recorded in managedFields for fieldManager, else for the User-Agent's program.
 */
export function writeOptions(q: URLSearchParams, userAgent?: string): WriteOptions {
  const dry = q.getAll('dryRun');
  for (const d of dry) if (d !== 'All') throw newBadRequest(`Invalid dry run value: ${JSON.stringify(d)}: valid values are "All"`);
  const fv = q.get('fieldValidation');
  let fieldValidation: FieldValidation = 'Warn';
  if (fv) {
    const v = FIELD_VALIDATION[fv.toLowerCase()];
    if (!v) throw newBadRequest(`fieldValidation: Unsupported value: ${JSON.stringify(fv)}: supported values: "Ignore", "Strict", "Warn"`);
    fieldValidation = v;
  }
  const fieldManager = q.get('fieldManager') ?? undefined;
  if (fieldManager !== undefined && fieldManager.length > 128) throw newBadRequest('fieldManager: Too long: may not be more than 128 bytes');
  return { dryRun: dry.length > 0, fieldValidation, fieldManager, updateManager: fieldManager ?? managerFromUserAgent(userAgent), warnings: [] };
}

function intParam(q: URLSearchParams, name: string): number | undefined {
  const raw = q.get(name);
  if (raw === null || raw === '') return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n)) throw newBadRequest(`invalid ${name} ${JSON.stringify(raw)}: must be an integer`);
  return n;
}

/** deleteOptions merges DeleteOptions from the body (if any) and the query, validating them. */
export function deleteOptions(q: URLSearchParams, body: unknown): DeleteOptions {
  const fromBody = body && typeof body === 'object' && !Array.isArray(body) ? (body as DeleteOptions & { kind?: string }) : {};
  const opts: DeleteOptions = {
    gracePeriodSeconds: fromBody.gracePeriodSeconds ?? intParam(q, 'gracePeriodSeconds'),
    propagationPolicy: fromBody.propagationPolicy ?? ((q.get('propagationPolicy') ?? undefined) as DeleteOptions['propagationPolicy']),
    orphanDependents: fromBody.orphanDependents ?? (q.has('orphanDependents') ? q.get('orphanDependents') === 'true' : undefined),
    preconditions: fromBody.preconditions,
    dryRun: fromBody.dryRun ?? (q.getAll('dryRun').length ? q.getAll('dryRun') : undefined),
  };
  if (opts.gracePeriodSeconds !== undefined && (!Number.isInteger(opts.gracePeriodSeconds) || opts.gracePeriodSeconds < 0)) {
    throw newBadRequest(`gracePeriodSeconds: Invalid value: ${opts.gracePeriodSeconds}: must be a non-negative integer`);
  }
  if (opts.propagationPolicy !== undefined && !['Orphan', 'Background', 'Foreground'].includes(opts.propagationPolicy)) {
    throw newBadRequest(`propagationPolicy: Unsupported value: ${JSON.stringify(opts.propagationPolicy)}: supported values: "Foreground", "Background", "Orphan"`);
  }
  for (const d of opts.dryRun ?? []) if (d !== 'All') throw newBadRequest(`Invalid dry run value: ${JSON.stringify(d)}`);
  return opts;
}

import type { AuditAction } from './audit-actions';
import type { KmsContext } from './context';
import { isKmsError } from './errors';
import type { AuditEventInput, Principal } from './types';
import { ZAlias, ZKeyId } from './validation';

export type AuditDetails = NonNullable<AuditEventInput['details']>;

export interface TAuditedOptions<T> {
  ctx: Pick<KmsContext, 'store' | 'clock'>;
  actor: Principal;
  action: AuditAction;
  /** Raw caller input; recorded on failure only when it is a well-formed key ID. */
  keyId?: unknown;
  /** Recorded on failure; build it from validated values only (see aliasDetail). */
  details?: AuditDetails;
  /** Mutations record every domain failure; reads record only refusals (SPEC §9). */
  failures?: 'all' | 'refusals';
  run: () => Promise<T>;
}

/** What a failure record needs: audited()'s options without the operation itself. */
export type TFailureAuditOptions = Omit<TAuditedOptions<unknown>, 'run'>;

/**
 * Runs an operation whose success audit is written inside its own transaction, and records a domain
 * failure (KmsError) afterwards in a separate write, because the failed transaction rolled back. Other
 * errors are internal faults: rethrown untouched and not audited (their text may not be safe to keep).
 */
export async function audited<T>(options: TAuditedOptions<T>): Promise<T> {
  try {
    return await options.run();
  } catch (error) {
    return rethrowAudited(options, error);
  }
}

/**
 * audited()'s failure half, for the data plane (encrypt, decrypt, data keys): those audit failures only and
 * call this from their own catch, so a success allocates no options object, closure or extra await. The
 * options are built only once something failed.
 */
export async function rethrowAudited(options: TFailureAuditOptions, error: unknown): Promise<never> {
  if (!isKmsError(error)) throw error;
  if (options.failures === 'refusals' && error.code !== 'FORBIDDEN') throw error;
  // The audit log lives in the database that could not be reached: trying would only make the caller wait.
  if (error.code === 'UNAVAILABLE') throw error;
  // If this write fails too, its error propagates: a failure we cannot audit is an internal fault.
  await options.ctx.store.insertAudit({
    at: options.ctx.clock.now(),
    actor: options.actor,
    action: options.action,
    keyId: ZKeyId.safeParse(options.keyId).success ? (options.keyId as string) : null,
    result: 'FAILURE',
    errorCode: error.code,
    details: options.details,
  });
  throw error;
}

/** `{ alias }` when the raw input is a valid alias name, so hostile input never lands in the audit log. */
export function aliasDetail(alias: unknown): AuditDetails | undefined {
  return ZAlias.safeParse(alias).success ? { alias: alias as string } : undefined;
}

import type { KmsContext } from './context';
import { KmsError } from './errors';

/**
 * How much one installation holds (SPEC §7, LIMIT_EXCEEDED → AWS LimitExceededException). Each is counted
 * inside the transaction that would add one, after a lock that orders racing adders, so two requests at the
 * limit can never both pass: key creation takes an installation-wide lock, per-key additions the key's row.
 */
export interface TResourceLimits {
  /** Keys of every state, pending deletion included, until they are purged. */
  maxKeys: number;
  /** AWS's quota: 50. */
  maxAliasesPerKey: number;
  /** Import tokens of a key that are unused, not burned and unexpired (each holds a sealed private key). */
  maxImportTokensPerKey: number;
}

export const DEFAULT_RESOURCE_LIMITS: Readonly<TResourceLimits> = Object.freeze({
  maxKeys: 100_000,
  maxAliasesPerKey: 50,
  maxImportTokensPerKey: 10,
});

export function resourceLimits(ctx: Pick<KmsContext, 'limits'>): TResourceLimits {
  return ctx.limits ?? DEFAULT_RESOURCE_LIMITS;
}

export function keyLimitExceeded(max: number): KmsError {
  return new KmsError(
    'LIMIT_EXCEEDED',
    `This installation already holds ${max} keys, its limit (keys pending deletion count until they are purged). Delete keys you no longer need, or ask the operator to raise the limit.`,
  );
}

export function aliasLimitExceeded(max: number): KmsError {
  return new KmsError('LIMIT_EXCEEDED', `A key has at most ${max} aliases, and this key has ${max}. Delete one of its aliases first.`);
}

export function importTokenLimitExceeded(max: number): KmsError {
  return new KmsError(
    'LIMIT_EXCEEDED',
    `This key already has ${max} unused import tokens, its limit. Import with one of them, or wait until they expire (24 hours after issue).`,
  );
}

import type { z } from 'zod';
import { audited } from './audited';
import { authorize } from './authorize';
import type { KmsContext } from './context';
import { KmsError, isKmsError } from './errors';
import { hashImportToken, MAX_FAILED_UNWRAPS } from './import-token';
import type { KeyView } from './key-view';
import { CLEAR_MATERIAL_REMOVAL } from './material-removal';
import { mutateKey } from './mutate-key';
import type { Principal } from './types';
import { unwrapAndBind } from './unwrap-and-bind';
import { ZImportKeyMaterialInput, parseInput } from './validation';

export type TImportKeyMaterialOptions = z.input<typeof ZImportKeyMaterialInput> & { actor: Principal };

function parseImportInput(ctx: KmsContext, options: TImportKeyMaterialOptions): z.output<typeof ZImportKeyMaterialInput> {
  const input = parseInput({ schema: ZImportKeyMaterialInput, input: options });
  const { expiration } = input;
  if (expiration.model === 'KEY_MATERIAL_EXPIRES' && expiration.validTo.getTime() <= ctx.clock.now().getTime()) {
    throw new KmsError('VALIDATION', 'expiration.validTo: The expiry must be later than now.');
  }
  return input;
}

/**
 * SPEC §4. The checks run in the SPEC's order, each with its own error: input (here) → key exists → origin
 * EXTERNAL → state (mutateKey) → token valid for the key → token not expired → unwraps → 32 bytes → same
 * material as bound (unwrapAndBind). Token consumption, binding, the key update and the audit record are
 * one transaction with conditional updates; a failed import writes only its audit record and, for a
 * failed unwrap, the token's failure count.
 */
export async function importKeyMaterial(ctx: KmsContext, options: TImportKeyMaterialOptions): Promise<KeyView> {
  const { actor } = options;
  return audited({
    ctx,
    actor,
    action: 'ImportKeyMaterial',
    keyId: options.keyId,
    run: async () => {
      authorize(actor, 'keys:import');
      const input = parseImportInput(ctx, options);
      const tokenHash = hashImportToken(input.importToken);
      const materialExpiresAt = input.expiration.model === 'KEY_MATERIAL_EXPIRES' ? input.expiration.validTo : null;
      // Per attempt (mutateKey re-runs the patch after a lost race): the token to consume, or whose failure to count.
      const round = { tokenId: null as string | null, failedUnwrapOf: null as string | null };
      try {
        return await mutateKey({
          ctx,
          actor,
          auditAction: 'ImportKeyMaterial',
          stateAction: 'importMaterial',
          keyId: input.keyId,
          patch: async ({ tx, key, now }) => {
            round.tokenId = null;
            round.failedUnwrapOf = null;
            const accepted = await unwrapAndBind({
              ctx,
              tx,
              key,
              now,
              tokenHash,
              encryptedKeyMaterial: input.encryptedKeyMaterial,
              onUnwrapFailure: (tokenId) => (round.failedUnwrapOf = tokenId),
            });
            round.tokenId = accepted.tokenId;
            return { ...accepted.patch, ...CLEAR_MATERIAL_REMOVAL, materialImportedAt: now, materialExpiresAt };
          },
          // After the key's conditional update, so locks are taken key first, then token, as a purge does.
          alsoWrite: async ({ tx, now }) => {
            if (round.tokenId === null || !(await tx.consumeImportToken(round.tokenId, now))) {
              throw new KmsError('TOKEN_INVALID', 'The import token was used by another request at the same time.');
            }
          },
          details: ({ key }) => ({
            importTokenId: round.tokenId,
            firstImport: key.materialId === null,
            expirationModel: input.expiration.model,
            validTo: materialExpiresAt?.toISOString() ?? null,
          }),
        });
      } catch (error) {
        // Counted in a write of its own: the failed import's transaction has rolled back.
        if (round.failedUnwrapOf !== null && isKmsError(error) && error.code === 'WRAP_INVALID') {
          await ctx.store.recordFailedUnwrap({ tokenId: round.failedUnwrapOf, maxFailedAttempts: MAX_FAILED_UNWRAPS });
        }
        throw error;
      }
    },
  });
}

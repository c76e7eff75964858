import type { z } from 'zod';
import { audited } from './audited';
import { authorize } from './authorize';
import type { KmsContext } from './context';
import { KmsError, isKmsError } from './errors';
import { hashImportToken, MAX_FAILED_UNWRAPS } from './import-token';
import { hasUsableMaterial, type KeyView } from './key-view';
import { versionEditPatch, writeVersionEdit } from './material-versions';
import { mutateKey } from './mutate-key';
import { assertMayAddVersion, planMaterialImport, type TMaterialImportPlan } from './plan-material-import';
import type { Principal } from './types';
import { unwrapImportedMaterial } from './unwrap-imported-material';
import { ZImportKeyMaterialInput, parseInput } from './validation';

export type TImportKeyMaterialOptions = z.input<typeof ZImportKeyMaterialInput> & { actor: Principal };

/** The key after the import, and the version the material went into (AWS KeyMaterialId). */
export interface TImportKeyMaterialResult extends KeyView {
  importedMaterialId: string;
}

function parseImportInput(ctx: KmsContext, options: TImportKeyMaterialOptions): z.output<typeof ZImportKeyMaterialInput> {
  const input = parseInput({ schema: ZImportKeyMaterialInput, input: options });
  const { expiration } = input;
  if (expiration.model === 'KEY_MATERIAL_EXPIRES' && expiration.validTo.getTime() <= ctx.clock.now().getTime()) {
    throw new KmsError('VALIDATION', 'expiration.validTo: The expiry must be later than now.');
  }
  return input;
}

/**
 * SPEC §4 and §11. The checks run in the SPEC's order, each with its own error: input (here) → key exists →
 * origin EXTERNAL → state (mutateKey; for NEW also assertMayAddVersion) → token valid for the key → token not expired → unwraps → 32 bytes
 * (unwrapImportedMaterial) → the version it goes into accepts it (planMaterialImport). Token consumption,
 * the version, the key's summary and state, and the audit record are one transaction with conditional
 * updates; a failed import writes only its audit record and, for a failed unwrap, the token's failure count.
 */
export async function importKeyMaterial(ctx: KmsContext, options: TImportKeyMaterialOptions): Promise<TImportKeyMaterialResult> {
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
      const expiresAt = input.expiration.model === 'KEY_MATERIAL_EXPIRES' ? input.expiration.validTo : null;
      // Per attempt (mutateKey re-runs the patch after a lost race): the token to consume, or whose failure to count.
      const round = { tokenId: null as string | null, failedUnwrapOf: null as string | null, plan: null as TMaterialImportPlan | null };
      try {
        const view = await mutateKey({
          ctx,
          actor,
          auditAction: 'ImportKeyMaterial',
          stateAction: 'importMaterial',
          keyId: input.keyId,
          patch: async ({ tx, key, from, to, now }) => {
            Object.assign(round, { tokenId: null, failedUnwrapOf: null, plan: null });
            const versions = await tx.listMaterialVersions(key.id);
            // The state comes before the token in SPEC §4's order: a NEW import the key cannot take stops here.
            if (input.importType === 'NEW_KEY_MATERIAL' && versions.length > 0) assertMayAddVersion({ from, versions });
            const unwrapped = await unwrapImportedMaterial({
              ctx,
              tx,
              key,
              now,
              tokenHash,
              encryptedKeyMaterial: input.encryptedKeyMaterial,
              onUnwrapFailure: (tokenId) => (round.failedUnwrapOf = tokenId),
            });
            round.tokenId = unwrapped.tokenId;
            const plan = planMaterialImport({
              key,
              versions,
              from,
              candidate: unwrapped.sealed,
              importType: input.importType,
              materialId: input.materialId,
              description: input.description,
              expiresAt,
              now,
            });
            round.plan = plan;
            const summary = versionEditPatch(key, versions, plan.edit);
            // The state table says Enabled after an import into a key pending import; that holds only once
            // every bound version is back and usable (another may still be missing, or past its expiry).
            const usable = hasUsableMaterial({ materialCiphertext: summary.materialCiphertext ?? null, materialExpiresAt: summary.materialExpiresAt ?? null }, now);
            const state = to === 'ENABLED' && from === 'PENDING_IMPORT' && !usable ? 'PENDING_IMPORT' : undefined;
            return { ...summary, ...(state ? { state } : {}) };
          },
          // After the key's conditional update, so locks are taken key first, then version and token, as a purge does.
          alsoWrite: async ({ tx, key, now }) => {
            if (round.plan) await writeVersionEdit(tx, key.id, round.plan.edit);
            if (round.tokenId === null || !(await tx.consumeImportToken(round.tokenId, now))) {
              throw new KmsError('TOKEN_INVALID', 'The import token was used by another request at the same time.');
            }
          },
          details: () => ({
            importTokenId: round.tokenId,
            firstImport: round.plan?.kind === 'FIRST',
            importType: round.plan?.kind === 'NEW' ? 'NEW_KEY_MATERIAL' : 'EXISTING_KEY_MATERIAL',
            materialId: round.plan?.version.materialId ?? null,
            materialVersion: round.plan?.version.sequence ?? null,
            expirationModel: input.expiration.model,
            validTo: expiresAt?.toISOString() ?? null,
          }),
        });
        if (!round.plan) throw new Error('An import succeeded without a plan');
        return { ...view, importedMaterialId: round.plan.version.materialId };
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

import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import { audited } from './audited';
import { authorize } from './authorize';
import type { KmsContext } from './context';
import type { TWrappingAlgorithm, TWrappingKeySpec } from './crypto/wrapping';
import { hashImportToken, IMPORT_TOKEN_TTL_MS, newImportToken, sealTokenPrivateKey } from './import-token';
import { importTokenLimitExceeded, resourceLimits } from './limits';
import { readForTransition } from './mutate-key';
import type { KeyStoreTx, NewImportToken } from './store';
import type { Principal } from './types';
import { ZGetImportParametersInput, parseInput } from './validation';

export type TGetImportParametersOptions = z.input<typeof ZGetImportParametersInput> & { actor: Principal };

export interface TImportParameters {
  keyId: string;
  /** Opaque; shown to the caller once, stored only as a hash. Never log it. */
  importToken: Buffer;
  /** DER SubjectPublicKeyInfo of a key pair made for this request alone. */
  publicKeyDer: Buffer;
  wrappingAlgorithm: TWrappingAlgorithm;
  wrappingKeySpec: TWrappingKeySpec;
  parametersValidTo: Date;
}

/**
 * The key's row lock, then its state and its count of usable tokens: inside the issuing transaction, the
 * lock makes a racing issuer wait and then count this one's token, so the limit holds under races.
 */
async function assertMayIssueToken(options: { tx: KeyStoreTx; keyId: string; now: Date; maxTokens: number }) {
  const { tx, keyId, now, maxTokens } = options;
  await tx.lockKey(keyId);
  const change = await readForTransition({ reader: tx, keyId, action: 'getImportParameters', now });
  if ((await tx.countActiveImportTokens(keyId, now)) >= maxTokens) throw importTokenLimitExceeded(maxTokens);
  return change;
}

/**
 * SPEC §3: a fresh wrapping key pair and a one-time token valid for exactly 24 h. The private key is kept
 * only sealed under the root keyring. Earlier unexpired tokens for the key stay valid, up to the per-key
 * limit of usable tokens (LIMIT_EXCEEDED beyond it).
 */
export async function getImportParameters(ctx: KmsContext, options: TGetImportParametersOptions): Promise<TImportParameters> {
  const { actor } = options;
  return audited({
    ctx,
    actor,
    action: 'GetParametersForImport',
    keyId: options.keyId,
    run: async () => {
      authorize(actor, 'keys:import');
      const input = parseInput({ schema: ZGetImportParametersInput, input: options });
      const { keyId, wrappingAlgorithm, wrappingKeySpec } = input;
      const maxTokens = resourceLimits(ctx).maxImportTokensPerKey;
      // Checked before taking a pair too, so refused requests cannot drain the pool; repeated in the transaction.
      await ctx.store.transaction((tx) => assertMayIssueToken({ tx, keyId, now: ctx.clock.now(), maxTokens }));
      const pair = await ctx.keyPairs.take(wrappingKeySpec);
      try {
        const importToken = newImportToken();
        const result = await ctx.store.transaction(async (tx) => {
          const now = ctx.clock.now();
          const { from } = await assertMayIssueToken({ tx, keyId, now, maxTokens });
          const fields = {
            id: randomUUID(),
            tokenHash: hashImportToken(importToken),
            keyId,
            wrappingAlgorithm,
            wrappingKeySpec,
            expiresAt: new Date(now.getTime() + IMPORT_TOKEN_TTL_MS),
          };
          const privateKeyCiphertext = sealTokenPrivateKey({ keyring: ctx.keyring, token: fields, privateKeyDer: pair.privateKeyPkcs8Der });
          const token: NewImportToken = { ...fields, publicKey: pair.publicKeyDer, privateKeyCiphertext, createdAt: now };
          await tx.insertImportToken(token);
          await tx.insertAudit({
            at: now,
            actor,
            action: 'GetParametersForImport',
            keyId,
            result: 'SUCCESS',
            errorCode: null,
            // The token row's ID links this record to the import that uses it; the token cannot be derived from it.
            details: { fromState: from, toState: from, wrappingAlgorithm, wrappingKeySpec, importTokenId: token.id },
          });
          return { parametersValidTo: token.expiresAt };
        });
        return { keyId, importToken, publicKeyDer: pair.publicKeyDer, wrappingAlgorithm, wrappingKeySpec, ...result };
      } finally {
        pair.privateKeyPkcs8Der.fill(0);
      }
    },
  });
}

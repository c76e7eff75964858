import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import { aliasDetail, audited } from './audited';
import { authorize } from './authorize';
import type { KmsContext } from './context';
import { KmsError } from './errors';
import { toKeyView, type KeyView } from './key-view';
import { keyLimitExceeded, resourceLimits } from './limits';
import { generateMaterial } from './seal-material';
import { assertTransition } from './states';
import type { NewKey } from './store';
import type { MaterialVersionRecord, Principal } from './types';
import { ZCreateKeyInput, parseInput } from './validation';

export type TCreateKeyOptions = z.input<typeof ZCreateKeyInput> & { actor: Principal };

/** A generated key's first material version: CURRENT from the start, never expiring (SPEC §11). */
function firstGeneratedVersion(ctx: KmsContext, keyId: string, now: Date): MaterialVersionRecord {
  return {
    keyId,
    ...generateMaterial(ctx.keyring, keyId),
    sequence: 1,
    description: '',
    state: 'CURRENT',
    createdAt: now,
    importedAt: null,
    expiresAt: null,
    removedReason: null,
    removedAt: null,
    rotationDate: null,
    rotationType: null,
  };
}

/**
 * Creates a key with its alias (if any) and tags (if any) in one transaction: a taken alias leaves no key
 * behind. The console always asks for an alias; the AWS API, like AWS, may create a key without one.
 * The installation's key limit is counted after the key-creation lock, so racing creators at the limit
 * cannot both pass it.
 */
export async function createKey(ctx: KmsContext, options: TCreateKeyOptions): Promise<KeyView> {
  const { actor } = options;
  return audited({
    ctx,
    actor,
    action: 'CreateKey',
    details: aliasDetail(options.alias),
    run: async () => {
      authorize(actor, 'keys:manage');
      const input = parseInput({ schema: ZCreateKeyInput, input: options });
      const now = ctx.clock.now();
      const id = randomUUID();
      const state = assertTransition({ from: null, action: 'create', origin: input.origin, hasMaterial: false });
      if (state === null) throw new Error('create must lead to a state');
      const firstVersion = input.origin === 'KMS' ? firstGeneratedVersion(ctx, id, now) : null;
      const key: NewKey = {
        id,
        description: input.description,
        state,
        origin: input.origin,
        createdAt: now,
        updatedAt: now,
        deletionDate: null,
        materialCiphertext: firstVersion?.materialCiphertext ?? null,
        materialId: firstVersion?.materialId ?? null,
        materialImportedAt: null,
        materialExpiresAt: null,
      };
      const { alias, tags } = input;
      const { maxKeys } = resourceLimits(ctx);
      await ctx.store.transaction(async (tx) => {
        await tx.lockKeyCreation();
        if ((await tx.countKeys()) >= maxKeys) throw keyLimitExceeded(maxKeys);
        await tx.insertKey(key);
        if (firstVersion) await tx.putMaterialVersion(firstVersion);
        if (alias !== undefined && !(await tx.insertAlias(alias, id, now))) {
          throw new KmsError('ALIAS_EXISTS', `The alias ${alias} is already in use. Choose another name.`);
        }
        if (tags.length > 0) await tx.putTags(id, tags, now);
        await tx.insertAudit({
          at: now,
          actor,
          action: 'CreateKey',
          keyId: id,
          result: 'SUCCESS',
          errorCode: null,
          details: {
            ...(alias === undefined ? {} : { alias }),
            origin: input.origin,
            toState: state,
            // Tags are the user's free text: only their number is recorded.
            ...(tags.length > 0 ? { tagCount: tags.length } : {}),
          },
        });
      });
      return toKeyView({ ...key, materialRemovedReason: null, materialRemovedAt: null, rotationPeriodDays: null, nextRotationAt: null, removedMaterialSequence: 0, version: 0, aliases: alias === undefined ? [] : [alias] }, now);
    },
  });
}

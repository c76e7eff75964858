import type { z } from 'zod';
import { audited } from './audited';
import { authorize } from './authorize';
import type { KmsContext } from './context';
import { versionEditPatch, expiredVersions, expiryEdit, writeVersionEdit } from './material-versions';
import { assertTransition, TRANSITIONS } from './states';
import type { KeyPatch } from './store';
import type { Principal } from './types';
import { ZExpireKeyMaterialInput, parseInput } from './validation';
import { announceChange } from './change-feed';

export type TExpireKeyMaterialOptions = z.input<typeof ZExpireKeyMaterialInput> & { actor: Principal };

export interface TExpireKeyMaterialResult {
  expiredKeyIds: string[];
  /** Private keys of expired import tokens destroyed in this run. */
  destroyedTokenKeys: number;
}

async function expireOne(ctx: KmsContext, actor: Principal, keyId: string, now: Date): Promise<boolean> {
  return ctx.store.transaction(async (tx) => {
    // Re-read in the transaction: another sweeper, a re-import with a new expiry or a purge may have come first.
    const key = await tx.findKey(keyId);
    if (!key || key.origin !== 'EXTERNAL') return false;
    const versions = await tx.listMaterialVersions(key.id);
    const expired = expiredVersions(versions, now);
    if (expired.length === 0) return false;
    const edit = expiryEdit(expired);
    const patch: KeyPatch = { ...versionEditPatch(key, versions, edit), updatedAt: now };
    // The stored state, not the effective one (which already reads Pending import): that is what changes.
    // Only a bound version's loss does; a pending version was never needed. A key already Pending import (another
    // version deleted or expired) keeps its state, but its expired versions are cleared all the same (SPEC §11).
    const changesState = edit.put.length > 0 && TRANSITIONS.expireMaterial[key.state] !== undefined;
    const to = changesState ? (assertTransition({ from: key.state, action: 'expireMaterial', origin: key.origin, hasMaterial: false }) ?? key.state) : key.state;
    if (to !== key.state) patch.state = to;
    // Conditional on the version just read: of two sweepers racing, one updates and audits, the other does neither.
    if (!(await tx.updateKey(key.id, key.version, patch))) return false;
    await writeVersionEdit(tx, key.id, edit);
    await tx.insertAudit({
      at: now,
      actor,
      action: 'ExpireKeyMaterial',
      keyId: key.id,
      result: 'SUCCESS',
      errorCode: null,
      details: {
        fromState: key.state,
        toState: to,
        materialIds: expired.map((version) => version.materialId).join(','),
        materialExpiresAt: expired[0]?.expiresAt?.toISOString() ?? null,
      },
    });
    return true;
  });
}

/**
 * Background job (SPEC §5, §11): deletes imported material past its expiry, version by version, one transaction per key, moving
 * Enabled/Disabled keys to Pending import (a key pending deletion or already pending import keeps its state), and destroys the private
 * keys of expired import tokens. Reads never depended on it having run; it makes storage catch up.
 * Idempotent and safe with several instances: each key is swept, and audited, once.
 */
export async function expireKeyMaterial(ctx: KmsContext, options: TExpireKeyMaterialOptions): Promise<TExpireKeyMaterialResult> {
  const { actor } = options;
  return audited({
    ctx,
    actor,
    action: 'ExpireKeyMaterial',
    run: async () => {
      authorize(actor, 'keys:manage');
      const input = parseInput({ schema: ZExpireKeyMaterialInput, input: options });
      const now = ctx.clock.now();
      const expiredKeyIds: string[] = [];
      for (const keyId of await ctx.store.findKeyIdsWithExpiredMaterial(now, input.limit)) {
        if (!(await expireOne(ctx, actor, keyId, now))) continue;
        announceChange(ctx, { kind: 'key', id: keyId });
        expiredKeyIds.push(keyId);
      }
      const destroyedTokenKeys = await ctx.store.destroyExpiredTokenKeys(now);
      return { expiredKeyIds, destroyedTokenKeys };
    },
  });
}

import type { z } from 'zod';
import { audited } from './audited';
import { authorize } from './authorize';
import type { KmsContext } from './context';
import { holdsExpiredMaterial } from './key-view';
import { removeMaterialPatch } from './material-removal';
import { assertTransition, TRANSITIONS } from './states';
import type { KeyPatch } from './store';
import type { KeyRecord, Principal } from './types';
import { ZExpireKeyMaterialInput, parseInput } from './validation';

export type TExpireKeyMaterialOptions = z.input<typeof ZExpireKeyMaterialInput> & { actor: Principal };

export interface TExpireKeyMaterialResult {
  expiredKeyIds: string[];
  /** Private keys of expired import tokens destroyed in this run. */
  destroyedTokenKeys: number;
}

/** Imported material still stored although its expiry instant (itself included) has passed. */
function expiredImport(key: KeyRecord, now: Date): boolean {
  return key.origin === 'EXTERNAL' && holdsExpiredMaterial(key, now);
}

async function expireOne(ctx: KmsContext, actor: Principal, keyId: string, now: Date): Promise<boolean> {
  return ctx.store.transaction(async (tx) => {
    // Re-read in the transaction: another sweeper, a re-import with a new expiry or a purge may have come first.
    const key = await tx.findKey(keyId);
    if (!key || !expiredImport(key, now) || TRANSITIONS.expireMaterial[key.state] === undefined) return false;
    // The stored state, not the effective one (which already reads Pending import): that is what changes.
    const to = assertTransition({ from: key.state, action: 'expireMaterial', origin: key.origin, hasMaterial: false }) ?? key.state;
    // The removal is dated at the expiry instant, when the material stopped being usable, not at the sweep.
    const expiredAt = key.materialExpiresAt ?? now;
    const patch: KeyPatch = { ...removeMaterialPatch({ cause: 'EXPIRED', at: expiredAt }), updatedAt: now };
    if (to !== key.state) patch.state = to;
    // Conditional on the version just read: of two sweepers racing, one updates and audits, the other does neither.
    if (!(await tx.updateKey(key.id, key.version, patch))) return false;
    await tx.insertAudit({
      at: now,
      actor,
      action: 'ExpireKeyMaterial',
      keyId: key.id,
      result: 'SUCCESS',
      errorCode: null,
      details: { fromState: key.state, toState: to, materialExpiresAt: key.materialExpiresAt?.toISOString() ?? null },
    });
    return true;
  });
}

/**
 * Background job (SPEC §5): deletes imported material past its expiry, one transaction per key, moving
 * Enabled/Disabled keys to Pending import (a key pending deletion keeps its state), and destroys the private
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
      for (const key of await ctx.store.findKeysWithExpiredMaterial(now, input.limit)) {
        if (!(await expireOne(ctx, actor, key.id, now))) continue;
        ctx.keyCache?.invalidate(key.id);
        expiredKeyIds.push(key.id);
      }
      const destroyedTokenKeys = await ctx.store.destroyExpiredTokenKeys(now);
      return { expiredKeyIds, destroyedTokenKeys };
    },
  });
}

import type { KeyPatch } from './store';
import type { KeyRecord, MaterialRemovalCause } from './types';

/** Why a key's material is gone and since when: what the console says and what refusals name. */
export interface MaterialRemoval {
  cause: MaterialRemovalCause;
  at: Date;
}

/**
 * The one patch that removes material (deletion by hand, the expiry sweeper, a cancelled deletion of expired
 * material): the sealed material, import time and expiry go; the material ID stays (the binding), and the
 * row keeps why and when, so the page can still say which happened after the sweeper has run.
 */
export function removeMaterialPatch(removal: MaterialRemoval): KeyPatch {
  return {
    materialCiphertext: null,
    materialImportedAt: null,
    materialExpiresAt: null,
    materialRemovedReason: removal.cause,
    materialRemovedAt: removal.at,
  };
}

/** An import brings material back: the last removal is history no longer worth showing. */
export const CLEAR_MATERIAL_REMOVAL: KeyPatch = { materialRemovedReason: null, materialRemovedAt: null };

/**
 * Why the key has no usable material now, from its own record: material still stored past its expiry instant
 * (the instant itself counts, the sweeper may not have run) expired then; otherwise the recorded removal.
 * Null while the material is usable, and for a key that never received any.
 */
export function materialRemoval(key: KeyRecord, now: Date): MaterialRemoval | null {
  if (key.materialCiphertext !== null) {
    const expiresAt = key.materialExpiresAt;
    return expiresAt !== null && expiresAt.getTime() <= now.getTime() ? { cause: 'EXPIRED', at: expiresAt } : null;
  }
  if (key.materialRemovedReason === null || key.materialRemovedAt === null) return null;
  return { cause: key.materialRemovedReason, at: key.materialRemovedAt };
}

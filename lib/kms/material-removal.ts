import type { KeyPatch } from './store';
import type { MaterialRemovalCause } from './types';

/** Why a key's material is gone and since when: what the console says and what refusals name. */
export interface MaterialRemoval {
  cause: MaterialRemovalCause;
  at: Date;
}

/**
 * The one patch that removes material (deletion by hand, the expiry sweeper, a cancelled deletion of expired
 * material): the sealed material, import time and expiry go; the material ID stays (the binding: KeyPatch
 * cannot clear it), and the row keeps why and when, so the page can still say which happened after the
 * sweeper has run.
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

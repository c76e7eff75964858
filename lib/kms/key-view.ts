import { materialRemoval, type MaterialRemoval } from './material-removal';
import type { KeyOrigin, KeyRecord, KeyState } from './types';

export type MaterialStatus = 'GENERATED' | 'IMPORTED' | 'AWAITING_IMPORT';

/** What callers (console, API) see of a key: effective state, never material. */
export interface KeyView {
  id: string;
  description: string;
  /** Effective state: expired imported material reads as PENDING_IMPORT even before the sweeper runs. */
  state: KeyState;
  origin: KeyOrigin;
  createdAt: Date;
  deletionDate: Date | null;
  aliases: string[];
  material: {
    status: MaterialStatus;
    materialId: string | null;
    importedAt: Date | null;
    expiresAt: Date | null;
    /** Why there is no usable material (deleted by hand, or expired) and when; null while usable or never imported. */
    removal: MaterialRemoval | null;
  };
}

/** True when the record still holds material that has not reached its expiry instant. */
export function hasUsableMaterial(key: KeyRecord, now: Date): boolean {
  if (!key.materialCiphertext) return false;
  return key.materialExpiresAt === null || key.materialExpiresAt.getTime() > now.getTime();
}

export function effectiveState(key: KeyRecord, now: Date): KeyState {
  if ((key.state === 'ENABLED' || key.state === 'DISABLED') && !hasUsableMaterial(key, now)) {
    return 'PENDING_IMPORT';
  }
  return key.state;
}

export function toKeyView(key: KeyRecord, now: Date): KeyView {
  const usable = hasUsableMaterial(key, now);
  return {
    id: key.id,
    description: key.description,
    state: effectiveState(key, now),
    origin: key.origin,
    createdAt: key.createdAt,
    deletionDate: key.deletionDate,
    aliases: [...key.aliases].sort(),
    material: {
      status: key.origin === 'KMS' ? 'GENERATED' : usable ? 'IMPORTED' : 'AWAITING_IMPORT',
      materialId: key.materialId,
      importedAt: usable ? key.materialImportedAt : null,
      expiresAt: usable ? key.materialExpiresAt : null,
      removal: usable ? null : materialRemoval(key, now),
    },
  };
}

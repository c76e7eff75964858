import type { MaterialRemoval } from './material-removal';
import type { KeyOrigin, KeyRecord, KeyState, MaterialRemovalCause } from './types';

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
  /** Automatic rotation's period in days while it is on (generated keys); null while off or pending deletion. */
  rotationPeriodDays: number | null;
  material: {
    status: MaterialStatus;
    materialId: string | null;
    importedAt: Date | null;
    expiresAt: Date | null;
    /** Why there is no usable material (deleted by hand, or expired) and when; null while usable or never imported. */
    removal: MaterialRemoval | null;
  };
}

/**
 * SPEC §5, the one place it is written: material is usable while present and before its expiry instant
 * (the instant itself counts as expired). Takes dates or epoch milliseconds (the key cache keeps numbers).
 */
export function materialUsable(material: { present: boolean; expiresAt: Date | number | null }, now: Date | number): boolean {
  return material.present && (material.expiresAt === null || Number(material.expiresAt) > Number(now));
}

/** True when the record still holds material that has not reached its expiry instant. */
export function hasUsableMaterial(key: Pick<KeyRecord, 'materialCiphertext' | 'materialExpiresAt'>, now: Date | number): boolean {
  return materialUsable({ present: key.materialCiphertext !== null, expiresAt: key.materialExpiresAt }, now);
}

/** True when the record still holds sealed material that is past its expiry: what the expiry sweeper removes. */
export function holdsExpiredMaterial(key: Pick<KeyRecord, 'materialCiphertext' | 'materialExpiresAt'>, now: Date | number): boolean {
  return key.materialCiphertext !== null && !hasUsableMaterial(key, now);
}

/** Material as a key row or a version row records it: held or not, its expiry, and its last recorded removal. */
export interface TRecordedMaterial {
  present: boolean;
  expiresAt: Date | null;
  removedReason: MaterialRemovalCause | null;
  removedAt: Date | null;
}

/**
 * Why there is no usable material now: material still stored past its expiry instant (the sweeper may not
 * have run yet) expired then; otherwise the recorded removal. Null while the material is usable, and when
 * none was ever received. The one reading of it, for keys and for versions alike.
 */
export function removalOf(material: TRecordedMaterial, now: Date): MaterialRemoval | null {
  if (material.present) {
    return !materialUsable(material, now) && material.expiresAt !== null ? { cause: 'EXPIRED', at: material.expiresAt } : null;
  }
  if (material.removedReason === null || material.removedAt === null) return null;
  return { cause: material.removedReason, at: material.removedAt };
}

/** Why the key has no usable material now, from its own record (removalOf on the key row). */
export function materialRemoval(key: KeyRecord, now: Date): MaterialRemoval | null {
  return removalOf(
    { present: key.materialCiphertext !== null, expiresAt: key.materialExpiresAt, removedReason: key.materialRemovedReason, removedAt: key.materialRemovedAt },
    now,
  );
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
    // As GetKeyRotationStatus reports it: a key waiting to be purged rotates no more.
    rotationPeriodDays: key.state === 'PENDING_DELETION' ? null : key.rotationPeriodDays,
    material: {
      status: key.origin === 'KMS' ? 'GENERATED' : usable ? 'IMPORTED' : 'AWAITING_IMPORT',
      materialId: key.materialId,
      importedAt: usable ? key.materialImportedAt : null,
      expiresAt: usable ? key.materialExpiresAt : null,
      removal: usable ? null : materialRemoval(key, now),
    },
  };
}

import { materialUsable, removalOf } from './key-view';
import type { MaterialRemoval } from './material-removal';
import { isBound, summarizeVersions } from './material-summary';
import type { KeyPatch, KeyStoreTx } from './store';
import type { KeyOrigin, KeyRecord, MaterialVersionRecord, MaterialVersionState, RotationType } from './types';

/** A change to a key's versions: rows written whole (inserted or replaced), and rows removed. */
export interface TVersionEdit {
  put: MaterialVersionRecord[];
  remove: string[];
}

export const NO_VERSION_EDIT: TVersionEdit = { put: [], remove: [] };

/** The versions as they are once `edit` is written, by sequence. */
export function applyVersionEdit(versions: readonly MaterialVersionRecord[], edit: TVersionEdit): MaterialVersionRecord[] {
  const replaced = new Map(edit.put.map((version) => [version.materialId, version]));
  const kept = versions.filter((version) => !edit.remove.includes(version.materialId) && !replaced.has(version.materialId));
  return [...kept, ...replaced.values()].sort((a, b) => a.sequence - b.sequence);
}

/** Writes an edit. Only ever inside the transaction that also makes the key's conditional update. */
export async function writeVersionEdit(tx: KeyStoreTx, keyId: string, edit: TVersionEdit): Promise<void> {
  for (const materialId of edit.remove) await tx.deleteMaterialVersion(keyId, materialId);
  for (const version of edit.put) await tx.putMaterialVersion(version);
}

/** The number a new version takes: above every version held and every one ever removed. */
export const nextSequence = (key: Pick<KeyRecord, 'removedMaterialSequence'>, versions: readonly MaterialVersionRecord[]): number =>
  versions.reduce((max, version) => Math.max(max, version.sequence), key.removedMaterialSequence) + 1;

/**
 * The key row's part of a version edit, for the transaction that writes it: the material summary of the
 * versions after it (summarizeVersions), and the high-water mark of removed sequence numbers.
 */
export function versionEditPatch(key: Pick<KeyRecord, 'removedMaterialSequence'>, versions: readonly MaterialVersionRecord[], edit: TVersionEdit): KeyPatch {
  const removed = versions.filter((version) => edit.remove.includes(version.materialId));
  const highest = removed.reduce((max, version) => Math.max(max, version.sequence), key.removedMaterialSequence);
  return {
    ...summarizeVersions(applyVersionEdit(versions, edit)),
    ...(highest > key.removedMaterialSequence ? { removedMaterialSequence: highest } : {}),
  };
}

/** Imported material of a version: present and before its expiry instant (SPEC §5, per version). */
export const versionUsable = (version: Pick<MaterialVersionRecord, 'materialCiphertext' | 'expiresAt'>, now: Date | number): boolean =>
  materialUsable({ present: version.materialCiphertext !== null, expiresAt: version.expiresAt }, now);

/** Versions still holding material at or past their expiry instant: what the expiry sweeper removes. */
export function expiredVersions(versions: readonly MaterialVersionRecord[], now: Date): MaterialVersionRecord[] {
  return versions.filter((version) => version.materialCiphertext !== null && !versionUsable(version, now));
}

/**
 * Expiry, per version (SPEC §11): a bound version loses its material and keeps its row, its removal dated at
 * the expiry instant, when the material stopped being usable, not at the sweep; a pending one goes whole.
 */
export function expiryEdit(expired: readonly MaterialVersionRecord[]): TVersionEdit {
  return {
    put: expired.filter(isBound).map((version) => ({
      ...version,
      materialCiphertext: null,
      importedAt: null,
      expiresAt: null,
      removedReason: 'EXPIRED' as const,
      removedAt: version.expiresAt,
    })),
    remove: expired.filter((version) => !isBound(version)).map((version) => version.materialId),
  };
}

/** What callers (console, API) see of a version: never material. */
export interface MaterialVersionView {
  keyId: string;
  materialId: string;
  sequence: number;
  description: string;
  state: MaterialVersionState;
  /** Imported keys only (AWS ImportState): IMPORTED while usable material is held, from its expiry on PENDING_IMPORT. */
  importState: 'IMPORTED' | 'PENDING_IMPORT' | null;
  kcv: string | null;
  createdAt: Date;
  importedAt: Date | null;
  /** Null when the material never expires (or none is held). */
  expiresAt: Date | null;
  removal: MaterialRemoval | null;
  rotationDate: Date | null;
  rotationType: RotationType | null;
}

export function toMaterialVersionView(version: MaterialVersionRecord, origin: KeyOrigin, now: Date): MaterialVersionView {
  const usable = versionUsable(version, now);
  const removal = removalOf(
    { present: version.materialCiphertext !== null, expiresAt: version.expiresAt, removedReason: version.removedReason, removedAt: version.removedAt },
    now,
  );
  return {
    keyId: version.keyId,
    materialId: version.materialId,
    sequence: version.sequence,
    description: version.description,
    state: version.state,
    importState: origin === 'EXTERNAL' ? (usable ? 'IMPORTED' : 'PENDING_IMPORT') : null,
    kcv: version.kcv,
    createdAt: version.createdAt,
    importedAt: usable ? version.importedAt : null,
    expiresAt: usable ? version.expiresAt : null,
    removal,
    rotationDate: version.rotationDate,
    rotationType: version.rotationType,
  };
}

import type { KeyPatch } from './store';
import type { MaterialVersionRecord } from './types';

/**
 * SPEC §11: the versions a key is bound to. Every one must hold material for the key to work; a
 * PENDING_ROTATION version is not bound yet and never counts.
 */
export const isBound = (version: Pick<MaterialVersionRecord, 'state'>): boolean => version.state !== 'PENDING_ROTATION';

export const currentVersion = (versions: readonly MaterialVersionRecord[]): MaterialVersionRecord | undefined =>
  versions.find((version) => version.state === 'CURRENT');

export type MaterialSummary = Required<
  Pick<KeyPatch, 'materialCiphertext' | 'materialImportedAt' | 'materialExpiresAt' | 'materialRemovedReason' | 'materialRemovedAt'>
> &
  Pick<KeyPatch, 'materialId'>;

/**
 * The key row's material columns, derived from its versions: the one place that derivation is written.
 * Every read of "is the key usable, until when, and if not why" (effective state, the keys list and its
 * indexes, the key cache) reads these columns, so they are rewritten from the versions in the same
 * transaction as every change to a version.
 *
 * - materialId: the CURRENT version's (what Encrypt writes into ciphertexts; DescribeKey's CurrentKeyMaterialId).
 * - materialCiphertext / materialImportedAt: the CURRENT version's, only while every bound version holds
 *   material; null otherwise, which is what makes the key read as Pending import.
 * - materialExpiresAt: the earliest expiry among bound versions (SPEC §11: the key's reported expiry).
 * - materialRemovedReason / At: while incomplete, the latest removal among the bound versions missing material.
 */
export function summarizeVersions(versions: readonly MaterialVersionRecord[]): MaterialSummary {
  const bound = versions.filter(isBound);
  const current = currentVersion(versions);
  const complete = current !== undefined && bound.every((version) => version.materialCiphertext !== null);
  const idPart: Pick<KeyPatch, 'materialId'> = current ? { materialId: current.materialId } : {};
  if (complete) {
    const expiries = bound.flatMap((version) => (version.expiresAt ? [version.expiresAt.getTime()] : []));
    return {
      ...idPart,
      materialCiphertext: current.materialCiphertext,
      materialImportedAt: current.importedAt,
      materialExpiresAt: expiries.length > 0 ? new Date(Math.min(...expiries)) : null,
      materialRemovedReason: null,
      materialRemovedAt: null,
    };
  }
  const removals = bound
    .filter((version) => version.materialCiphertext === null && version.removedReason !== null && version.removedAt !== null)
    .sort((a, b) => (b.removedAt as Date).getTime() - (a.removedAt as Date).getTime());
  return {
    ...idPart,
    materialCiphertext: null,
    materialImportedAt: null,
    materialExpiresAt: null,
    materialRemovedReason: removals[0]?.removedReason ?? null,
    materialRemovedAt: removals[0]?.removedAt ?? null,
  };
}

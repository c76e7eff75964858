import { constantTimeEqual } from './crypto/primitives';
import { KmsError } from './errors';
import { currentVersion } from './material-summary';
import { nextSequence, type TVersionEdit } from './material-versions';
import type { TSealedMaterial } from './seal-material';
import type { KeyRecord, KeyState, MaterialVersionRecord } from './types';
import type { ImportType } from './validation';

export interface TPlanMaterialImportOptions {
  key: Pick<KeyRecord, 'id' | 'removedMaterialSequence'>;
  versions: readonly MaterialVersionRecord[];
  /** Effective state before the import (the state table already allowed an import in it). */
  from: KeyState;
  candidate: TSealedMaterial;
  importType: ImportType | undefined;
  /** The version an EXISTING import names; absent: the CURRENT one. */
  materialId: string | undefined;
  description: string | undefined;
  expiresAt: Date | null;
  now: Date;
}

export interface TMaterialImportPlan {
  edit: TVersionEdit;
  /** The version written (its material id is the API's KeyMaterialId). */
  version: MaterialVersionRecord;
  kind: 'FIRST' | 'NEW' | 'EXISTING';
}

const sameMaterial = (a: string, b: string) => constantTimeEqual(a, b);

/** Names the version a refused import was expected to carry, so the person can check their file's KCV. */
function notThatMaterial(expected: MaterialVersionRecord): KmsError {
  const kcv = expected.kcv ?? 'unknown';
  return new KmsError(
    'MATERIAL_INCORRECT',
    `This is not the key material of version ${expected.sequence} (material ID ${expected.materialId}, KCV ${kcv}); a version only accepts its own material.`,
    'different-material',
    { sequence: String(expected.sequence), materialId: expected.materialId, kcv },
  );
}

/** A version made of freshly imported material. */
function importedVersion(options: TPlanMaterialImportOptions, placement: Pick<MaterialVersionRecord, 'sequence' | 'state'>): MaterialVersionRecord {
  return {
    keyId: options.key.id,
    ...options.candidate,
    ...placement,
    description: options.description ?? '',
    createdAt: options.now,
    importedAt: options.now,
    expiresAt: options.expiresAt,
    removedReason: null,
    removedAt: null,
    rotationDate: null,
    rotationType: null,
  };
}

function firstVersion(options: TPlanMaterialImportOptions): TMaterialImportPlan {
  const version = importedVersion(options, { sequence: 1, state: 'CURRENT' });
  return { edit: { put: [version], remove: [] }, version, kind: 'FIRST' };
}

/**
 * NEW_KEY_MATERIAL's state conditions (SPEC §11), part of SPEC §4's "state allows import": the import checks
 * them before the token and the unwrap, so these refusals come first and never count against a token.
 */
export function assertMayAddVersion(options: Pick<TPlanMaterialImportOptions, 'from' | 'versions'>): void {
  if (options.from !== 'ENABLED' && options.from !== 'DISABLED') {
    throw new KmsError('INVALID_STATE', 'New key material can be imported only while every version of the key holds its material (key Enabled or Disabled).');
  }
  if (options.versions.some((version) => version.state === 'PENDING_ROTATION')) {
    throw new KmsError('INVALID_STATE', 'The key already has new key material waiting for rotation. Rotate the key, or delete that material first.');
  }
}

/** NEW_KEY_MATERIAL: one PENDING_ROTATION version, of material the key holds in no other version. */
function newVersion(options: TPlanMaterialImportOptions): TMaterialImportPlan {
  const { versions, candidate } = options;
  assertMayAddVersion(options);
  const existing = versions.find((version) => sameMaterial(version.materialId, candidate.materialId));
  if (existing) {
    throw new KmsError(
      'MATERIAL_INCORRECT',
      `This key material is already version ${existing.sequence} of the key; new key material must differ from every version.`,
      'existing-version',
      { sequence: String(existing.sequence), materialId: existing.materialId, kcv: existing.kcv ?? 'unknown' },
    );
  }
  const version = importedVersion(options, { sequence: nextSequence(options.key, versions), state: 'PENDING_ROTATION' });
  return { edit: { put: [version], remove: [] }, version, kind: 'NEW' };
}

/** EXISTING_KEY_MATERIAL: the named (or CURRENT) version's own material again, with a new expiry. */
function existingVersion(options: TPlanMaterialImportOptions): TMaterialImportPlan {
  const { versions, candidate, now } = options;
  const target =
    options.materialId === undefined ? currentVersion(versions) : versions.find((version) => version.materialId === options.materialId);
  if (!target) throw new KmsError('NOT_FOUND', `The key has no key material with ID ${options.materialId}.`);
  if (!sameMaterial(target.materialId, candidate.materialId)) throw notThatMaterial(target);
  const version: MaterialVersionRecord = {
    ...target,
    materialCiphertext: candidate.materialCiphertext,
    // Versions migrated without their material in hand get their check value at their first re-import.
    kcv: target.kcv ?? candidate.kcv,
    description: options.description ?? target.description,
    importedAt: now,
    expiresAt: options.expiresAt,
    removedReason: null,
    removedAt: null,
  };
  return { edit: { put: [version], remove: [] }, version, kind: 'EXISTING' };
}

/**
 * SPEC §11, after SPEC §4's checks up to the material's length: which version the unwrapped material goes
 * into, or why it is refused. The first import creates version 1 (CURRENT, bound) whatever the import type;
 * afterwards EXISTING re-imports a bound or pending version as itself and NEW adds a pending one.
 */
export function planMaterialImport(options: TPlanMaterialImportOptions): TMaterialImportPlan {
  const { versions } = options;
  if (versions.length === 0) {
    if (options.materialId !== undefined) throw new KmsError('NOT_FOUND', `The key has no key material with ID ${options.materialId} yet.`);
    return firstVersion(options);
  }
  return options.importType === 'NEW_KEY_MATERIAL' ? newVersion(options) : existingVersion(options);
}

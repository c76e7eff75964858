import {
  MATERIAL_REMOVAL_CAUSES,
  MATERIAL_VERSION_STATES,
  ROTATION_TYPES,
  type MaterialRemovalCause,
  type MaterialVersionRecord,
  type MaterialVersionState,
  type RotationType,
} from '@/lib/kms/types';
import type { KeyMaterial, Prisma } from './generated/sqlite/client';
import { bytes, oneOf } from './key-record';

/** Versions of a key in the order they were added. */
export const BY_SEQUENCE = { sequence: 'asc' } as const satisfies Prisma.KeyMaterialOrderByWithRelationInput;

export function toMaterialVersionRecord(row: KeyMaterial): MaterialVersionRecord {
  return {
    keyId: row.keyId,
    materialId: row.materialId,
    sequence: row.sequence,
    description: row.description,
    state: oneOf<MaterialVersionState>(MATERIAL_VERSION_STATES, row.state, 'material state'),
    materialCiphertext: bytes(row.materialCiphertext),
    kcv: row.kcv,
    createdAt: row.createdAt,
    importedAt: row.importedAt,
    expiresAt: row.expiresAt,
    removedReason: row.removedReason === null ? null : oneOf<MaterialRemovalCause>(MATERIAL_REMOVAL_CAUSES, row.removedReason, 'removedReason'),
    removedAt: row.removedAt,
    rotationDate: row.rotationDate,
    rotationType: row.rotationType === null ? null : oneOf<RotationType>(ROTATION_TYPES, row.rotationType, 'rotationType'),
  };
}

/** Every column: a put writes the version whole. */
export function toMaterialVersionData(version: MaterialVersionRecord): Prisma.KeyMaterialUncheckedCreateInput {
  return { ...version, materialCiphertext: bytes(version.materialCiphertext) };
}

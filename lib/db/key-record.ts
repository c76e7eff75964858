import { KEY_ORIGINS, KEY_STATES, MATERIAL_REMOVAL_CAUSES, type KeyOrigin, type KeyRecord, type KeyState, type MaterialRemovalCause } from '@/lib/kms/types';
import type { KeyPatch, NewKey } from '@/lib/kms';
import type { Key, Prisma } from './generated/sqlite/client';

/** Loads a key's alias names with it, in a stable order. */
export const KEY_WITH_ALIASES = {
  aliases: { select: { name: true }, orderBy: { name: 'asc' } },
} as const satisfies Prisma.KeyInclude;

type KeyRow = Key & { aliases: { name: string }[] };

export function oneOf<T extends string>(allowed: readonly T[], value: string, column: string): T {
  if ((allowed as readonly string[]).includes(value)) return value as T;
  // Only lib/kms writes these columns; anything else is corruption, and must not be guessed at.
  throw new Error(`Row has an unknown ${column}`);
}

// Prisma wants Uint8Array<ArrayBuffer>; a copy also keeps callers from mutating what was read or written.
export const bytes = (value: Uint8Array | null): Uint8Array<ArrayBuffer> | null => (value ? Uint8Array.from(value) : null);

export function toKeyRecord(row: KeyRow): KeyRecord {
  return {
    id: row.id,
    description: row.description,
    state: oneOf<KeyState>(KEY_STATES, row.state, 'state'),
    origin: oneOf<KeyOrigin>(KEY_ORIGINS, row.origin, 'origin'),
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    deletionDate: row.deletionDate,
    materialCiphertext: bytes(row.materialCiphertext),
    materialId: row.materialId,
    materialImportedAt: row.materialImportedAt,
    materialExpiresAt: row.materialExpiresAt,
    materialRemovedReason:
      row.materialRemovedReason === null ? null : oneOf<MaterialRemovalCause>(MATERIAL_REMOVAL_CAUSES, row.materialRemovedReason, 'materialRemovedReason'),
    materialRemovedAt: row.materialRemovedAt,
    rotationPeriodDays: row.rotationPeriodDays,
    nextRotationAt: row.nextRotationAt,
    removedMaterialSequence: row.removedMaterialSequence,
    version: row.version,
    aliases: row.aliases.map((alias) => alias.name),
  };
}

export function toKeyCreateData(key: NewKey): Prisma.KeyUncheckedCreateInput {
  return {
    id: key.id,
    description: key.description,
    state: key.state,
    origin: key.origin,
    createdAt: key.createdAt,
    updatedAt: key.updatedAt,
    deletionDate: key.deletionDate,
    materialCiphertext: bytes(key.materialCiphertext),
    materialId: key.materialId,
    materialImportedAt: key.materialImportedAt,
    materialExpiresAt: key.materialExpiresAt,
    version: 0,
  };
}

/** Only the fields present in the patch are written; version always moves on. */
export function toKeyUpdateData(patch: KeyPatch): Prisma.KeyUncheckedUpdateManyInput {
  const data: Prisma.KeyUncheckedUpdateManyInput = { version: { increment: 1 } };
  if (patch.description !== undefined) data.description = patch.description;
  if (patch.state !== undefined) data.state = patch.state;
  if (patch.deletionDate !== undefined) data.deletionDate = patch.deletionDate;
  if (patch.materialCiphertext !== undefined) data.materialCiphertext = bytes(patch.materialCiphertext);
  if (patch.materialId !== undefined) data.materialId = patch.materialId;
  if (patch.materialImportedAt !== undefined) data.materialImportedAt = patch.materialImportedAt;
  if (patch.materialExpiresAt !== undefined) data.materialExpiresAt = patch.materialExpiresAt;
  if (patch.materialRemovedReason !== undefined) data.materialRemovedReason = patch.materialRemovedReason;
  if (patch.materialRemovedAt !== undefined) data.materialRemovedAt = patch.materialRemovedAt;
  if (patch.rotationPeriodDays !== undefined) data.rotationPeriodDays = patch.rotationPeriodDays;
  if (patch.nextRotationAt !== undefined) data.nextRotationAt = patch.nextRotationAt;
  if (patch.removedMaterialSequence !== undefined) data.removedMaterialSequence = patch.removedMaterialSequence;
  if (patch.updatedAt !== undefined) data.updatedAt = patch.updatedAt;
  return data;
}

import { WRAPPING_ALGORITHMS, WRAPPING_KEY_SPECS } from '@/lib/kms';
import type { NewImportToken } from '@/lib/kms';
import type { ImportTokenRecord } from '@/lib/kms/types';
import type { ImportToken, Prisma } from './generated/sqlite/client';
import { bytes, oneOf } from './key-record';

export function toImportTokenRecord(row: ImportToken): ImportTokenRecord {
  return {
    id: row.id,
    tokenHash: row.tokenHash,
    keyId: row.keyId,
    // Validated on the way out, so a hand-edited row can never select an algorithm Keyfort refuses.
    wrappingAlgorithm: oneOf(WRAPPING_ALGORITHMS, row.wrappingAlgorithm, 'wrappingAlgorithm'),
    wrappingKeySpec: oneOf(WRAPPING_KEY_SPECS, row.wrappingKeySpec, 'wrappingKeySpec'),
    publicKey: Uint8Array.from(row.publicKey),
    privateKeyCiphertext: bytes(row.privateKeyCiphertext),
    failedAttempts: row.failedAttempts,
    createdAt: row.createdAt,
    expiresAt: row.expiresAt,
    usedAt: row.usedAt,
  };
}

export function toImportTokenCreateData(token: NewImportToken): Prisma.ImportTokenUncheckedCreateInput {
  return {
    id: token.id,
    tokenHash: token.tokenHash,
    keyId: token.keyId,
    wrappingAlgorithm: token.wrappingAlgorithm,
    wrappingKeySpec: token.wrappingKeySpec,
    publicKey: Uint8Array.from(token.publicKey),
    privateKeyCiphertext: bytes(token.privateKeyCiphertext),
    failedAttempts: 0,
    createdAt: token.createdAt,
    expiresAt: token.expiresAt,
    usedAt: null,
  };
}

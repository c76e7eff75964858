import { describe, expect, it } from 'vitest';
import { summarizeVersions } from './material-summary';
import type { MaterialVersionRecord, MaterialVersionState } from './types';

// SPEC §11: the key row's material columns follow from its versions. The key works only while every CURRENT
// and NON_CURRENT version holds material; a PENDING_ROTATION version never counts; the reported expiry is the
// earliest among the bound versions.

const T = (hours: number) => new Date(Date.UTC(2030, 0, 1, hours));
const id = (n: number) => n.toString(16).padStart(64, '0');

function version(sequence: number, state: MaterialVersionState, overrides: Partial<MaterialVersionRecord> = {}): MaterialVersionRecord {
  return {
    keyId: 'key',
    materialId: id(sequence),
    sequence,
    description: '',
    state,
    materialCiphertext: new Uint8Array([sequence]),
    kcv: 'ABCDEF',
    createdAt: T(0),
    importedAt: T(sequence),
    expiresAt: null,
    removedReason: null,
    removedAt: null,
    rotationDate: null,
    rotationType: null,
    ...overrides,
  };
}

const gone = (at: Date, reason: 'DELETED' | 'EXPIRED' = 'DELETED'): Partial<MaterialVersionRecord> => ({
  materialCiphertext: null,
  importedAt: null,
  expiresAt: null,
  removedReason: reason,
  removedAt: at,
});

describe('summarizeVersions', () => {
  it('has no material and no id before any version exists', () => {
    expect(summarizeVersions([])).toEqual({
      materialCiphertext: null,
      materialImportedAt: null,
      materialExpiresAt: null,
      materialRemovedReason: null,
      materialRemovedAt: null,
    });
  });

  it('carries the CURRENT version’s id, material and import time while every bound version holds material', () => {
    const versions = [version(1, 'NON_CURRENT'), version(2, 'CURRENT'), version(3, 'PENDING_ROTATION')];
    expect(summarizeVersions(versions)).toEqual({
      materialId: id(2),
      materialCiphertext: new Uint8Array([2]),
      materialImportedAt: T(2),
      materialExpiresAt: null,
      materialRemovedReason: null,
      materialRemovedAt: null,
    });
  });

  it('reports the earliest expiry among CURRENT and NON_CURRENT versions, ignoring a pending version’s earlier one', () => {
    const versions = [
      version(1, 'NON_CURRENT', { expiresAt: T(30) }),
      version(2, 'CURRENT', { expiresAt: T(50) }),
      version(3, 'PENDING_ROTATION', { expiresAt: T(10) }),
    ];
    expect(summarizeVersions(versions).materialExpiresAt).toEqual(T(30));
  });

  it('holds no material (Pending import) when a NON_CURRENT version lost its, keeping the CURRENT id and the removal', () => {
    const versions = [version(1, 'NON_CURRENT', gone(T(20))), version(2, 'CURRENT', { expiresAt: T(40) })];
    expect(summarizeVersions(versions)).toEqual({
      materialId: id(2),
      materialCiphertext: null,
      materialImportedAt: null,
      materialExpiresAt: null,
      materialRemovedReason: 'DELETED',
      materialRemovedAt: T(20),
    });
  });

  it('names the latest removal when several bound versions lost their material', () => {
    const versions = [version(1, 'NON_CURRENT', gone(T(25), 'EXPIRED')), version(2, 'CURRENT', gone(T(20)))];
    expect(summarizeVersions(versions)).toMatchObject({ materialCiphertext: null, materialRemovedReason: 'EXPIRED', materialRemovedAt: T(25) });
  });

  it('stays complete when only the pending version lost its material', () => {
    const versions = [version(1, 'CURRENT'), version(2, 'PENDING_ROTATION', gone(T(20)))];
    expect(summarizeVersions(versions)).toMatchObject({ materialId: id(1), materialCiphertext: new Uint8Array([1]), materialRemovedReason: null });
  });
});

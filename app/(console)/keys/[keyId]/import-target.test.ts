import { describe, expect, it } from 'vitest';
import { defaultImportTarget, importTypeFields, materialFileName, newMaterialTarget } from './import-target';

const KEY_ID = '0f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a';
const id = (n: number) => String(n).repeat(64);
const version = (sequence: number, state: 'CURRENT' | 'NON_CURRENT' | 'PENDING_ROTATION', importState: 'IMPORTED' | 'PENDING_IMPORT') => ({
  materialId: id(sequence),
  sequence,
  state,
  importState,
  kcv: `00000${sequence}`,
});

describe('the wizard’s import target', () => {
  it('is the first import on a key without versions, and asks for no import type', () => {
    expect(defaultImportTarget([])).toEqual({ kind: 'FIRST' });
    expect(importTypeFields({ kind: 'FIRST' })).toEqual({});
  });

  it('re-imports the bound version the key misses before the CURRENT one', () => {
    const versions = [version(1, 'NON_CURRENT', 'PENDING_IMPORT'), version(2, 'CURRENT', 'IMPORTED')];
    expect(defaultImportTarget(versions)).toEqual({ kind: 'EXISTING', materialId: id(1), sequence: 1, kcv: '000001' });
    expect(defaultImportTarget([version(1, 'NON_CURRENT', 'IMPORTED'), version(2, 'CURRENT', 'IMPORTED')])).toMatchObject({ sequence: 2 });
  });

  it('names the version it re-imports, and asks for new material with no material ID', () => {
    expect(importTypeFields({ kind: 'EXISTING', materialId: id(2), sequence: 2, kcv: null })).toEqual({
      importType: 'EXISTING_KEY_MATERIAL',
      materialId: id(2),
    });
    expect(importTypeFields(newMaterialTarget([version(1, 'CURRENT', 'IMPORTED')]))).toEqual({ importType: 'NEW_KEY_MATERIAL' });
  });

  it('gives new material a file of its own, so version 1’s file is never overwritten', () => {
    const next = newMaterialTarget([version(1, 'NON_CURRENT', 'IMPORTED'), version(2, 'CURRENT', 'IMPORTED')]);
    expect(next).toEqual({ kind: 'NEW', sequence: 3 });
    expect(materialFileName(KEY_ID, next)).toBe(`keyMaterial-${KEY_ID}-v3.bin`);
    expect(materialFileName(KEY_ID, { kind: 'FIRST' })).toBe(`keyMaterial-${KEY_ID}.bin`);
    expect(materialFileName(KEY_ID, { kind: 'EXISTING', materialId: id(1), sequence: 1, kcv: null })).toBe(`keyMaterial-${KEY_ID}.bin`);
  });
});

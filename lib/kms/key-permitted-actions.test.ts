import { describe, expect, it } from 'vitest';
import { permittedActions, permittedVersionActions } from './key-permitted-actions';
import type { MaterialStatus } from './key-view';
import type { KeyOrigin, KeyState } from './types';

const key = (state: KeyState, origin: KeyOrigin, status: MaterialStatus) => ({
  state,
  origin,
  material: { status, materialId: null, importedAt: null, expiresAt: null, removal: null },
});

describe('permittedActions', () => {
  it('refuses import and delete of material on a generated key for its origin, whatever the state', () => {
    const actions = permittedActions(key('ENABLED', 'KMS', 'GENERATED'));
    expect(actions.importMaterial).toEqual({ allowed: false, refusal: 'origin' });
    expect(actions.deleteMaterial).toEqual({ allowed: false, refusal: 'origin' });
    expect(actions.disable).toEqual({ allowed: true });
    expect(actions.enable).toEqual({ allowed: false, refusal: 'state' });
  });

  it('offers deleting material only while there is material to delete', () => {
    expect(permittedActions(key('ENABLED', 'EXTERNAL', 'IMPORTED')).deleteMaterial).toEqual({ allowed: true });
    expect(permittedActions(key('PENDING_DELETION', 'EXTERNAL', 'IMPORTED')).deleteMaterial).toEqual({ allowed: true });
    expect(permittedActions(key('PENDING_DELETION', 'EXTERNAL', 'AWAITING_IMPORT')).deleteMaterial).toEqual({ allowed: false, refusal: 'no-material' });
    expect(permittedActions(key('PENDING_IMPORT', 'EXTERNAL', 'AWAITING_IMPORT')).deleteMaterial).toEqual({ allowed: false, refusal: 'state' });
  });

  it('follows SPEC §2 on the state for everything else', () => {
    const pending = permittedActions(key('PENDING_DELETION', 'EXTERNAL', 'IMPORTED'));
    expect(pending.importMaterial).toEqual({ allowed: false, refusal: 'state' });
    expect(pending.updateDescription).toEqual({ allowed: false, refusal: 'state' });
    expect(pending.createAlias).toEqual({ allowed: false, refusal: 'state' });
    expect(pending.deleteAlias).toEqual({ allowed: true });
    expect(pending.cancelDeletion).toEqual({ allowed: true });
    expect(permittedActions(key('PENDING_IMPORT', 'EXTERNAL', 'AWAITING_IMPORT')).importMaterial).toEqual({ allowed: true });
  });
});

type TVersion = { state: 'CURRENT' | 'NON_CURRENT' | 'PENDING_ROTATION'; importState: 'IMPORTED' | 'PENDING_IMPORT' | null; rotationType: 'AUTOMATIC' | 'ON_DEMAND' | null };
const version = (state: TVersion['state'], importState: TVersion['importState'] = 'IMPORTED', rotationType: TVersion['rotationType'] = null): TVersion => ({
  state,
  importState,
  rotationType,
});

describe('permittedActions: rotation and new material (SPEC §11)', () => {
  it('offers rotating an imported key only once usable new material is pending', () => {
    const enabled = key('ENABLED', 'EXTERNAL', 'IMPORTED');
    expect(permittedActions(enabled, [version('CURRENT')]).rotate).toEqual({ allowed: false, refusal: 'nothing-pending' });
    expect(permittedActions(enabled, [version('CURRENT'), version('PENDING_ROTATION', 'PENDING_IMPORT')]).rotate).toEqual({
      allowed: false,
      refusal: 'nothing-pending',
    });
    expect(permittedActions(enabled, [version('CURRENT'), version('PENDING_ROTATION')]).rotate).toEqual({ allowed: true });
  });

  it('refuses rotating a disabled key as DISABLED rather than as a state it may not be in', () => {
    expect(permittedActions(key('DISABLED', 'KMS', 'GENERATED'), [version('CURRENT', null)]).rotate).toEqual({ allowed: false, refusal: 'disabled' });
    expect(permittedActions(key('DISABLED', 'KMS', 'GENERATED')).configureRotation).toEqual({ allowed: false, refusal: 'disabled' });
    expect(permittedActions(key('PENDING_DELETION', 'KMS', 'GENERATED')).rotate).toEqual({ allowed: false, refusal: 'state' });
  });

  it('stops offering rotation on demand once the key has used all 25', () => {
    const used = Array.from({ length: 25 }, (_, i) => version(i === 24 ? 'CURRENT' : 'NON_CURRENT', null, 'ON_DEMAND'));
    expect(permittedActions(key('ENABLED', 'KMS', 'GENERATED'), used).rotate).toEqual({ allowed: false, refusal: 'limit' });
    expect(permittedActions(key('ENABLED', 'KMS', 'GENERATED'), used.slice(1)).rotate).toEqual({ allowed: true });
  });

  it('offers automatic rotation on generated keys only', () => {
    expect(permittedActions(key('ENABLED', 'KMS', 'GENERATED')).configureRotation).toEqual({ allowed: true });
    expect(permittedActions(key('ENABLED', 'EXTERNAL', 'IMPORTED')).configureRotation).toEqual({ allowed: false, refusal: 'origin' });
  });

  it('offers new material only while every version holds its material and none is pending', () => {
    expect(permittedActions(key('ENABLED', 'EXTERNAL', 'IMPORTED'), [version('CURRENT')]).importNewMaterial).toEqual({ allowed: true });
    expect(permittedActions(key('DISABLED', 'EXTERNAL', 'IMPORTED'), [version('CURRENT')]).importNewMaterial).toEqual({ allowed: true });
    expect(permittedActions(key('ENABLED', 'EXTERNAL', 'IMPORTED'), [version('CURRENT'), version('PENDING_ROTATION')]).importNewMaterial).toEqual({
      allowed: false,
      refusal: 'pending-exists',
    });
    expect(permittedActions(key('PENDING_IMPORT', 'EXTERNAL', 'AWAITING_IMPORT'), [version('CURRENT', 'PENDING_IMPORT')]).importNewMaterial).toEqual({
      allowed: false,
      refusal: 'state',
    });
    expect(permittedActions(key('ENABLED', 'KMS', 'GENERATED')).importNewMaterial).toEqual({ allowed: false, refusal: 'origin' });
  });
});

describe('permittedVersionActions', () => {
  it('offers deleting a version’s material only while it holds some and the key state allows deleting', () => {
    const enabled = key('ENABLED', 'EXTERNAL', 'IMPORTED');
    expect(permittedVersionActions(enabled, { importState: 'IMPORTED' }).deleteMaterial).toEqual({ allowed: true });
    const missing = key('PENDING_IMPORT', 'EXTERNAL', 'AWAITING_IMPORT');
    expect(permittedVersionActions(missing, { importState: 'IMPORTED' }).deleteMaterial).toEqual({ allowed: false, refusal: 'state' });
    const pendingDeletion = key('PENDING_DELETION', 'EXTERNAL', 'AWAITING_IMPORT');
    expect(permittedVersionActions(pendingDeletion, { importState: 'PENDING_IMPORT' }).deleteMaterial).toEqual({ allowed: false, refusal: 'no-material' });
  });

  it('offers re-importing any version wherever the key accepts an import, and never on a generated key', () => {
    expect(permittedVersionActions(key('PENDING_IMPORT', 'EXTERNAL', 'AWAITING_IMPORT'), { importState: 'PENDING_IMPORT' }).reimport).toEqual({ allowed: true });
    expect(permittedVersionActions(key('ENABLED', 'EXTERNAL', 'IMPORTED'), { importState: 'IMPORTED' }).reimport).toEqual({ allowed: true });
    expect(permittedVersionActions(key('PENDING_DELETION', 'EXTERNAL', 'IMPORTED'), { importState: 'IMPORTED' }).reimport).toEqual({ allowed: false, refusal: 'state' });
    expect(permittedVersionActions(key('ENABLED', 'KMS', 'GENERATED'), { importState: null }).reimport).toEqual({ allowed: false, refusal: 'origin' });
  });
});

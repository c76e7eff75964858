import { describe, expect, it } from 'vitest';
import { permittedActions } from './key-permitted-actions';
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

import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { rotateKeyOnDemand } from '@/lib/kms';
import { apiActor, createHuaweiTestApi } from '../testing/operations';

describe('key rotation', () => {
  it('is off for a new key; enable-key-rotation turns it on (365 days by default) and the details say so', async () => {
    const api = createHuaweiTestApi();
    const keyId = await api.key();
    expect(await api.ok('get-key-rotation-status', { key_id: keyId })).toEqual({
      key_rotation_enabled: false,
      rotation_interval: 365,
      last_rotation_time: '',
      number_of_rotations: 0,
    });
    expect(await api.call('enable-key-rotation', { body: { key_id: keyId } })).toEqual({ status: 200, payload: undefined });
    expect(await api.ok('get-key-rotation-status', { key_id: keyId })).toMatchObject({ key_rotation_enabled: true, rotation_interval: 365 });
    expect((await api.ok('describe-key', { key_id: keyId })).key_info.key_rotation_enabled).toBe('true');
    await api.ok('disable-key-rotation', { key_id: keyId });
    expect(await api.ok('get-key-rotation-status', { key_id: keyId })).toMatchObject({ key_rotation_enabled: false });
  });

  it('reads as off while the key is pending deletion, in the details and the status alike', async () => {
    const api = createHuaweiTestApi();
    const keyId = await api.key();
    await api.ok('enable-key-rotation', { key_id: keyId });
    await api.ok('schedule-key-deletion', { key_id: keyId, pending_days: '7' });
    expect((await api.ok('describe-key', { key_id: keyId })).key_info.key_rotation_enabled).toBe('false');
    expect((await api.ok('get-key-rotation-status', { key_id: keyId })).key_rotation_enabled).toBe(false);
  });

  it('update-key-rotation-interval sets the period (as a string or an integer) within Keyfort’s 90–2560 days', async () => {
    const api = createHuaweiTestApi();
    const keyId = await api.key();
    await api.ok('update-key-rotation-interval', { key_id: keyId, rotation_interval: '90' });
    expect((await api.ok('get-key-rotation-status', { key_id: keyId })).rotation_interval).toBe(90);
    await api.ok('update-key-rotation-interval', { key_id: keyId, rotation_interval: 2560 });
    expect((await api.ok('get-key-rotation-status', { key_id: keyId })).rotation_interval).toBe(2560);
    expect(await api.refusal('update-key-rotation-interval', { key_id: keyId, rotation_interval: 30 })).toBe('KMS.0308');
    expect(await api.message('update-key-rotation-interval', { key_id: keyId, rotation_interval: 30 })).toMatch(/90–2560/);
    expect(await api.refusal('update-key-rotation-interval', { key_id: keyId, rotation_interval: 'often' })).toBe('KMS.0308');
    expect(await api.refusal('update-key-rotation-interval', { key_id: keyId })).toBe('KMS.0204');
    expect(await api.refusal('enable-key-rotation', { key_id: keyId, rotation_interval: 3000 })).toBe('KMS.0308');
  });

  it('counts rotations and dates the latest in epoch milliseconds', async () => {
    const api = createHuaweiTestApi();
    const keyId = await api.key();
    api.t.clock.advance({ days: 1 });
    await rotateKeyOnDemand(api.t.ctx, { actor: apiActor(), keyId });
    expect(await api.ok('get-key-rotation-status', { key_id: keyId })).toMatchObject({
      number_of_rotations: 1,
      last_rotation_time: String(api.t.clock.now().getTime()),
    });
  });

  it('is for generated keys: an imported key is refused as the domain does (UNSUPPORTED)', async () => {
    const api = createHuaweiTestApi();
    const keyId = await api.key({ origin: 'external' });
    await api.ok('import-key-material', await api.importBody(keyId, randomBytes(32)));
    expect(await api.refusal('enable-key-rotation', { key_id: keyId })).toBe('UNSUPPORTED');
    expect(await api.refusal('get-key-rotation-status', { key_id: 'bad' })).toBe('KMS.0205');
  });
});

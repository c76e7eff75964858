import { describe, expect, it } from 'vitest';
import { createHuaweiTestApi } from '../testing/operations';

const DAY = 86_400_000;

describe('enable-key and disable-key', () => {
  it('disables and enables, answering the new key_state', async () => {
    const api = createHuaweiTestApi();
    const keyId = await api.key();
    expect(await api.ok('disable-key', { key_id: keyId })).toEqual({ key_info: { key_id: keyId, key_state: '3' } });
    expect(await api.ok('enable-key', { key_id: keyId })).toEqual({ key_info: { key_id: keyId, key_state: '2' } });
  });

  it('enable of a key that is not disabled is KMS.1201; disable of one not enabled is KMS.1301', async () => {
    const api = createHuaweiTestApi();
    const keyId = await api.key();
    expect(await api.refusal('enable-key', { key_id: keyId })).toBe('KMS.1201');
    await api.ok('disable-key', { key_id: keyId });
    expect(await api.refusal('disable-key', { key_id: keyId })).toBe('KMS.1301');
    const pendingImport = await api.key({ origin: 'external' });
    expect(await api.refusal('enable-key', { key_id: pendingImport })).toBe('KMS.1201');
    expect(await api.refusal('disable-key', { key_id: pendingImport })).toBe('KMS.1301');
  });

  it('missing key_id is KMS.0204, a malformed one KMS.0205', async () => {
    const api = createHuaweiTestApi();
    expect(await api.refusal('enable-key', {})).toBe('KMS.0204');
    expect(await api.refusal('disable-key', { key_id: 'NOT-A-KEY' })).toBe('KMS.0205');
  });
});

describe('schedule-key-deletion and cancel-key-deletion', () => {
  it('schedules with pending_days as string or number, and the deletion date shows in the details', async () => {
    const api = createHuaweiTestApi();
    const keyId = await api.key();
    expect(await api.ok('schedule-key-deletion', { key_id: keyId, pending_days: '7' })).toEqual({ key_id: keyId, key_state: '4' });
    const details = (await api.ok('describe-key', { key_id: keyId })).key_info;
    expect(details.scheduled_deletion_date).toBe(String(api.t.clock.now().getTime() + 7 * DAY));
    const other = await api.key();
    expect(await api.ok('schedule-key-deletion', { key_id: other, pending_days: 1096 })).toEqual({ key_id: other, key_state: '4' });
  });

  it.each([['6'], [1097], ['seven'], [7.5]])('refuses pending_days %j with KMS.1401', async (pending_days) => {
    const api = createHuaweiTestApi();
    expect(await api.refusal('schedule-key-deletion', { key_id: await api.key(), pending_days })).toBe('KMS.1401');
  });

  it('refuses a missing pending_days (KMS.0204) and a key already pending deletion (KMS.1402)', async () => {
    const api = createHuaweiTestApi();
    const keyId = await api.key();
    expect(await api.refusal('schedule-key-deletion', { key_id: keyId })).toBe('KMS.0204');
    await api.ok('schedule-key-deletion', { key_id: keyId, pending_days: '7' });
    expect(await api.refusal('schedule-key-deletion', { key_id: keyId, pending_days: '7' })).toBe('KMS.1402');
  });

  it('cancels into Disabled ("3") for a key with material, and refuses one not pending deletion (KMS.1501)', async () => {
    const api = createHuaweiTestApi();
    const keyId = await api.key();
    expect(await api.refusal('cancel-key-deletion', { key_id: keyId })).toBe('KMS.1501');
    await api.ok('schedule-key-deletion', { key_id: keyId, pending_days: '30' });
    expect(await api.ok('cancel-key-deletion', { key_id: keyId })).toEqual({ key_id: keyId, key_state: '3' });
    expect((await api.ok('describe-key', { key_id: keyId })).key_info.scheduled_deletion_date).toBe('');
  });
});

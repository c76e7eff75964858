import { describe, expect, it, vi } from 'vitest';
import { createTestContext } from '@/lib/kms/testing/test-context';
import { applyBootstrapAccessKey, takeBootstrapAccessKeySettings } from './bootstrap-access-key';

const ID = 'AKIABOOTSTRAP0000001';
const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
const env = (extra: Record<string, string | undefined> = {}) => ({
  KEYFORT_BOOTSTRAP_ACCESS_KEY_ID: ID,
  KEYFORT_BOOTSTRAP_SECRET_ACCESS_KEY: SECRET,
  ...extra,
});

describe('takeBootstrapAccessKeySettings', () => {
  it('is off when neither variable is set (or both are blank)', () => {
    expect(takeBootstrapAccessKeySettings({})).toBeNull();
    expect(takeBootstrapAccessKeySettings({ KEYFORT_BOOTSTRAP_ACCESS_KEY_ID: ' ', KEYFORT_BOOTSTRAP_SECRET_ACCESS_KEY: '' })).toBeNull();
  });

  it('reads both, owned by KEYFORT_ADMIN_EMAIL or "bootstrap", and removes the secret from the environment', () => {
    const withAdmin = env({ KEYFORT_ADMIN_EMAIL: ' ops@example.test ' });
    expect(takeBootstrapAccessKeySettings(withAdmin)).toEqual({ accessKeyId: ID, secretAccessKey: SECRET, ownerName: 'ops@example.test' });
    expect(withAdmin).not.toHaveProperty('KEYFORT_BOOTSTRAP_SECRET_ACCESS_KEY');
    expect(withAdmin.KEYFORT_BOOTSTRAP_ACCESS_KEY_ID).toBe(ID);
    expect(takeBootstrapAccessKeySettings(env())?.ownerName).toBe('bootstrap');
  });

  it.each([
    ['only the ID', { KEYFORT_BOOTSTRAP_SECRET_ACCESS_KEY: undefined }, /Set both KEYFORT_BOOTSTRAP_ACCESS_KEY_ID and KEYFORT_BOOTSTRAP_SECRET_ACCESS_KEY, or neither/],
    ['only the secret', { KEYFORT_BOOTSTRAP_ACCESS_KEY_ID: undefined }, /Set both/],
    ['a malformed ID', { KEYFORT_BOOTSTRAP_ACCESS_KEY_ID: 'akia-lower' }, /KEYFORT_BOOTSTRAP_ACCESS_KEY_ID must be 16 to 128 characters/],
    ['a short secret', { KEYFORT_BOOTSTRAP_SECRET_ACCESS_KEY: 'tooShort' }, /KEYFORT_BOOTSTRAP_SECRET_ACCESS_KEY must be 16 to 128/],
    ['a secret with spaces', { KEYFORT_BOOTSTRAP_SECRET_ACCESS_KEY: `${SECRET} ` }, /KEYFORT_BOOTSTRAP_SECRET_ACCESS_KEY must be/],
  ])('refuses %s, naming the variable but never the secret, and still removes the secret', (_, change, message) => {
    const given = env(change);
    let error: unknown;
    try {
      takeBootstrapAccessKeySettings(given);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).not.toContain(SECRET.slice(0, 12));
    expect(given).not.toHaveProperty('KEYFORT_BOOTSTRAP_SECRET_ACCESS_KEY');
  });
});

describe('applyBootstrapAccessKey', () => {
  const settings = { accessKeyId: ID, secretAccessKey: SECRET, ownerName: 'bootstrap' };
  const logger = () => ({ log: vi.fn(), warn: vi.fn() });
  const written = (log: ReturnType<typeof logger>) => JSON.stringify([log.log.mock.calls, log.warn.mock.calls]);

  it('logs the creation once, quietly finds it on the next start, and never logs the secret', async () => {
    const { ctx } = createTestContext();
    const first = logger();
    await applyBootstrapAccessKey({ ctx, settings, log: first });
    expect(first.log).toHaveBeenCalledWith(`access key ${ID} created from KEYFORT_BOOTSTRAP_ACCESS_KEY_ID`);
    const second = logger();
    await applyBootstrapAccessKey({ ctx, settings, log: second });
    expect(second.log).not.toHaveBeenCalled();
    expect(second.warn).not.toHaveBeenCalled();
    expect(written(first) + written(second)).not.toContain(SECRET);
  });

  it('warns when the stored secret differs from the environment’s, without showing either', async () => {
    const { ctx } = createTestContext();
    await applyBootstrapAccessKey({ ctx, settings, log: logger() });
    const log = logger();
    const other = 'AnotherSecretThatIsLongEnough123';
    await applyBootstrapAccessKey({ ctx, settings: { ...settings, secretAccessKey: other }, log });
    expect(log.warn).toHaveBeenCalledWith(expect.stringMatching(/already exists with another secret/));
    expect(written(log)).not.toContain(SECRET);
    expect(written(log)).not.toContain(other);
  });
});

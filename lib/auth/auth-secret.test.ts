import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createKeyring } from '@/lib/kms';
import { resolveAuthSecret } from './auth-secret';

describe('resolveAuthSecret', () => {
  const rootKey = randomBytes(32);

  it('derives a stable secret from the root key when KEYFORT_AUTH_SECRET is unset (instances agree)', () => {
    const first = resolveAuthSecret({ env: {}, keyring: createKeyring({ rootKey }) });
    const second = resolveAuthSecret({ env: {}, keyring: createKeyring({ rootKey: Buffer.from(rootKey) }) });
    expect(first).toBe(second);
    expect(Buffer.from(first, 'base64url')).toHaveLength(32);
  });

  it('derives a different secret under a different root key', () => {
    const other = resolveAuthSecret({ env: {}, keyring: createKeyring({ rootKey: randomBytes(32) }) });
    expect(other).not.toBe(resolveAuthSecret({ env: {}, keyring: createKeyring({ rootKey }) }));
  });

  it('never hands out the root key itself', () => {
    const secret = resolveAuthSecret({ env: {}, keyring: createKeyring({ rootKey }) });
    expect(Buffer.from(secret, 'base64url').equals(rootKey)).toBe(false);
    expect(secret).not.toContain(rootKey.toString('base64url'));
  });

  it('prefers KEYFORT_AUTH_SECRET when set', () => {
    const configured = 'x'.repeat(40);
    expect(resolveAuthSecret({ env: { KEYFORT_AUTH_SECRET: configured }, keyring: createKeyring({ rootKey }) })).toBe(configured);
  });

  it('refuses a KEYFORT_AUTH_SECRET shorter than 32 characters', () => {
    expect(() => resolveAuthSecret({ env: { KEYFORT_AUTH_SECRET: 'short' }, keyring: createKeyring({ rootKey }) })).toThrow(
      /at least 32/,
    );
  });
});

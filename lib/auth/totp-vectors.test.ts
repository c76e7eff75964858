import { createOTP } from '@better-auth/utils/otp';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { base32Decode, totp } from '@/e2e/support/totp';

// RFC 6238 Appendix B, SHA-1 rows: the seed is the ASCII string "12345678901234567890", codes are 8 digits.
const SEED = '12345678901234567890';
const VECTORS: Array<[seconds: number, code: string]> = [
  [59, '94287082'],
  [1111111109, '07081804'],
  [1111111111, '14050471'],
  [1234567890, '89005924'],
  [2000000000, '69279037'],
  [20000000000, '65353130'],
];

afterEach(() => {
  vi.useRealTimers();
});

describe('TOTP (RFC 6238)', () => {
  // createOTP is what Better Auth's two-factor plugin calls to make the otpauth URI and check every code.
  it.each(VECTORS)('Keyfort\'s TOTP (Better Auth\'s createOTP) gives the RFC code at T=%i', async (seconds, code) => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(seconds * 1000);
    const otp = createOTP(SEED, { digits: 8, period: 30 });
    expect(await otp.totp()).toBe(code);
    expect(await otp.verify(code, { window: 0 })).toBe(true);
    expect(await otp.verify(String((Number(code) + 1) % 1e8).padStart(8, '0'), { window: 0 })).toBe(false);
  });

  it.each(VECTORS)('the e2e tests\' own RFC 6238 implementation gives the RFC code at T=%i', (seconds, code) => {
    expect(totp(Buffer.from(SEED), { atMs: seconds * 1000, digits: 8 })).toBe(code);
  });

  it('reads the secret of the plugin\'s otpauth URI (base32) the way authenticator apps do', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(1_111_111_111_000);
    const uri = new URL(createOTP(SEED).url('Keyfort', 'admin@example.com'));
    expect(uri.protocol).toBe('otpauth:');
    expect(uri.searchParams.get('issuer')).toBe('Keyfort');
    expect(uri.searchParams.get('digits')).toBe('6');
    expect(uri.searchParams.get('period')).toBe('30');
    const secret = base32Decode(uri.searchParams.get('secret') ?? '');
    expect(secret.toString()).toBe(SEED);
    expect(totp(secret)).toBe(await createOTP(SEED).totp());
  });
});

import { describe, expect, it } from 'vitest';
import { codeOutcomeOf, isAuthenticatorCode } from './sign-in-code';

describe('sign-in code step', () => {
  it('tells authenticator codes (6 digits) from recovery codes', () => {
    expect(isAuthenticatorCode('012345')).toBe(true);
    expect(isAuthenticatorCode('01234')).toBe(false);
    expect(isAuthenticatorCode('0123456')).toBe(false);
    expect(isAuthenticatorCode('abcde-12345')).toBe(false);
  });

  it.each([
    [200, null, 'signed-in'],
    [401, 'INVALID_CODE', 'invalid-code'],
    [401, 'INVALID_BACKUP_CODE', 'invalid-code'],
    [401, 'INVALID_TWO_FACTOR_COOKIE', 'expired'],
    [400, 'TOO_MANY_ATTEMPTS_REQUEST_NEW_CODE', 'expired'],
    [429, 'RATE_LIMITED', 'rate-limited'],
    [429, 'ACCOUNT_TEMPORARILY_LOCKED', 'rate-limited'],
    [500, null, 'failed'],
  ] as const)('reads HTTP %i %s as %s', (status, code, outcome) => {
    expect(codeOutcomeOf(status, code)).toBe(outcome);
  });
});

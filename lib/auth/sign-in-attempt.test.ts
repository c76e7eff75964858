import { describe, expect, it } from 'vitest';
import { NOT_AN_EMAIL, auditableEmail, describeSignInAttempt, outcomeOfStatus } from './sign-in-attempt';

describe('auditableEmail', () => {
  it('keeps an email address, lowercased', () => {
    expect(auditableEmail('Admin@Example.COM')).toBe('admin@example.com');
  });

  it('records a placeholder for anything that is not an email address (a pasted password stays out of the log)', () => {
    expect(auditableEmail('hunter2-correct-horse')).toBe(NOT_AN_EMAIL);
    expect(auditableEmail('<script>alert(1)</script>')).toBe(NOT_AN_EMAIL);
    expect(auditableEmail(`${'a'.repeat(250)}@example.com`)).toBe(NOT_AN_EMAIL);
    expect(auditableEmail(undefined)).toBe(NOT_AN_EMAIL);
    expect(auditableEmail({ email: 'a@b.c' })).toBe(NOT_AN_EMAIL);
  });
});

describe('describeSignInAttempt', () => {
  it('is a success only with no error and a created session, and then names the user', () => {
    expect(describeSignInAttempt({ body: { email: 'a@example.com', password: 'pw' }, failed: false, sessionUserId: 'u1', address: '203.0.113.7' })).toEqual({
      email: 'a@example.com',
      userId: 'u1',
      success: true,
      address: '203.0.113.7',
    });
    expect(describeSignInAttempt({ body: { email: 'a@example.com' }, failed: false, sessionUserId: null, address: 'unknown' }).success).toBe(false);
  });

  it('records a failure without user id and never carries the password', () => {
    const attempt = describeSignInAttempt({ body: { email: 'a@example.com', password: 's3cret-pw' }, failed: true, sessionUserId: 'u1', address: 'unknown' });
    expect(attempt).toEqual({ email: 'a@example.com', userId: null, success: false, address: 'unknown' });
    expect(JSON.stringify(attempt)).not.toContain('s3cret-pw');
  });

  it('copes with a missing or malformed body', () => {
    expect(describeSignInAttempt({ body: undefined, failed: true, sessionUserId: null, address: 'unknown' }).email).toBe(NOT_AN_EMAIL);
    expect(describeSignInAttempt({ body: 'junk', failed: true, sessionUserId: null, address: 'unknown' }).email).toBe(NOT_AN_EMAIL);
  });
});

describe('outcomeOfStatus', () => {
  it('tells wrong credentials, rate limiting and other failures apart', () => {
    expect(outcomeOfStatus(200)).toBe('signed-in');
    expect(outcomeOfStatus(401)).toBe('invalid-credentials');
    expect(outcomeOfStatus(400)).toBe('invalid-credentials');
    expect(outcomeOfStatus(429)).toBe('rate-limited');
    expect(outcomeOfStatus(403)).toBe('failed');
    expect(outcomeOfStatus(500)).toBe('failed');
  });
});

import { describe, expect, it } from 'vitest';
import { toPrincipal } from './principal';

describe('toPrincipal', () => {
  it('makes a user principal named by email with the stored role', () => {
    expect(toPrincipal({ id: 'u1', email: 'admin@example.com', role: 'ADMINISTRATOR' })).toEqual({
      type: 'user',
      id: 'u1',
      name: 'admin@example.com',
      role: 'ADMINISTRATOR',
    });
    expect(toPrincipal({ id: 'u2', email: 'aud@example.com', role: 'AUDITOR' })?.role).toBe('AUDITOR');
  });

  it('fails closed on a role Keyfort does not know, or none', () => {
    expect(toPrincipal({ id: 'u1', email: 'a@example.com', role: 'SUPERUSER' })).toBeNull();
    expect(toPrincipal({ id: 'u1', email: 'a@example.com', role: '__proto__' })).toBeNull();
    expect(toPrincipal({ id: 'u1', email: 'a@example.com' })).toBeNull();
    expect(toPrincipal({ id: 'u1', email: 'a@example.com', role: ['ADMINISTRATOR'] })).toBeNull();
  });

  it('refuses a disabled person, whatever session they still hold', () => {
    expect(toPrincipal({ id: 'u1', email: 'a@example.com', role: 'ADMINISTRATOR', disabledAt: new Date('2026-01-01') })).toBeNull();
    expect(toPrincipal({ id: 'u1', email: 'a@example.com', role: 'ADMINISTRATOR', disabledAt: null })?.id).toBe('u1');
  });

  it('carries when the session last proved itself (sign-in time until a re-authentication) and where it came from', () => {
    const createdAt = new Date('2026-12-03T10:00:00.000Z');
    const source = { address: '203.0.113.4', userAgent: 'UA', accessKeyId: null };
    const user = { id: 'u1', email: 'a@example.com', role: 'KEY_USER' };
    expect(toPrincipal(user, { createdAt }, source)).toMatchObject({ authenticatedAt: createdAt, source });
    const later = new Date('2026-12-03T11:00:00.000Z');
    expect(toPrincipal(user, { createdAt, authenticatedAt: later })?.authenticatedAt).toEqual(later);
  });

  it('carries the session id (never its token), which marks the current session and is kept by "sign out everywhere else"', () => {
    const user = { id: 'u1', email: 'a@example.com', role: 'KEY_USER' };
    expect(toPrincipal(user, { id: 's1', createdAt: new Date() })?.sessionId).toBe('s1');
    expect(toPrincipal(user)?.sessionId).toBeUndefined();
  });

  it('refuses a user without id or email', () => {
    expect(toPrincipal({ id: '', email: 'a@example.com', role: 'ADMINISTRATOR' })).toBeNull();
    expect(toPrincipal({ id: 'u1', email: '', role: 'ADMINISTRATOR' })).toBeNull();
  });
});

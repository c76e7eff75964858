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

  it('refuses a user without id or email', () => {
    expect(toPrincipal({ id: '', email: 'a@example.com', role: 'ADMINISTRATOR' })).toBeNull();
    expect(toPrincipal({ id: 'u1', email: '', role: 'ADMINISTRATOR' })).toBeNull();
  });
});

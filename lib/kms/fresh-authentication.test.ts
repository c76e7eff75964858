import { describe, expect, it } from 'vitest';
import { FRESH_AUTHENTICATION_MS, requireFreshAuthentication } from './fresh-authentication';
import { FakeClock } from './testing/fake-clock';
import type { Principal } from './types';

const NOW = new Date('2026-12-03T12:00:00.000Z');
const user = (authenticatedAt?: Date): Principal => ({ type: 'user', id: 'u1', name: 'a@example.com', role: 'ADMINISTRATOR', authenticatedAt });

function refusal(actor: Principal): string | null {
  try {
    requireFreshAuthentication(new FakeClock(NOW), actor);
    return null;
  } catch (error) {
    return (error as { code: string }).code;
  }
}

describe('fresh authentication for sensitive actions (SPEC §9)', () => {
  it('admits a user who proved themselves exactly 10 minutes ago', () => {
    expect(refusal(user(new Date(NOW.getTime() - FRESH_AUTHENTICATION_MS)))).toBeNull();
  });

  it('refuses one millisecond later with REAUTHENTICATION_REQUIRED', () => {
    expect(refusal(user(new Date(NOW.getTime() - FRESH_AUTHENTICATION_MS - 1)))).toBe('REAUTHENTICATION_REQUIRED');
  });

  it('refuses a user principal that carries no authentication time (fail closed)', () => {
    expect(refusal(user())).toBe('REAUTHENTICATION_REQUIRED');
  });

  it('refuses a time further in the future than the window itself', () => {
    expect(refusal(user(new Date(NOW.getTime() + FRESH_AUTHENTICATION_MS + 1)))).toBe('REAUTHENTICATION_REQUIRED');
  });

  it('does not bind access keys, which sign every request', () => {
    expect(refusal({ type: 'access-key', id: 'KF1', name: 'KF1', role: 'KEY_MANAGER' })).toBeNull();
  });
});

import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Principal, Role } from '@/lib/kms/types';
import { capturingLogger } from '@/lib/server/capturing-logger';

// The header's language switch: the acting person's own row and this browser's cookie, nobody else's row,
// only a supported locale, and nothing at all without a session.
const state = vi.hoisted(() => ({ actor: null as Principal | null, mustEnrol: false, saved: [] as Array<[string, string]>, cookies: [] as string[] }));

// As lib/auth/session.ts decides: no session, refused; under the multi-factor policy, only actions open
// before enrolment.
vi.mock('@/lib/auth/session', async () => {
  const { KmsError } = await import('@/lib/kms/errors');
  return {
    requireActionPrincipal: async (options: { beforeMfaEnrolment?: boolean } = {}) => {
      if (!state.actor) throw new KmsError('UNAUTHENTICATED', 'No valid session.');
      if (state.mustEnrol && !options.beforeMfaEnrolment) throw new KmsError('FORBIDDEN', 'Multi-factor sign-in is required: turn it on first.');
      return state.actor;
    },
  };
});
vi.mock('@/lib/server/kms-context', () => ({ getKmsContext: async () => ({}) }));
// The action's log lines stay out of the test output.
vi.mock('@/lib/server/logger', async (importOriginal) => ({
  ...(await importOriginal<typeof import('@/lib/server/logger')>()),
  componentLogger: (component: string) => capturingLogger().logger.child({ component }),
}));
vi.mock('@/lib/auth/locale-preference', () => ({
  saveLocalePreference: async (userId: string, locale: string) => void state.saved.push([userId, locale]),
  setLocaleCookie: async (locale: string) => void state.cookies.push(locale),
}));

const { setLocaleAction } = await import('./actions');

function person(id: string, role: Role): Principal {
  return { type: 'user', id, name: id, role } as Principal;
}

beforeEach(() => {
  state.actor = null;
  state.mustEnrol = false;
  state.saved = [];
  state.cookies = [];
});

describe('setLocaleAction', () => {
  it.each<Role>(['ADMINISTRATOR', 'KEY_MANAGER', 'KEY_USER', 'AUDITOR'])('saves a %s’s choice on their own row and in the cookie', async (role) => {
    state.actor = person(`user-${role}`, role);
    expect(await setLocaleAction({ locale: 'zh-CN' })).toEqual({ ok: true, data: { locale: 'zh-CN' } });
    expect(state.saved).toEqual([[`user-${role}`, 'zh-CN']]);
    expect(state.cookies).toEqual(['zh-CN']);
  });

  it('refuses a locale the console does not have, and anything besides the locale', async () => {
    state.actor = person('user-1', 'KEY_USER');
    for (const input of [{ locale: 'zh' }, { locale: 'fr' }, { locale: 'EN' }, {}, { locale: 'en', userId: 'someone-else' }]) {
      expect(await setLocaleAction(input as never)).toMatchObject({ ok: false, code: 'VALIDATION' });
    }
    expect(state.saved).toEqual([]);
    expect(state.cookies).toEqual([]);
  });

  it('is open to a person the multi-factor policy sends to enrolment: the page they must read is framed by the switch', async () => {
    state.actor = person('user-new', 'KEY_USER');
    state.mustEnrol = true;
    expect(await setLocaleAction({ locale: 'zh-CN' })).toEqual({ ok: true, data: { locale: 'zh-CN' } });
    expect(state.saved).toEqual([['user-new', 'zh-CN']]);
  });

  it('saves nothing and sets no cookie without a session', async () => {
    expect(await setLocaleAction({ locale: 'en' })).toEqual({ ok: false, code: 'UNAUTHENTICATED' });
    expect(state.saved).toEqual([]);
    expect(state.cookies).toEqual([]);
  });
});

import { beforeEach, describe, expect, it, vi } from 'vitest';

// The sign-in page's language switch: no session needed, so only this browser's cookie, and only a
// supported locale.
const state = vi.hoisted(() => ({ cookies: [] as string[], saved: 0 }));

vi.mock('@/lib/auth/locale-preference', () => ({
  saveLocalePreference: async () => void (state.saved += 1),
  setLocaleCookie: async (locale: string) => void state.cookies.push(locale),
}));

const { setSignedOutLocaleAction } = await import('./actions');

beforeEach(() => {
  state.cookies = [];
  state.saved = 0;
});

describe('setSignedOutLocaleAction', () => {
  it('sets the cookie for a supported locale and saves nothing on any row', async () => {
    expect(await setSignedOutLocaleAction({ locale: 'zh-CN' })).toEqual({ ok: true });
    expect(await setSignedOutLocaleAction({ locale: 'en' })).toEqual({ ok: true });
    expect(state.cookies).toEqual(['zh-CN', 'en']);
    expect(state.saved).toBe(0);
  });

  it.each([[{ locale: 'de' }], [{ locale: 'zh-TW' }], [{ locale: 'zh-CN; Path=/admin' }], ['zh-CN'], [null], [{ locale: 'en', extra: 1 }]])(
    'refuses %j without setting a cookie',
    async (input) => {
      expect(await setSignedOutLocaleAction(input)).toEqual({ ok: false });
      expect(state.cookies).toEqual([]);
    },
  );
});

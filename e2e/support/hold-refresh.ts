import type { Page } from '@playwright/test';

/**
 * Holds the page's refreshes (the RSC requests `router.refresh()` sends after a server action) until the
 * returned release is called, as a busy server would: what a dialog lets the person do meanwhile is then
 * tested without a race. Release also removes the hold.
 */
export async function holdPageRefresh(page: Page): Promise<() => Promise<void>> {
  let release = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route('**/*', async (route) => {
    const request = route.request();
    if (request.method() === 'GET' && 'rsc' in request.headers()) await held;
    await route.fallback();
  });
  return async () => {
    release();
    await page.unrouteAll({ behavior: 'ignoreErrors' });
  };
}

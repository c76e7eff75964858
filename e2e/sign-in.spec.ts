import { expect, test, type Page } from './support/test';
import { ADMIN, SIGNED_OUT } from './support/admin';

// Sign-in allows 10 failed attempts per 15 minutes per client address (successes are not counted), and every
// e2e test comes from the same address: this file makes one wrong attempt. Keep failures few.
test.use({ storageState: SIGNED_OUT });

async function signIn(page: Page, password: string): Promise<void> {
  await page.goto('/sign-in');
  await page.getByLabel('Email').fill(ADMIN.email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

test('signing in with the right password lands on the keys page', async ({ page }) => {
  await signIn(page, ADMIN.password);
  await expect(page).toHaveURL(/\/keys$/);
  await expect(page.getByTestId('signed-in-user')).toHaveText(ADMIN.email);
  await expect(page.getByRole('heading', { level: 1, name: 'Keys' })).toBeVisible();
});

test('a wrong password shows "Email or password is incorrect." and leaves the visitor signed out', async ({ page, context }) => {
  await signIn(page, `${ADMIN.password}-wrong`);
  const refused = page.getByRole('alert').filter({ hasText: 'Email or password is incorrect.' });
  await expect(refused).toBeVisible();
  // The keyboard (and a screen reader) is taken to the message, not left on the page's body.
  await expect(refused).toBeFocused();
  await expect(page).toHaveURL(/\/sign-in$/);
  // The email is kept for the next try; the password never is.
  await expect(page.getByLabel('Email')).toHaveValue(ADMIN.email);
  await expect(page.getByLabel('Password')).toHaveValue('');

  expect((await context.cookies()).filter((cookie) => cookie.name.includes('session_token'))).toEqual([]);
  await page.goto('/keys');
  await expect(page).toHaveURL(/\/sign-in$/);
});

test('signing out ends the session, so even the old session cookie no longer opens the console', async ({ page, context, browser, baseURL }) => {
  await signIn(page, ADMIN.password);
  await expect(page).toHaveURL(/\/keys$/);
  const sessionCookies = (await context.cookies()).filter((cookie) => cookie.name.includes('session_token'));
  expect(sessionCookies).toHaveLength(1);

  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/sign-in$/);
  await page.goto('/keys');
  await expect(page).toHaveURL(/\/sign-in$/);

  // A copy of the cookie taken before signing out: the server must have ended the session itself.
  const replayed = await browser.newContext({ baseURL, storageState: { cookies: sessionCookies, origins: [] } });
  try {
    const stale = await replayed.newPage();
    await stale.goto('/keys');
    await expect(stale).toHaveURL(/\/sign-in$/);
  } finally {
    await replayed.close();
  }
});

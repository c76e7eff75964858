import type { Page } from '@playwright/test';
import { expect, test as setup } from './support/test';
import { ADMIN, ADMIN_STORAGE_STATE, SIGNED_OUT } from './support/admin';
import { captureActionPost, replayAction, type TCapturedAction } from './support/server-action';
import { setupCodeFromServerLog } from './support/setup-code';
import { recordSecret } from '../tests/support/test-logs.mjs';

// Runs once, first, against the empty instance the webServer started: these steps depend on each other.
setup.describe.configure({ mode: 'serial' });
setup.use({ storageState: SIGNED_OUT });
// The one password every spec uses: the secrets check of a full run (scripts/check-logs-for-secrets.mjs)
// looks for it in the server's log. The set-up code is not recorded: it is the one secret printed on purpose.
recordSecret('admin-password', ADMIN.password);

let setupPost: TCapturedAction | undefined;

setup('an empty instance sends a visitor of /keys to sign-in, and sign-in to the one-time set-up page', async ({ page }) => {
  const visited: string[] = [];
  page.on('request', (request) => {
    if (request.isNavigationRequest() && request.frame() === page.mainFrame()) visited.push(new URL(request.url()).pathname);
  });
  await page.goto('/keys');
  await expect(page).toHaveURL(/\/setup$/);
  expect(visited).toEqual(['/keys', '/sign-in', '/setup']);
  await expect(page.getByRole('heading', { name: 'Create the administrator' })).toBeVisible();
  await expect(page.getByLabel('Set-up code')).toHaveAccessibleDescription(/printed it in its server log/);
});

async function fillAdministrator(page: Page) {
  await page.getByLabel('Email').fill(ADMIN.email);
  await page.getByLabel('Name').fill(ADMIN.name);
  await page.getByLabel('Password', { exact: true }).fill(ADMIN.password);
  await page.getByLabel('Confirm password').fill(ADMIN.password);
}

async function expectStillNoAdministrator(page: Page) {
  await page.goto('/sign-in');
  await expect(page).toHaveURL(/\/setup$/);
}

setup('set-up without the code is refused, saying where to find it, and creates nobody', async ({ page }) => {
  await page.goto('/setup');
  await fillAdministrator(page);
  await page.getByRole('button', { name: 'Create administrator and sign in' }).click();
  await expect(page.getByLabel('Set-up code')).toHaveAccessibleDescription(/Enter the set-up code from Keyfort's server log\./);
  await expect(page.getByLabel('Set-up code')).toBeFocused();
  await expectStillNoAdministrator(page);
});

setup('set-up with a wrong code is refused with a clear message and creates nobody', async ({ page }) => {
  await page.goto('/setup');
  await page.getByLabel('Set-up code').fill('00000-00000-00000-00000');
  await fillAdministrator(page);
  await page.getByRole('button', { name: 'Create administrator and sign in' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'That set-up code is not right.' })).toBeVisible();
  await expect(page).toHaveURL(/\/setup$/);
  await expectStillNoAdministrator(page);
});

setup('the administrator is created through the set-up page, with the code from the log, and signed in', async ({ page }) => {
  await expect.poll(setupCodeFromServerLog, { message: 'the server logged a set-up code', timeout: 60_000 }).not.toBeNull();
  const code = setupCodeFromServerLog() as string;
  await page.goto('/setup');
  // Typed as a person might: lower case, spaces instead of dashes.
  await page.getByLabel('Set-up code').fill(code.toLowerCase().replaceAll('-', ' '));
  await fillAdministrator(page);
  setupPost = await captureActionPost(page, () => page.getByRole('button', { name: 'Create administrator and sign in' }).click());

  // Hashing then verifying the password (scrypt) can take a while on a busy machine: a generous deadline.
  await expect(page).toHaveURL(/\/keys$/, { timeout: 60_000 });
  await expect(page.getByTestId('signed-in-user')).toHaveText(ADMIN.email);
  await expect(page.getByRole('heading', { name: 'No keys yet' })).toBeVisible();
  await page.context().storageState({ path: ADMIN_STORAGE_STATE });
});

setup('once the administrator exists, the set-up page is no longer offered', async ({ page }) => {
  await page.goto('/setup');
  await expect(page).toHaveURL(/\/sign-in$/);
  await expect(page.getByRole('heading', { name: 'Sign in to Keyfort' })).toBeVisible();
});

setup('once the administrator exists, posting the set-up action again creates no second administrator', async ({ playwright, browser, baseURL }) => {
  expect(setupPost, 'the set-up POST was captured by the previous test').toBeDefined();
  const post = setupPost as TCapturedAction;
  // Same action, another would-be administrator (the form's fields travel as multipart form data).
  const intruder = { ...post, body: post.body.replace(ADMIN.email, 'intruder@keyfort.example.com') };
  expect(intruder.body).toContain('intruder@keyfort.example.com');

  const anonymous = await playwright.request.newContext({ baseURL, storageState: SIGNED_OUT });
  try {
    await replayAction(anonymous, intruder);
    // No session came with the refusal: the set-up did not sign anyone in.
    expect((await anonymous.storageState()).cookies).toEqual([]);
  } finally {
    await anonymous.dispose();
  }
  // And no one was added: the administrator's people page lists only the administrator.
  const admin = await browser.newContext({ baseURL, storageState: ADMIN_STORAGE_STATE });
  try {
    const page = await admin.newPage();
    await page.goto('/people');
    await expect(page.getByTestId(`person-${ADMIN.email}`)).toBeVisible();
    await expect(page.getByText('intruder@keyfort.example.com')).toHaveCount(0);
    // Rows are marked person-<email> (their cells carry other person-… ids).
    await expect(page.getByTestId(/^person-.+@/)).toHaveCount(1);
  } finally {
    await admin.close();
  }
});

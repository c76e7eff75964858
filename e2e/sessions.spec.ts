import { expect, test, type Browser, type BrowserContext, type Locator, type Page } from './support/test';
import { ADMIN, ADMIN_STORAGE_STATE, SIGNED_OUT } from './support/admin';
import { toast } from './support/keys';
import { expectAccessible } from './support/axe';
import { REAUTHENTICATION_DIALOG } from './support/reauthentication';
import { ageSessionProof } from './support/session-age';
import { uniquePrefix } from './support/unique';

// Sessions, sign-out audit and deep links. Every browser here signs in afresh as the shared administrator
// with a user agent of its own, so its row in the sessions table is recognisable; the shared session the other
// specs use is never ended, except by the password change, which re-saves it (see that test).

type TBrowserSession = { context: BrowserContext; page: Page };

// Each test signs in two browsers (password hashing) and some change the password twice: slower than most.
test.beforeEach(() => {
  test.slow();
});

async function signInForm(page: Page, password: string = ADMIN.password): Promise<void> {
  await page.getByLabel('Email').fill(ADMIN.email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

async function signedIn(browser: Browser, baseURL: string | undefined, userAgent: string): Promise<TBrowserSession> {
  const context = await browser.newContext({ baseURL, storageState: SIGNED_OUT, userAgent });
  const page = await context.newPage();
  await page.goto('/sign-in');
  await signInForm(page);
  await expect(page).toHaveURL(/\/keys$/);
  return { context, page };
}

function sessionRow(page: Page, userAgent: string): Locator {
  return page.getByRole('table', { name: 'Sessions' }).getByRole('row').filter({ hasText: userAgent });
}

test('the Account entry lists your sessions with device, address and times, this browser marked', async ({ browser, baseURL }) => {
  const agentA = uniquePrefix('Keyfort e2e browser A');
  const agentB = uniquePrefix('Keyfort e2e browser B');
  const a = await signedIn(browser, baseURL, agentA);
  const b = await signedIn(browser, baseURL, agentB);
  try {
    await a.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Account' }).click();
    await expect(a.page).toHaveURL(/\/account\/sessions$/);
    await expect(a.page.getByRole('heading', { level: 1, name: 'Your sessions' })).toBeVisible();
    const rowA = sessionRow(a.page, agentA);
    const rowB = sessionRow(a.page, agentB);
    await expect(rowA).toHaveAttribute('aria-current', 'true');
    await expect(rowA).toContainText('This browser');
    await expect(rowA.getByRole('button', { name: /End the session/ })).toHaveCount(0);
    await expect(rowB).not.toHaveAttribute('aria-current', 'true');
    await expect(rowB.getByRole('cell').nth(1)).toHaveText(/^(\d{1,3}\.){3}\d{1,3}$|^[0-9a-f:]+$/);
    await expect(rowB.locator('time')).toHaveCount(2);
  } finally {
    await a.context.close();
    await b.context.close();
  }
});

test('ending another session signs that browser out at its next request; sign-in then leads back', async ({ browser, baseURL }) => {
  const agentA = uniquePrefix('Keyfort e2e revoker');
  const agentB = uniquePrefix('Keyfort e2e revoked');
  const a = await signedIn(browser, baseURL, agentA);
  const b = await signedIn(browser, baseURL, agentB);
  try {
    await a.page.goto('/account/sessions');
    await sessionRow(a.page, agentB).getByRole('button', { name: `End the session on ${agentB}` }).click();
    const confirm = a.page.getByRole('alertdialog', { name: `End the session on ${agentB}?` });
    await confirm.getByRole('button', { name: 'End session' }).click();
    await expect(toast(a.page, 'Session ended')).toBeVisible();
    await expect(sessionRow(a.page, agentB)).toHaveCount(0);

    await b.page.goto('/audit?result=FAILURE');
    await expect(b.page).toHaveURL((url) => url.pathname === '/sign-in' && url.searchParams.get('next') === '/audit?result=FAILURE');
    await signInForm(b.page);
    await expect(b.page).toHaveURL((url) => url.pathname === '/audit' && url.search === '?result=FAILURE');

    await a.page.goto('/audit?action=RevokeSession');
    await expect(a.page.getByRole('table', { name: 'Audit events' }).getByRole('row').nth(1)).toContainText('RevokeSession');
  } finally {
    await a.context.close();
    await b.context.close();
  }
});

test('"sign out other sessions" ends every other browser signed in as you and keeps this one', async ({ browser, baseURL }) => {
  // The shared administrator's session is one of the others: in `finally` the surviving session is saved as
  // the shared one, so later specs start signed in as before.
  const agentA = uniquePrefix('Keyfort e2e stays');
  const agentB = uniquePrefix('Keyfort e2e ends');
  const a = await signedIn(browser, baseURL, agentA);
  const b = await signedIn(browser, baseURL, agentB);
  try {
    await a.page.goto('/account/sessions');
    await a.page.getByRole('button', { name: 'Sign out all your other sessions' }).click();
    await a.page.getByRole('alertdialog', { name: 'Sign out all your other sessions?' }).getByRole('button', { name: 'Sign out other sessions' }).click();
    await expect(toast(a.page, 'Other sessions ended')).toBeVisible();
    await expect(a.page.getByRole('table', { name: 'Sessions' }).getByRole('row')).toHaveCount(2);
    await expect(sessionRow(a.page, agentA)).toHaveAttribute('aria-current', 'true');

    await b.page.goto('/keys');
    await expect(b.page).toHaveURL(/\/sign-in$/);
  } finally {
    await a.context.storageState({ path: ADMIN_STORAGE_STATE });
    await a.context.close();
    await b.context.close();
  }
});

test('signing out is audited with who signed out', async ({ browser, baseURL, page }) => {
  const agent = uniquePrefix('Keyfort e2e sign-out');
  const other = await signedIn(browser, baseURL, agent);
  try {
    await other.page.getByRole('button', { name: 'Sign out' }).click();
    await expect(other.page).toHaveURL(/\/sign-in$/);
  } finally {
    await other.context.close();
  }
  await page.goto('/audit?action=SignOut');
  const latest = page.getByRole('table', { name: 'Audit events' }).getByRole('row').nth(1);
  await expect(latest).toContainText('SignOut');
  await expect(latest).toContainText(ADMIN.email);
});

test('a deep link survives sign-in, and a next= pointing elsewhere leads to the keys page', async ({ browser, baseURL }) => {
  const context = await browser.newContext({ baseURL, storageState: SIGNED_OUT });
  try {
    const page = await context.newPage();
    await page.goto('/access-keys');
    await expect(page).toHaveURL((url) => url.pathname === '/sign-in' && url.searchParams.get('next') === '/access-keys');
    await signInForm(page);
    await expect(page).toHaveURL(/\/access-keys$/);
    await page.getByRole('button', { name: 'Sign out' }).click();

    for (const hostile of ['//evil.example/keys', 'https://evil.example/', '/\\evil.example']) {
      await page.goto(`/sign-in?next=${encodeURIComponent(hostile)}`);
      await signInForm(page);
      await expect(page, hostile).toHaveURL(/\/keys$/);
      await page.getByRole('button', { name: 'Sign out' }).click();
      await expect(page).toHaveURL(/\/sign-in$/);
    }
  } finally {
    await context.close();
  }
});

test('changing your password ends your other sessions; the old password no longer signs in', async ({ browser, baseURL }) => {
  // The shared administrator's session ends with the others. In `finally` the password is changed back and the
  // session this test ends with is saved as the shared one, so later specs start signed in as before.
  const agentA = uniquePrefix('Keyfort e2e password changer');
  const agentB = uniquePrefix('Keyfort e2e other browser');
  const newPassword = `${ADMIN.password}-changed`;
  const a = await signedIn(browser, baseURL, agentA);
  const b = await signedIn(browser, baseURL, agentB);
  let changed = false;
  try {
    await a.page.goto('/account/password');
    await a.page.getByLabel('Current password').fill(ADMIN.password);
    await a.page.getByLabel(/^New password/).fill(newPassword);
    await a.page.getByLabel('Confirm new password').fill(newPassword);
    await a.page.getByRole('button', { name: 'Change password' }).click();
    await expect(toast(a.page, 'Password changed')).toBeVisible();
    changed = true;

    await b.page.goto('/keys');
    await expect(b.page).toHaveURL(/\/sign-in$/);
    // This browser stays signed in, with a new session; it is the only one left (a header row and its own).
    await a.page.goto('/account/sessions');
    await expect(sessionRow(a.page, agentA)).toHaveAttribute('aria-current', 'true');
    await expect(a.page.getByRole('table', { name: 'Sessions' }).getByRole('row')).toHaveCount(2);

    await b.page.goto('/sign-in');
    await signInForm(b.page, newPassword);
    await expect(b.page).toHaveURL(/\/keys$/);
  } finally {
    if (changed) {
      await a.page.goto('/account/password');
      await a.page.getByLabel('Current password').fill(newPassword);
      await a.page.getByLabel(/^New password/).fill(ADMIN.password);
      await a.page.getByLabel('Confirm new password').fill(ADMIN.password);
      await a.page.getByRole('button', { name: 'Change password' }).click();
      await expect(toast(a.page, 'Password changed')).toBeVisible();
      await a.context.storageState({ path: ADMIN_STORAGE_STATE });
    }
    await a.context.close();
    await b.context.close();
  }
});

test('a sensitive action on a session whose password is older than 10 minutes asks for it in place, then proceeds', async ({ browser, baseURL }) => {
  const a = await signedIn(browser, baseURL, uniquePrefix('Keyfort e2e stale'));
  try {
    await ageSessionProof(a.context);
    await a.page.goto('/access-keys');
    await a.page.getByRole('button', { name: 'Create access key' }).click();
    const form = a.page.getByRole('dialog', { name: 'Create access key' });
    await form.getByLabel('Description').fill(uniquePrefix('after-reauthentication'));
    await form.getByRole('button', { name: 'Create access key' }).click();
    const prompt = a.page.getByRole('dialog', { name: REAUTHENTICATION_DIALOG });
    await expect(prompt).toBeVisible();
    // Without multi-factor, only the password is offered.
    await expect(prompt.getByRole('button', { name: /authenticator app/ })).toHaveCount(0);
    await expectAccessible(a.page, 'the re-authentication dialog');
    // (A wrong answer is tried in mfa.spec.ts, with a code: each one counts against the sign-in limit.)
    await prompt.getByLabel('Password').fill(ADMIN.password);
    await prompt.getByRole('button', { name: 'Continue' }).click();
    await expect(prompt).toBeHidden();
    await expect(a.page.getByRole('dialog', { name: 'Access key created' })).toBeVisible();
  } finally {
    await a.context.close();
  }
});

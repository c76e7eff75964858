import { ADMIN, SIGNED_OUT } from './support/admin';
import { enrol, restoreAdministrator, setRequired, submitCode, submitPassword, turnOff, unusedCode, wrongCodeFor } from './support/mfa';
import { captureActionPost, replayAction, withInput } from './support/server-action';
import { REAUTHENTICATION_DIALOG } from './support/reauthentication';
import { ageSessionProof } from './support/session-age';
import { expect, test, type Page } from './support/test';
import { uniquePrefix } from './support/unique';

// Multi-factor sign-in on the shared administrator (no other person can be made from here), always restored
// afterwards: other specs sign in with the password alone. Each test starts signed out and signs in afresh, so
// enrolling (which replaces the session) never touches the stored session the other specs use.
// Failed sign-ins count per address (10 per 15 minutes): this file makes three (two wrong codes, a used recovery code).
test.use({ storageState: SIGNED_OUT });
// Each test signs in several times (each password check costs scrypt) and restores the administrator after.
test.describe.configure({ timeout: 180_000 });

let secret: string | null = null;

test.afterEach(async ({ browser, baseURL }) => {
  const known = secret;
  secret = null;
  await restoreAdministrator(browser, baseURL, () => known);
});

async function signOut(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/sign-in$/);
}

test('enrol with a QR code and secret, sign in with a code or a recovery code (once), then turn it off', async ({ page }) => {
  await submitPassword(page);
  await expect(page).toHaveURL(/\/keys$/);
  await page.getByRole('link', { name: 'Sign-in security' }).click();
  const enrolled = await enrol(page, (known) => (secret = known));
  secret = enrolled.secret;
  expect(new Set(enrolled.recoveryCodes).size).toBe(10);
  // Shown once: the page never offers them again.
  await page.reload();
  await expect(page.getByTestId('recovery-codes')).toHaveCount(0);
  await expect(page.getByText(enrolled.recoveryCodes[0] ?? '')).toHaveCount(0);

  // The password alone no longer signs in.
  await signOut(page);
  await submitPassword(page);
  await expect(page).toHaveURL(/\/sign-in\/code$/);
  await page.goto('/keys');
  await expect(page).toHaveURL(/\/sign-in$/);

  await submitPassword(page);
  await submitCode(page, wrongCodeFor(enrolled.secret));
  await expect(page.getByRole('alert').filter({ hasText: 'That code is not right' })).toBeVisible();
  await submitCode(page, unusedCode(enrolled.secret));
  await expect(page).toHaveURL(/\/keys$/);
  await expect(page.getByTestId('signed-in-user')).toHaveText(ADMIN.email);

  // A recovery code works once.
  const [recoveryCode = ''] = enrolled.recoveryCodes;
  await signOut(page);
  await submitPassword(page);
  await submitCode(page, recoveryCode);
  await expect(page).toHaveURL(/\/keys$/);
  await signOut(page);
  await submitPassword(page);
  await submitCode(page, recoveryCode);
  await expect(page.getByRole('alert').filter({ hasText: 'recovery code was already used' })).toBeVisible();
  await submitCode(page, unusedCode(enrolled.secret));
  await expect(page).toHaveURL(/\/keys$/);

  await turnOff(page);
  secret = null;
  await signOut(page);
  await submitPassword(page);
  await expect(page).toHaveURL(/\/keys$/);
});

test('a deep link survives both sign-in steps: password, then code, then the page asked for', async ({ page }) => {
  await submitPassword(page);
  await expect(page).toHaveURL(/\/keys$/);
  await page.goto('/account/security');
  secret = (await enrol(page, (known) => (secret = known))).secret;
  await signOut(page);

  await page.goto('/audit?action=SignIn');
  await expect(page).toHaveURL(/\/sign-in\?next=%2Faudit%3Faction%3DSignIn$/);
  await page.getByLabel('Email').fill(ADMIN.email);
  await page.getByLabel('Password').fill(ADMIN.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/sign-in\/code\?next=%2Faudit%3Faction%3DSignIn$/);
  await submitCode(page, unusedCode(secret));
  await expect(page).toHaveURL(/\/audit\?action=SignIn$/);
  await expect(page.getByRole('heading', { name: 'Audit log', level: 1 })).toBeVisible();

  // A next= pointing off the site is dropped at the code step as at the password step.
  await signOut(page);
  await submitPassword(page, '/sign-in?next=%2F%2Fevil.example');
  await expect(page).toHaveURL(/\/sign-in\/code$/);
  await submitCode(page, unusedCode(secret));
  await expect(page).toHaveURL(/\/keys$/);
});

test('with multi-factor on, an authenticator code answers the "confirm it\'s you" question in place of the password', async ({ page, context }) => {
  await submitPassword(page);
  await expect(page).toHaveURL(/\/keys$/);
  secret = (await enrol(page, (known) => (secret = known))).secret;
  await signOut(page);
  await submitPassword(page);
  await submitCode(page, unusedCode(secret));
  await expect(page).toHaveURL(/\/keys$/);

  await ageSessionProof(context);
  await page.goto('/access-keys');
  await page.getByRole('button', { name: 'Create access key' }).click();
  const form = page.getByRole('dialog', { name: 'Create access key' });
  await form.getByLabel('Description').fill(uniquePrefix('after-code'));
  await form.getByRole('button', { name: 'Create access key' }).click();
  const prompt = page.getByRole('dialog', { name: REAUTHENTICATION_DIALOG });
  await expect(prompt).toBeVisible();
  await prompt.getByRole('button', { name: 'Use a code from your authenticator app instead' }).click();
  await prompt.getByLabel('Code from your authenticator app').fill(wrongCodeFor(secret));
  await prompt.getByRole('button', { name: 'Continue' }).click();
  await expect(prompt.getByRole('alert')).toHaveText(/^That code is not right/);
  await prompt.getByLabel('Code from your authenticator app').fill(unusedCode(secret));
  await prompt.getByRole('button', { name: 'Continue' }).click();
  await expect(prompt).toBeHidden();
  await expect(page.getByRole('dialog', { name: 'Access key created' })).toBeVisible();
});

test('requiring multi-factor for everyone sends a person without it to enrol, and refuses their server actions', async ({ page }) => {
  await submitPassword(page);
  await expect(page).toHaveURL(/\/keys$/);
  await page.goto('/settings');
  const box = page.getByRole('checkbox', { name: 'Require multi-factor sign-in for everyone' });
  await expect(box).toHaveAttribute('aria-checked', 'false');
  await box.click();
  const save = await captureActionPost(page, () => page.getByRole('button', { name: 'Save' }).click());
  // Saved, the page refreshes, and the administrator, who has no multi-factor either, is sent to enrol at
  // once: the "Saved." line may not be on screen long enough to be seen, the move to enrolment always is.
  await expect(page).toHaveURL(/\/account\/security$/);

  // The administrator has no multi-factor either: every page but enrolment sends them there.
  for (const path of ['/keys', '/audit', '/access-keys', '/settings']) {
    await page.goto(path);
    await expect(page).toHaveURL(/\/account\/security$/);
  }
  await expect(page.getByRole('alert').or(page.getByRole('status')).filter({ hasText: 'Your administrator requires multi-factor sign-in' })).toBeVisible();
  // A server action posted directly is refused too (here: turning the requirement off again): once enrolled,
  // the settings page still shows the requirement on.
  await replayAction(page.request, withInput(save, { required: false }));

  // Signing out stays possible; enrolling opens the console again.
  const enrolled = await enrol(page, (known) => (secret = known));
  secret = enrolled.secret;
  await page.goto('/keys');
  await expect(page).toHaveURL(/\/keys$/);
  await page.goto('/settings');
  await expect(box).toHaveAttribute('aria-checked', 'true');
  await setRequired(page, false);
  await turnOff(page);
  secret = null;
  await signOut(page);
});

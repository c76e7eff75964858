import { recordSecret } from '../../tests/support/test-logs.mjs';
import { ADMIN, SIGNED_OUT } from './admin';
import { expect, type Browser, type Locator, type Page } from './test';
import { base32Decode, totp } from './totp';

// Multi-factor sign-in of the shared e2e administrator. Specs that turn it on must turn it off again (and
// the "require for everyone" setting too) whatever happens: restoreAdministrator() in a finally.

// Keyfort accepts each authenticator code once (RFC 6238 §5.2), so the tests remember which they typed.
const usedCodes = new Map<string, Set<string>>();

/**
 * An authenticator code for a base32 secret that was not typed before: the server accepts the code of this
 * 30-second step and of either neighbour, so three are on offer at any time.
 */
export function codeFor(secret: string): string | null {
  const used = usedCodes.get(secret) ?? new Set<string>();
  usedCodes.set(secret, used);
  const key = base32Decode(secret);
  const code = [0, 30_000, -30_000].map((offset) => totp(key, { atMs: Date.now() + offset })).find((candidate) => !used.has(candidate));
  if (code) used.add(code);
  return code ?? null;
}

/** codeFor(), which a test expects to have one left (it types at most three per 30 s). */
export function unusedCode(secret: string): string {
  const code = codeFor(secret);
  if (!code) throw new Error('All three accepted authenticator codes were used: the test types too many');
  return code;
}

/** A code that is not the current one (nor the neighbouring steps the server also accepts). */
export function wrongCodeFor(secret: string): string {
  const key = base32Decode(secret);
  const near = new Set([-30_000, 0, 30_000].map((offset) => totp(key, { atMs: Date.now() + offset })));
  for (let candidate = 0; ; candidate++) {
    const code = String(candidate).padStart(6, '0');
    if (!near.has(code)) return code;
  }
}

/** The password step on the sign-in page (`path`: where it is opened, e.g. with a deep link's `next=`). */
export async function submitPassword(page: Page, path = '/sign-in'): Promise<void> {
  await page.goto(path);
  await page.getByLabel('Email').fill(ADMIN.email);
  await page.getByLabel('Password').fill(ADMIN.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

export async function submitCode(page: Page, code: string): Promise<void> {
  await expect(page).toHaveURL(/\/sign-in\/code(\?next=[^&]+)?$/);
  await page.getByLabel('Authentication or recovery code').fill(code);
  await page.getByRole('button', { name: 'Verify' }).click();
}

function panel(page: Page, heading: string): Locator {
  return page.locator('section').filter({ has: page.getByRole('heading', { name: heading }) });
}

export interface TEnrolment {
  secret: string;
  recoveryCodes: string[];
}

/**
 * On the Sign-in security page with multi-factor off: password, secret, first code, recovery codes.
 * `remember` gets the secret before it is confirmed, so a failure after that can still be cleaned up.
 */
export async function enrol(page: Page, remember: (secret: string) => void = () => {}): Promise<TEnrolment> {
  await page.goto('/account/security');
  await expect(page.getByTestId('mfa-status')).toContainText('Multi-factor sign-in is off.');
  await page.getByLabel('Current password').fill(ADMIN.password);
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page.getByRole('img', { name: 'QR code holding the authenticator secret' }).locator('svg')).toBeVisible();
  const secret = (await page.getByTestId('mfa-secret').textContent())?.trim() ?? '';
  expect(secret).toMatch(/^[A-Z2-7]{16,}$/);
  recordSecret('authenticator-secret', secret);
  remember(secret);
  await page.getByLabel('Code from your authenticator app').fill(unusedCode(secret));
  await page.getByRole('button', { name: 'Turn on' }).click();
  const list = page.getByTestId('recovery-codes');
  await expect(list.getByRole('listitem')).toHaveCount(10);
  const recoveryCodes = (await list.getByRole('listitem').allTextContents()).map((code) => code.trim());
  await page.getByRole('button', { name: 'I have stored them' }).click();
  await expect(page.getByTestId('mfa-status')).toContainText('Multi-factor sign-in is on.');
  return { secret, recoveryCodes };
}

/** On the Sign-in security page with multi-factor on: the password turns it off. */
export async function turnOff(page: Page): Promise<void> {
  await page.goto('/account/security');
  const off = panel(page, 'Turn off multi-factor sign-in');
  await off.getByLabel('Current password').fill(ADMIN.password);
  await off.getByRole('button', { name: 'Turn off' }).click();
  await expect(page.getByTestId('mfa-status')).toContainText('Multi-factor sign-in is off.');
}

/** Sets "Require multi-factor sign-in for everyone" on the Settings page (administrators). */
export async function setRequired(page: Page, required: boolean): Promise<void> {
  await page.goto('/settings');
  const box = page.getByRole('checkbox', { name: 'Require multi-factor sign-in for everyone' });
  if ((await box.getAttribute('aria-checked')) !== String(required)) await box.click();
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved.' })).toBeVisible();
}

/**
 * Back to how other specs expect the administrator: multi-factor off and not required. Works from any state
 * a failed test may leave (signed in or not, enrolled or not, policy on or off), in a context of its own.
 * `secret`: the last secret enrolled, if any (needed to get in while multi-factor is on).
 */
export async function restoreAdministrator(browser: Browser, baseURL: string | undefined, secret: () => string | null): Promise<void> {
  const context = await browser.newContext({ baseURL, storageState: SIGNED_OUT });
  try {
    const page = await context.newPage();
    await submitPassword(page);
    await page.waitForURL(/\/(keys|sign-in\/code|account\/security)/);
    if (page.url().includes('/sign-in/code')) {
      const current = secret();
      if (!current) throw new Error('Multi-factor is on but no secret is known: restore by hand');
      // Clean-up only: should a failed test have used all three codes, the next step brings a new one.
      let code = codeFor(current);
      while (!code) {
        await page.waitForTimeout(5_000);
        code = codeFor(current);
      }
      await submitCode(page, code);
      await page.waitForURL((url) => !url.pathname.startsWith('/sign-in'));
    }
    await page.goto('/settings');
    // Required and not enrolled: enrol (then turned off below) to reach the setting.
    if (new URL(page.url()).pathname === '/account/security') await enrol(page);
    await setRequired(page, false);
    await page.goto('/account/security');
    if ((await page.getByTestId('mfa-status').textContent())?.includes('is on.')) await turnOff(page);
  } finally {
    await context.close();
  }
}

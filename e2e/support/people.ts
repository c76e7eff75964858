import { recordSecret } from '../../tests/support/test-logs.mjs';
import { ADMIN, SIGNED_OUT } from './admin';
import { expect, type Browser, type BrowserContext, type Page } from './test';

// People as an administrator adds them (SPEC §9): the People page, a one-time set-password link opened in
// the new person's own browser, and their first sign-in.

export const PASSWORD = 'people-e2e-correct-horse';

export const ROLES = [
  { role: 'ADMINISTRATOR', label: 'Administrator' },
  { role: 'KEY_MANAGER', label: 'Key manager' },
  { role: 'KEY_USER', label: 'Key user' },
  { role: 'AUDITOR', label: 'Auditor' },
] as const;

export async function signIn(page: Page, email: string, password: string): Promise<void> {
  await page.goto('/sign-in');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

export async function signInAdministrator(page: Page): Promise<void> {
  await signIn(page, ADMIN.email, ADMIN.password);
  await expect(page).toHaveURL(/\/keys$/);
}

export function personRow(page: Page, email: string) {
  return page.getByTestId(`person-${email}`);
}

/** Adds a person on the People page and returns the one-time link the dialog shows (then closes it). */
export async function addPerson(page: Page, person: { email: string; name: string; roleLabel: string }): Promise<string> {
  await page.goto('/people');
  await page.getByRole('button', { name: 'Add person' }).click();
  const form = page.getByRole('dialog', { name: 'Add person' });
  await form.getByLabel('Email').fill(person.email);
  await form.getByLabel('Name').fill(person.name);
  await form.getByLabel('Role').selectOption({ label: person.roleLabel });
  await form.getByRole('button', { name: 'Add person' }).click();
  const dialog = page.getByRole('dialog', { name: `${person.email} added` });
  await expect(dialog.getByText("Copy this link now: you won't see it again")).toBeVisible();
  await expect(dialog.getByRole('button', { name: 'Copy set-password link' })).toBeVisible();
  const link = (await dialog.getByTestId('password-link').textContent()) ?? '';
  expect(link).toMatch(/\/set-password#[A-Za-z0-9_-]{43}$/);
  recordSecret('set-password-token', link.slice(link.indexOf('#') + 1));
  await dialog.getByRole('button', { name: 'I have copied the link, close' }).click();
  await expect(dialog).toBeHidden();
  await expect(personRow(page, person.email)).toBeVisible();
  return link;
}

/** A separate, signed-out browser (the new person's), where the link sets the password. */
export async function setPasswordElsewhere(browser: Browser, baseURL: string | undefined, link: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ baseURL, storageState: SIGNED_OUT });
  const page = await context.newPage();
  await page.goto(link);
  await expect(page.getByRole('heading', { name: 'Set your password' })).toBeVisible();
  // The token leaves the address bar once read.
  await expect(page).toHaveURL(/\/set-password$/);
  recordSecret('password', PASSWORD);
  await page.getByLabel('New password').fill(PASSWORD);
  await page.getByLabel('Confirm password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Set password' }).click();
  await expect(page.getByRole('heading', { name: 'Your password is set' })).toBeVisible();
  return { context, page };
}

export async function removePerson(page: Page, email: string): Promise<void> {
  await personRow(page, email).getByRole('button', { name: `Remove ${email}` }).click();
  await page.getByRole('alertdialog', { name: `Remove ${email}?` }).getByRole('button', { name: 'Remove' }).click();
  await expect(personRow(page, email)).toHaveCount(0);
}


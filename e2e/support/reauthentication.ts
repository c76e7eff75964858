import type { Locator, Page } from '@playwright/test';
import { ADMIN } from './admin';
import { expect } from './test';

export const REAUTHENTICATION_DIALOG = "Confirm it's you";

/**
 * After the click that runs a sensitive action (create access key, delete imported material, schedule key
 * deletion): when the session's password is older than 10 minutes the console asks for it again in place and
 * then runs the action. Specs share one administrator session, so whether it asks depends on how long the run
 * has taken; this waits for whichever comes first, the dialog or `done` (something only a success shows),
 * answers the dialog if it came, and then waits for `done`. No race: the action cannot succeed before the
 * dialog is answered, and once it succeeded the dialog cannot appear.
 */
export async function passReauthenticationIfAsked(page: Page, done: Locator, password: string = ADMIN.password): Promise<void> {
  const dialog = page.getByRole('dialog', { name: REAUTHENTICATION_DIALOG });
  await expect(dialog.or(done).first()).toBeVisible();
  if (await dialog.isVisible()) {
    await dialog.getByLabel('Password').fill(password);
    await dialog.getByRole('button', { name: 'Continue' }).click();
    await expect(dialog).toBeHidden();
  }
  await expect(done).toBeVisible();
}

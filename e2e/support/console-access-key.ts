import type { Page } from './test';
import { passReauthenticationIfAsked } from './reauthentication';
import { uniquePrefix } from './unique';
import { recordSecret } from '../../tests/support/test-logs.mjs';

export interface TConsoleAccessKey {
  accessKeyId: string;
  secretAccessKey: string;
  /** The console's origin, where both APIs are served too (`/api/aws`, `/v1.0/`). */
  origin: string;
}

/**
 * An access key made the way an administrator makes one, in a tab of its own so the test's page stays where
 * it is. For support code that needs credentials, not for tests of the flow itself (access-keys.spec.ts).
 * `beforeCreate` reads what else the Access keys page shows (the Huawei project ID) while it is open.
 */
export async function createAccessKeyInConsole(
  page: Page,
  options: { role: 'Key user' | 'Key manager'; descriptionPrefix: string; beforeCreate?: (tab: Page) => Promise<void> },
): Promise<TConsoleAccessKey> {
  const tab = await page.context().newPage();
  await tab.goto('/access-keys');
  await options.beforeCreate?.(tab);
  await tab.getByRole('button', { name: 'Create access key' }).click();
  const form = tab.getByRole('dialog', { name: 'Create access key' });
  await form.getByLabel('Role').selectOption({ label: options.role });
  await form.getByLabel('Description').fill(uniquePrefix(options.descriptionPrefix));
  await form.getByRole('button', { name: 'Create access key' }).click();
  const dialog = tab.getByRole('dialog', { name: 'Access key created' });
  await passReauthenticationIfAsked(tab, dialog);
  const accessKeyId = (await dialog.getByTestId('new-access-key-id').textContent()) ?? '';
  const secretAccessKey = (await dialog.getByTestId('new-secret-access-key').textContent()) ?? '';
  // The secrets-in-logs check (scripts/check-logs-for-secrets.mjs) then looks for this secret too.
  recordSecret('access-key-secret', secretAccessKey);
  await dialog.getByRole('button', { name: 'I have saved the secret, close' }).click();
  const origin = new URL(tab.url()).origin;
  await tab.close();
  return { accessKeyId, secretAccessKey, origin };
}

import { expect, test, type Locator, type Page } from './support/test';
import { KMSClient, ListKeysCommand } from '@aws-sdk/client-kms';
import { ADMIN } from './support/admin';
import { toast } from './support/keys';
import { holdPageRefresh } from './support/hold-refresh';
import { passReauthenticationIfAsked } from './support/reauthentication';
import { uniquePrefix } from './support/unique';
import { testRequestHandler } from '../tests/support/kms-http-agent';

// Access keys for the AWS-compatible API: created by an administrator, whose secret is shown exactly once,
// and revoked for good.

const ACCESS_KEY_ID = /^KF[A-Z2-7]{18}$/;
const SECRET = /^[A-Za-z0-9+/]{40}$/;

function accessKeyRow(page: Page, accessKeyId: string): Locator {
  return page.getByRole('table', { name: 'Access keys' }).getByRole('row').filter({ hasText: accessKeyId });
}

/** A cell of an access key's row, by its column header. */
async function cell(page: Page, accessKeyId: string, column: string): Promise<Locator> {
  const table = page.getByRole('table', { name: 'Access keys' });
  // Waits: while a dialog is open (e.g. a revoke still running) the table is hidden from the accessibility tree,
  // and reading the headers at once would find none.
  await expect(table.getByRole('columnheader', { name: column, exact: true })).toBeVisible();
  const headers = await table.getByRole('columnheader').allTextContents();
  const index = headers.indexOf(column);
  expect(index, `column ${column}`).toBeGreaterThanOrEqual(0);
  return accessKeyRow(page, accessKeyId).getByRole('cell').nth(index);
}

/** Creates an access key in the console and returns what the one-time dialog shows; the dialog stays open. */
async function createAccessKey(page: Page, options: { role: string; description: string }) {
  await page.goto('/access-keys');
  await page.getByRole('button', { name: 'Create access key' }).click();
  const form = page.getByRole('dialog', { name: 'Create access key' });
  await form.getByLabel('Role').selectOption({ label: options.role });
  await form.getByLabel('Description').fill(options.description);
  await form.getByRole('button', { name: 'Create access key' }).click();

  const dialog = page.getByRole('dialog', { name: 'Access key created' });
  await passReauthenticationIfAsked(page, dialog);
  const accessKeyId = (await dialog.getByTestId('new-access-key-id').textContent()) ?? '';
  const secretAccessKey = (await dialog.getByTestId('new-secret-access-key').textContent()) ?? '';
  return { dialog, accessKeyId, secretAccessKey };
}

test('an administrator finds access keys in the navigation', async ({ page }) => {
  await page.goto('/keys');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Access keys' }).click();
  await expect(page).toHaveURL(/\/access-keys$/);
  await expect(page.getByRole('heading', { name: 'Access keys', level: 1 })).toBeVisible();
});

test('creating an access key shows its secret once; after closing and reloading the secret is nowhere on the page', async ({ page, baseURL }) => {
  const description = uniquePrefix('reporting-service');
  const { dialog, accessKeyId, secretAccessKey } = await createAccessKey(page, { role: 'Key user', description });
  expect(accessKeyId).toMatch(ACCESS_KEY_ID);
  expect(secretAccessKey).toMatch(SECRET);

  await test.step('the dialog warns that the secret is shown only now and gives a ready environment', async () => {
    await expect(dialog.getByText("Copy the secret access key now: you won't see it again")).toBeVisible();
    await expect(dialog.getByRole('button', { name: 'Copy access key ID' })).toBeVisible();
    await expect(dialog.getByRole('button', { name: 'Copy secret access key' })).toBeVisible();
    const environment = (await dialog.getByTestId('aws-environment').textContent()) ?? '';
    expect(environment).toContain(`export AWS_ACCESS_KEY_ID='${accessKeyId}'`);
    expect(environment).toContain(`export AWS_SECRET_ACCESS_KEY='${secretAccessKey}'`);
    // The API listener (scripts/e2e-server.mjs: the port after the console's), not the console's /api/aws.
    const consoleUrl = new URL(baseURL ?? '');
    expect(environment).toContain(`export AWS_ENDPOINT_URL_KMS='http://${consoleUrl.hostname}:${Number(consoleUrl.port) + 1}'`);
    expect(environment).toContain('aws kms list-keys --endpoint-url');
  });

  await test.step('a stray Escape or click outside does not close it and lose the secret', async () => {
    await page.keyboard.press('Escape');
    await page.mouse.click(5, 5);
    await expect(dialog).toBeVisible();
    await expect(dialog.getByTestId('new-secret-access-key')).toHaveText(secretAccessKey);
  });

  await test.step('the table lists the key as active and never used, owned by the administrator', async () => {
    await dialog.getByRole('button', { name: 'I have saved the secret, close' }).click();
    await expect(dialog).toBeHidden();
    await expect(accessKeyRow(page, accessKeyId)).toHaveCount(1);
    expect(await page.content()).not.toContain(secretAccessKey);
    await expect(await cell(page, accessKeyId, 'Role')).toHaveText('Key user');
    await expect(await cell(page, accessKeyId, 'Owner')).toHaveText(ADMIN.email);
    await expect(await cell(page, accessKeyId, 'Description')).toHaveText(description);
    await expect(await cell(page, accessKeyId, 'Last used (UTC)')).toHaveText('Never');
    await expect(await cell(page, accessKeyId, 'Status')).toHaveText('Active');
  });

  await test.step('after a reload the secret appears nowhere, neither on the page nor in its data', async () => {
    const bodies: Promise<string>[] = [];
    page.on('response', (response) => {
      if (['document', 'fetch'].includes(response.request().resourceType())) bodies.push(response.text().catch(() => ''));
    });
    await page.reload();
    await expect(accessKeyRow(page, accessKeyId)).toHaveCount(1);
    expect(await page.content()).not.toContain(secretAccessKey);
    const texts = await Promise.all(bodies);
    expect(texts.some((text) => text.includes(accessKeyId)), 'the reloaded page carried the list').toBe(true);
    for (const text of texts) expect(text).not.toContain(secretAccessKey);
    // Creating another key does not bring the earlier dialog (or its secret) back.
    await page.getByRole('button', { name: 'Create access key' }).click();
    await expect(page.getByRole('dialog', { name: 'Create access key' })).toBeVisible();
    expect(await page.content()).not.toContain(secretAccessKey);
  });
});

test('revoking asks for confirmation and marks the key Revoked for good', async ({ page }) => {
  const { dialog, accessKeyId } = await createAccessKey(page, { role: 'Auditor', description: uniquePrefix('to-revoke') });
  await dialog.getByRole('button', { name: 'I have saved the secret, close' }).click();
  await expect(await cell(page, accessKeyId, 'Status')).toHaveText('Active');

  await page.getByRole('button', { name: `Revoke access key ${accessKeyId}` }).click();
  const confirm = page.getByRole('alertdialog', { name: `Revoke access key ${accessKeyId}?` });
  await expect(confirm).toContainText('cannot be undone');
  await confirm.getByRole('button', { name: 'Cancel' }).click();
  await expect(confirm).toBeHidden();
  await expect(await cell(page, accessKeyId, 'Status')).toHaveText('Active');

  await page.getByRole('button', { name: `Revoke access key ${accessKeyId}` }).click();
  await confirm.getByRole('button', { name: 'Revoke access key' }).click();
  await expect(toast(page, 'Access key revoked')).toBeVisible();
  await expect(await cell(page, accessKeyId, 'Status')).toHaveText('Revoked');
  await expect(page.getByRole('button', { name: `Revoke access key ${accessKeyId}` })).toHaveCount(0);

  await page.reload();
  await expect(await cell(page, accessKeyId, 'Status')).toHaveText('Revoked');
  await expect(await cell(page, accessKeyId, 'Role')).toHaveText('Auditor');
  await expect(page.getByRole('button', { name: `Revoke access key ${accessKeyId}` })).toHaveCount(0);
});

test('the one-time secret dialog closes at the first click, even while the list behind it is still refreshing', async ({ page }) => {
  await page.goto('/access-keys');
  await page.getByRole('button', { name: 'Create access key' }).click();
  const form = page.getByRole('dialog', { name: 'Create access key' });
  await form.getByLabel('Role').selectOption({ label: 'Key user' });
  await form.getByLabel('Description').fill(uniquePrefix('slow-refresh'));
  const release = await holdPageRefresh(page);
  try {
    await form.getByRole('button', { name: 'Create access key' }).click();
    const dialog = page.getByRole('dialog', { name: 'Access key created' });
    await passReauthenticationIfAsked(page, dialog);
    await dialog.getByRole('button', { name: 'I have saved the secret, close' }).click();
    await expect(dialog).toBeHidden();
  } finally {
    await release();
  }
});

test('revoking a key another tab has revoked meanwhile closes the dialog and says so in a notice that stays readable', async ({ page }) => {
  const { dialog, accessKeyId } = await createAccessKey(page, { role: 'Key user', description: uniquePrefix('revoked-elsewhere') });
  await dialog.getByRole('button', { name: 'I have saved the secret, close' }).click();
  await page.getByRole('button', { name: `Revoke access key ${accessKeyId}` }).click();
  const confirm = page.getByRole('alertdialog', { name: `Revoke access key ${accessKeyId}?` });
  await expect(confirm).toBeVisible();

  const otherTab = await page.context().newPage();
  await otherTab.goto('/access-keys');
  await otherTab.getByRole('button', { name: `Revoke access key ${accessKeyId}` }).click();
  await otherTab.getByRole('alertdialog').getByRole('button', { name: 'Revoke access key' }).click();
  await expect(toast(otherTab, 'Access key revoked')).toBeVisible();
  await otherTab.close();

  await confirm.getByRole('button', { name: 'Revoke access key' }).click();
  await expect(confirm).toBeHidden();
  await expect(await cell(page, accessKeyId, 'Status')).toHaveText('Revoked');
  // Still there once the list has refreshed: a message inside the dialog went with the row's button.
  await expect(toast(page, 'This access key is already revoked. The list now shows its current status.')).toBeVisible();
});

test("a console-made access key signs AWS SDK calls to the console's /api/aws; last use shows; revoked, it is refused", async ({
  page,
  baseURL,
}) => {
  const { dialog, accessKeyId, secretAccessKey } = await createAccessKey(page, { role: 'Key user', description: uniquePrefix('sdk') });
  await dialog.getByRole('button', { name: 'I have saved the secret, close' }).click();
  const kms = new KMSClient({
    endpoint: `${baseURL}/api/aws`,
    region: 'eu-west-1',
    credentials: { accessKeyId, secretAccessKey },
    maxAttempts: 1,
    requestHandler: testRequestHandler(),
  });
  try {
    const listed = await kms.send(new ListKeysCommand({ Limit: 1 }));
    expect(Array.isArray(listed.Keys)).toBe(true);

    await page.reload();
    await expect(await cell(page, accessKeyId, 'Last used (UTC)')).not.toHaveText('Never');

    await page.getByRole('button', { name: `Revoke access key ${accessKeyId}` }).click();
    await page.getByRole('alertdialog').getByRole('button', { name: 'Revoke access key' }).click();
    await expect(await cell(page, accessKeyId, 'Status')).toHaveText('Revoked');
    // Credentials are cached for at most half a second, so the refusal follows within a second.
    await expect
      .poll(async () => kms.send(new ListKeysCommand({ Limit: 1 })).then(() => 'accepted', (error: Error) => error.name), {
        timeout: 3_000,
        intervals: [200],
      })
      .toBe('UnrecognizedClientException');
  } finally {
    kms.destroy();
  }
});

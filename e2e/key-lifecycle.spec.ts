import { expect, test, type Page } from './support/test';
import { captureActionPost, replayAction, withInput } from './support/server-action';
import { createKeyInConsole, keyDetail, openSeededKey, seedKey, toast } from './support/keys';
import { passReauthenticationIfAsked } from './support/reauthentication';
import { uniquePrefix } from './support/unique';

const DAY_MS = 24 * 60 * 60 * 1000;

async function disable(page: Page) {
  await page.getByRole('button', { name: 'Disable key' }).click();
  await page.getByRole('alertdialog').getByRole('button', { name: 'Disable key' }).click();
  await expect(toast(page, 'Key disabled')).toBeVisible();
}

async function openScheduleDeletion(page: Page) {
  await page.getByRole('button', { name: 'Schedule key deletion' }).click();
  const dialog = page.getByRole('alertdialog', { name: 'Schedule key deletion' });
  return { dialog, days: dialog.getByRole('spinbutton', { name: 'Waiting period (days)' }) };
}

async function scheduleDeletion(page: Page, days: number) {
  const schedule = await openScheduleDeletion(page);
  await schedule.days.fill(String(days));
  await schedule.dialog.getByRole('button', { name: 'Schedule deletion' }).click();
  await passReauthenticationIfAsked(page, toast(page, 'Key deletion scheduled'));
}

test('disabling asks for confirmation and makes the key Disabled; enabling makes it Enabled again', async ({ page }) => {
  await openSeededKey(page, { alias: uniquePrefix('toggle') });
  await expect(keyDetail(page, 'State')).toHaveText('Enabled');

  await page.getByRole('button', { name: 'Disable key' }).click();
  const confirm = page.getByRole('alertdialog', { name: 'Disable this key?' });
  await confirm.getByRole('button', { name: 'Cancel' }).click();
  await expect(confirm).toBeHidden();
  await expect(keyDetail(page, 'State')).toHaveText('Enabled');

  await disable(page);
  await expect(keyDetail(page, 'State')).toHaveText('Disabled');
  await expect(page.getByRole('button', { name: 'Disable key' })).toHaveCount(0);
  await page.reload();
  await expect(keyDetail(page, 'State')).toHaveText('Disabled');

  await page.getByRole('button', { name: 'Enable key' }).click();
  await expect(toast(page, 'Key enabled')).toBeVisible();
  await expect(keyDetail(page, 'State')).toHaveText('Enabled');
  await expect(page.getByRole('button', { name: 'Enable key' })).toHaveCount(0);
  await page.reload();
  await expect(keyDetail(page, 'State')).toHaveText('Enabled');
});

test('the description can be edited, and text with direction overrides is refused while emoji sequences and ZWNJ are kept', async ({ page }) => {
  await openSeededKey(page, { alias: uniquePrefix('describe'), description: 'Old purpose' });
  await page.getByRole('button', { name: 'Edit' }).click();
  const dialog = page.getByRole('dialog', { name: 'Edit description' });
  const field = dialog.getByRole('textbox', { name: 'Description' });
  await expect(field).toHaveValue('Old purpose');

  // A right-to-left override would make the description read as something else.
  await field.fill('invoices\u202Etxt.exe');
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(dialog.locator('#edit-description-error')).toHaveText(/characters that override the text direction/);
  await expect(field).toHaveAttribute('aria-invalid', 'true');

  // Zero-width joiners (an emoji family) and non-joiners (Persian) are ordinary text.
  const family = 'Team \u{1F468}\u200D\u{1F469}\u200D\u{1F467}\u200D\u{1F466} می\u200Cخواهم';
  await field.fill(family);
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(toast(page, 'Description updated')).toBeVisible();
  await expect(keyDetail(page, 'Description')).toContainText(family);
  await page.getByRole('button', { name: 'Edit' }).click();

  await field.fill('Signs "quoted" <b>invoices</b>');
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(toast(page, 'Description updated')).toBeVisible();
  await expect(dialog).toBeHidden();
  await expect(keyDetail(page, 'Description')).toContainText('Signs "quoted" <b>invoices</b>');
  await page.reload();
  await expect(keyDetail(page, 'Description')).toContainText('Signs "quoted" <b>invoices</b>');
});

test('an alias can be added to a key and removed from it; a taken alias is refused', async ({ page }) => {
  const alias = uniquePrefix('aliases');
  await openSeededKey(page, { alias });
  const aliases = page.getByRole('list', { name: 'Aliases' });

  await page.getByRole('button', { name: 'Add alias' }).click();
  const dialog = page.getByRole('dialog', { name: 'Add alias' });
  await dialog.getByRole('textbox', { name: 'Alias' }).fill(alias);
  await dialog.getByRole('button', { name: 'Add alias' }).click();
  await expect(dialog.locator('#new-alias-error')).toHaveText(/This alias is already in use/);

  await dialog.getByRole('textbox', { name: 'Alias' }).fill(`${alias}/second`);
  await dialog.getByRole('button', { name: 'Add alias' }).click();
  await expect(toast(page, 'Alias added')).toBeVisible();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('heading', { name: 'Aliases (2)' })).toBeVisible();
  await expect(aliases.getByRole('listitem')).toHaveText([alias, `${alias}/second`].sort().map((a) => new RegExp(`^${a}`)));

  await page.getByRole('button', { name: `Remove alias ${alias}/second` }).click();
  await page.getByRole('alertdialog', { name: `Remove alias ${alias}/second?` }).getByRole('button', { name: 'Remove alias' }).click();
  await expect(toast(page, 'Alias removed')).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Aliases (1)' })).toBeVisible();
  await page.reload();
  await expect(aliases.getByRole('listitem')).toHaveCount(1);
  await expect(aliases.getByRole('listitem')).toContainText(alias);
  await expect(page.getByRole('button', { name: `Remove alias ${alias}/second` })).toHaveCount(0);
});

test('a waiting period outside 7 to 1096 days is refused in the dialog and the key is not scheduled', async ({ page }) => {
  await openSeededKey(page, { alias: uniquePrefix('bad-window') });
  const { dialog, days } = await openScheduleDeletion(page);
  await expect(days).toHaveValue('30');

  for (const value of ['3', '2000', '6', '1097']) {
    await days.fill(value);
    await dialog.getByRole('button', { name: 'Schedule deletion' }).click();
    await expect(dialog.locator('#pending-window-error')).toHaveText('Enter a whole number of days between 7 and 1096.');
    await expect(days).toHaveAttribute('aria-invalid', 'true');
    await expect(dialog).toBeVisible();
  }
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await page.reload();
  await expect(keyDetail(page, 'State')).toHaveText('Enabled');
  await expect(keyDetail(page, 'Deletion date')).toHaveCount(0);
});

test('the server refuses a waiting period outside 7 to 1096 days even when the dialog is bypassed', async ({ page }) => {
  const prefix = uniquePrefix('bad-window-post');
  const target = await seedKey(page, { alias: `${prefix}-target` });
  await openSeededKey(page, { alias: `${prefix}-captured` });
  const schedule = await openScheduleDeletion(page);
  await schedule.days.fill('7');
  const post = await captureActionPost(page, () => schedule.dialog.getByRole('button', { name: 'Schedule deletion' }).click());
  // After this the session is fresh, so the replays below meet the input check, not the password prompt.
  await passReauthenticationIfAsked(page, toast(page, 'Key deletion scheduled'));
  await expect(keyDetail(page, 'State')).toHaveText('Pending deletion');

  // Judged by the effect, as a person would see it: the target is still Enabled with no deletion date.
  for (const pendingWindowInDays of [3, 2000, 7.5]) {
    await replayAction(page.request, withInput(post, { keyId: target, pendingWindowInDays }));
  }
  await page.goto(`/keys/${target}`);
  await expect(keyDetail(page, 'State')).toHaveText('Enabled');
  await expect(keyDetail(page, 'Deletion date')).toHaveCount(0);
  // Control: the same POST with an allowed window does schedule it, so the refusals were about the window.
  await replayAction(page.request, withInput(post, { keyId: target, pendingWindowInDays: 7 }));
  await page.reload();
  await expect(keyDetail(page, 'State')).toHaveText('Pending deletion');
});

test('scheduling deletion in 7 days makes the key Pending deletion with that date; cancelling leaves a generated key Disabled', async ({ page }) => {
  await openSeededKey(page, { alias: uniquePrefix('delete-kms') });
  const { dialog, days } = await openScheduleDeletion(page);
  await days.fill('7');
  await expect(dialog.getByText(/^The key will be deleted on .+ UTC\.$/)).toBeVisible();
  const scheduledAt = Date.now();
  await dialog.getByRole('button', { name: 'Schedule deletion' }).click();

  await passReauthenticationIfAsked(page, toast(page, 'Key deletion scheduled'));
  await expect(keyDetail(page, 'State')).toHaveText('Pending deletion');
  await expect(page.getByText('This key is scheduled for deletion')).toBeVisible();
  const deletionDate = Date.parse((await keyDetail(page, 'Deletion date').locator('time').getAttribute('datetime')) ?? '');
  expect(Math.abs(deletionDate - (scheduledAt + 7 * DAY_MS))).toBeLessThan(5 * 60 * 1000);
  // A key waiting for deletion cannot be used or changed; only the cancellation is offered.
  for (const name of ['Enable key', 'Disable key', 'Schedule key deletion', 'Edit', 'Add alias']) {
    await expect(page.getByRole('button', { name, exact: true })).toHaveCount(0);
  }

  await page.getByRole('button', { name: 'Cancel key deletion' }).click();
  await expect(toast(page, 'Key deletion cancelled')).toBeVisible();
  await expect(keyDetail(page, 'State')).toHaveText('Disabled');
  await expect(keyDetail(page, 'Deletion date')).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Enable key' })).toBeVisible();
});

test('cancelling the deletion of an external key without material returns it to Pending import', async ({ page }) => {
  await openSeededKey(page, { alias: uniquePrefix('delete-external'), origin: 'EXTERNAL' });
  await expect(keyDetail(page, 'State')).toHaveText('Pending import');
  await scheduleDeletion(page, 7);
  await expect(keyDetail(page, 'State')).toHaveText('Pending deletion');

  await page.getByRole('button', { name: 'Cancel key deletion' }).click();
  await expect(toast(page, 'Key deletion cancelled')).toBeVisible();
  await expect(keyDetail(page, 'State')).toHaveText('Pending import');
  await expect(page.getByTestId('key-material-status')).toHaveText('Awaiting import');
});

test('the audit log records every change and refusal, and filters by key, action and result', async ({ page, context }) => {
  const alias = uniquePrefix('audited');
  // Made in the console, so that its creation is one CreateKey record by the signed-in person.
  const keyId = await createKeyInConsole(page, { alias });
  await disable(page);
  await page.getByRole('button', { name: 'Enable key' }).click();
  await expect(toast(page, 'Key enabled')).toBeVisible();
  await scheduleDeletion(page, 7);
  await page.getByRole('button', { name: 'Cancel key deletion' }).click();
  await expect(toast(page, 'Key deletion cancelled')).toBeVisible();

  // A second tab still offers "Enable key" after the first one enabled the key: its click is refused.
  const stale = await context.newPage();
  await stale.goto(`/keys/${keyId}`);
  await page.getByRole('button', { name: 'Enable key' }).click();
  await expect(keyDetail(page, 'State')).toHaveText('Enabled');
  await stale.getByRole('button', { name: 'Enable key' }).click();
  await expect(stale.getByRole('alert').filter({ hasText: "not allowed in the key's current state" })).toBeVisible();
  // …and the stale tab refreshes to what the key is now.
  await expect(keyDetail(stale, 'State')).toHaveText('Enabled');
  await stale.close();

  const table = page.getByRole('table', { name: 'Audit events' });
  const column = (n: number) => table.locator(`tbody tr td:nth-child(${n})`);
  // The action column shows a readable name over the stable one that filters and exports use.
  const actionNames = column(3).getByTestId('audit-action-name');
  // The filter form stays on the page after each search; every call sets all three fields.
  await page.goto('/audit');
  async function filterAudit(filters: { keyId?: string; action?: string; result?: string }) {
    await page.getByLabel('Key ID').fill(filters.keyId ?? '');
    await page.getByLabel('Action').selectOption(filters.action ?? '');
    await page.getByLabel('Result').selectOption(filters.result ? { label: filters.result } : { value: '' });
    await page.getByRole('button', { name: 'Filter', exact: true }).click();
    // The form also carries the actor and address filters, left empty here.
    const query = new URLSearchParams({ keyId: filters.keyId ?? '', action: filters.action ?? '', result: filters.result?.toUpperCase() ?? '', actor: '', address: '' });
    await expect(page).toHaveURL(`/audit?${query.toString()}`);
  }

  await test.step('by key', async () => {
    await filterAudit({ keyId });
    await expect(table.locator('tbody tr')).toHaveCount(7);
    expect((await actionNames.allTextContents()).sort()).toEqual(
      ['CreateKey', 'DisableKey', 'EnableKey', 'ScheduleKeyDeletion', 'CancelKeyDeletion', 'EnableKey', 'EnableKey'].sort(),
    );
    // The key column shows the key's alias beside its ID.
    expect(new Set(await column(4).locator('a').allTextContents())).toEqual(new Set([keyId]));
    await expect(column(4).getByTestId('audit-key-aliases')).toHaveText(Array(7).fill(alias));
    await expect(column(2).first()).toContainText('User');
  });
  await test.step('by key and action', async () => {
    await filterAudit({ keyId, action: 'ScheduleKeyDeletion' });
    await expect(table.locator('tbody tr')).toHaveCount(1);
    await expect(column(5)).toHaveText(['Success']);
  });
  await test.step('by key and result', async () => {
    await filterAudit({ keyId, result: 'Failure' });
    await expect(table.locator('tbody tr')).toHaveCount(1);
    await expect(actionNames).toHaveText(['EnableKey']);
    await expect(column(6)).toHaveText(['INVALID_STATE']);
    await filterAudit({ keyId, action: 'EnableKey', result: 'Success' });
    await expect(table.locator('tbody tr')).toHaveCount(2);
  });
  await test.step('by action alone', async () => {
    await filterAudit({ action: 'CancelKeyDeletion' });
    await expect(table.locator('tbody tr').filter({ hasNotText: 'CancelKeyDeletion' })).toHaveCount(0);
    await expect(table.locator('tbody tr').filter({ hasText: keyId })).toHaveCount(1);
  });
  await test.step('a partial key ID is pointed out instead of matching nothing', async () => {
    await filterAudit({ keyId: keyId.slice(0, 8) });
    await expect(page.getByText(/^Enter a complete key ID/)).toBeVisible();
  });
  await test.step('clearing the filters empties the fields as well', async () => {
    await filterAudit({ keyId, action: 'DisableKey', result: 'Success' });
    await page.getByRole('search', { name: 'Filter audit events' }).getByRole('link', { name: 'Clear filters' }).click();
    await expect(page).toHaveURL(/\/audit$/);
    await expect(page.getByLabel('Key ID')).toHaveValue('');
    await expect(page.getByLabel('Action')).toHaveValue('');
    await expect(page.getByLabel('Result')).toHaveValue('');
  });
});

test('scheduling the deletion of a key another tab has scheduled meanwhile closes the dialog and says so in a notice that stays readable', async ({ page }) => {
  const keyId = await openSeededKey(page, { alias: uniquePrefix('scheduled-elsewhere') });
  const schedule = await openScheduleDeletion(page);
  await expect(schedule.dialog).toBeVisible();

  const otherTab = await page.context().newPage();
  await otherTab.goto(`/keys/${keyId}`);
  await scheduleDeletion(otherTab, 7);
  await otherTab.close();

  await schedule.dialog.getByRole('button', { name: 'Schedule deletion' }).click();
  await expect(schedule.dialog).toBeHidden();
  await expect(keyDetail(page, 'State')).toHaveText('Pending deletion');
  // The refresh removed the dialog's button: a message inside the dialog would have gone with it.
  await expect(page.getByRole('button', { name: 'Schedule key deletion' })).toHaveCount(0);
  await expect(
    toast(page, "This action is not allowed in the key's current state. Refresh the page to see the current state, then choose an action it allows."),
  ).toBeVisible();
});

import { join } from 'node:path';
import { expect, test, type Locator, type Page } from './support/test';
import { ADMIN, SIGNED_OUT } from './support/admin';
import { seedKey } from './support/keys';
import { downloadParameters, getParameters, importWrapped, openWizard, runCommands, wizardCommands, workFolder } from './support/import-material';
import { PHONE } from './support/layout';
import { REAUTHENTICATION_DIALOG } from './support/reauthentication';
import { uniquePrefix } from './support/unique';
import { expectAccessible } from './support/axe';
import { consolePagePaths } from './support/console-pages';

// axe-core on every page and dialog of the console (WCAG 2.x A and AA rules): nothing serious or critical may
// be found. A dialog is checked while open, with the page behind it (Radix hides that from assistive
// technology, so axe sees what a screen reader does). The first-run set-up page is not here: once the
// administrator exists (first-run.setup.ts) it only redirects to sign-in. The re-authentication dialog is
// checked in sessions.spec.ts, on a session aged for it.

/** Opens a dialog with `trigger`, checks the page with it open, and closes it again with `close`. */
async function checkDialog(page: Page, what: string, trigger: Locator, dialog: Locator, close?: Locator): Promise<void> {
  await test.step(what, async () => {
    await trigger.click();
    await expect(dialog).toBeVisible();
    await expectAccessible(page, what);
    if (close) await close.click();
    else await page.keyboard.press('Escape');
    await expect(dialog).toBeHidden();
  });
}

async function visitAndCheck(page: Page, path: string): Promise<void> {
  await test.step(path, async () => {
    await page.goto(path);
    await expect(page.getByRole('heading', { level: 1 }).first()).toBeVisible();
    await expectAccessible(page, path);
  });
}

test('every console page', async ({ page }) => {
  const enabled = await seedKey(page, { alias: uniquePrefix('a11y-enabled'), description: 'Checked by axe' });
  const pending = await seedKey(page, { alias: uniquePrefix('a11y-pending'), origin: 'EXTERNAL' });
  for (const path of consolePagePaths({ enabled, pending })) await visitAndCheck(page, path);

  await test.step('an audit record', async () => {
    await page.goto('/audit');
    await page.getByRole('table').getByRole('link').first().click();
    await expect(page).toHaveURL(/\/audit\/[^/?]+$/);
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await expectAccessible(page, 'an audit record');
  });

  await test.step("a person's sessions", async () => {
    await page.goto('/people');
    const link = page.locator('a[href^="/people/"][href$="/sessions"]').first();
    await link.click();
    await expect(page).toHaveURL(/\/people\/[^/]+\/sessions$/);
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await expectAccessible(page, "a person's sessions");
  });

  await test.step('the keys list filtered to nothing', async () => {
    await page.goto(`/keys?q=${uniquePrefix('nothing')}`);
    await expect(page.getByRole('heading', { name: 'No keys match' })).toBeVisible();
    await expectAccessible(page, 'the empty keys list');
  });
});

test("the key page's dialogs and the import wizard", async ({ page }) => {
  test.setTimeout(120_000);
  const alias = uniquePrefix('a11y-dialogs');
  const keyId = await seedKey(page, { alias });
  await page.goto(`/keys/${keyId}`);
  await checkDialog(page, 'add alias', page.getByRole('button', { name: 'Add alias' }), page.getByRole('dialog', { name: 'Add alias' }));
  await checkDialog(page, 'edit description', page.getByRole('button', { name: 'Edit' }), page.getByRole('dialog', { name: 'Edit description' }));
  await checkDialog(
    page,
    'schedule deletion',
    page.getByRole('button', { name: 'Schedule key deletion' }),
    page.getByRole('alertdialog', { name: 'Schedule key deletion' }),
    page.getByRole('alertdialog').getByRole('button', { name: 'Cancel' }),
  );
  await checkDialog(
    page,
    'disable key',
    page.getByRole('button', { name: 'Disable key' }),
    page.getByRole('alertdialog', { name: 'Disable this key?' }),
    page.getByRole('alertdialog').getByRole('button', { name: 'Cancel' }),
  );
  await checkDialog(
    page,
    'remove alias',
    page.getByRole('button', { name: `Remove alias ${alias}` }),
    page.getByRole('alertdialog', { name: `Remove alias ${alias}?` }),
    page.getByRole('alertdialog').getByRole('button', { name: 'Cancel' }),
  );

  const work = workFolder();
  try {
    const externalAlias = uniquePrefix('a11y-import');
    const external = await seedKey(page, { alias: externalAlias, origin: 'EXTERNAL' });
    await page.goto(`/keys/${external}`);
    await test.step('the import wizard, opened and with parameters', async () => {
      await openWizard(page);
      await expectAccessible(page, 'the import wizard');
      await getParameters(page);
      await expectAccessible(page, 'the import wizard with parameters');
    });
    await test.step('the import wizard, with errors in step 2', async () => {
      await page.getByRole('region', { name: 'Import key material', exact: true }).getByRole('button', { name: 'Import key material', exact: true }).click();
      await expect(page.getByLabel('Wrapped key material file')).toHaveAttribute('aria-invalid', 'true');
      await expectAccessible(page, 'the import wizard with errors');
    });
    await test.step('after the import', async () => {
      await downloadParameters(page, work.dir);
      runCommands(await wizardCommands(page), work.dir);
      await importWrapped(page, { wrappedFile: join(work.dir, `wrappedKeyMaterial-${external}.bin`) });
      await expect(page.getByTestId('import-success')).toBeVisible();
      await expectAccessible(page, 'the key page after an import');
    });
    await checkDialog(
      page,
      'delete key material',
      page.getByRole('button', { name: 'Delete material of version 1' }),
      page.getByRole('alertdialog', { name: 'Delete the key material of version 1?' }),
      page.getByRole('alertdialog').getByRole('button', { name: 'Cancel' }),
    );
  } finally {
    work.remove();
  }
});

test('the access-key and people dialogs', async ({ page }) => {
  await page.goto('/access-keys');
  await test.step('create access key, and the one-time secret', async () => {
    await page.getByRole('button', { name: 'Create access key' }).click();
    const form = page.getByRole('dialog', { name: 'Create access key' });
    await expect(form).toBeVisible();
    await expectAccessible(page, 'the create-access-key dialog');
    await form.getByLabel('Description').fill('axe');
    await form.getByRole('button', { name: 'Create access key' }).click();
    const created = page.getByRole('dialog', { name: 'Access key created' });
    const reauthentication = page.getByRole('dialog', { name: REAUTHENTICATION_DIALOG });
    await expect(created.or(reauthentication).first()).toBeVisible();
    if (await reauthentication.isVisible()) {
      await expectAccessible(page, 'the re-authentication dialog');
      await reauthentication.getByLabel('Password').fill(ADMIN.password);
      await reauthentication.getByRole('button', { name: 'Continue' }).click();
    }
    await expect(created).toBeVisible();
    await expectAccessible(page, 'the access-key-created dialog');
    await created.getByRole('button', { name: 'I have saved the secret, close' }).click();
    await expect(created).toBeHidden();
  });

  const email = `${uniquePrefix('a11y')}@example.com`;
  await page.goto('/people');
  await test.step('add person, and the set-password link', async () => {
    await page.getByRole('button', { name: 'Add person' }).click();
    const form = page.getByRole('dialog', { name: 'Add person' });
    await expect(form).toBeVisible();
    await expectAccessible(page, 'the add-person dialog');
    await form.getByLabel('Email').fill(email);
    await form.getByLabel('Name').fill('Axe Checked');
    await form.getByRole('button', { name: 'Add person' }).click();
    const added = page.getByRole('dialog', { name: `${email} added` });
    await expect(added).toBeVisible();
    await expectAccessible(page, 'the person-added dialog');
    await added.getByRole('button', { name: 'I have copied the link, close' }).click();
    await expect(added).toBeHidden();
  });
  await checkDialog(
    page,
    'change role',
    page.getByRole('button', { name: `Change the role of ${email}` }),
    page.getByRole('dialog', { name: `Change the role of ${email}` }),
  );
  await checkDialog(
    page,
    'reissue link',
    page.getByRole('button', { name: `Issue a new set-password link for ${email}` }),
    page.getByRole('alertdialog', { name: `New set-password link for ${email}?` }).or(page.getByRole('dialog', { name: `New set-password link for ${email}?` })),
    page.getByRole('button', { name: 'Cancel' }),
  );
});

test('the navigation drawer and a table on a phone', async ({ page }) => {
  await page.setViewportSize(PHONE);
  await page.goto('/keys');
  await expectAccessible(page, 'the keys list on a phone');
  await checkDialog(page, 'the navigation drawer', page.getByRole('button', { name: 'Open navigation' }), page.getByRole('dialog', { name: 'Navigation' }));
});

test.describe('signed out', () => {
  test.use({ storageState: SIGNED_OUT });

  test('the sign-in and set-password pages', async ({ page }) => {
    await visitAndCheck(page, '/sign-in');
    await test.step('sign-in with a field left empty', async () => {
      await page.getByRole('button', { name: 'Sign in' }).click();
      await expect(page.locator('[aria-invalid="true"]').first()).toBeVisible();
      await expectAccessible(page, 'the sign-in page with an error');
    });
    await visitAndCheck(page, '/set-password');
  });
});

import { join } from 'node:path';
import { expect, test, type Page } from './support/test';
import { createKeyInConsole, keyDetail, keyRows, searchKeys, toast } from './support/keys';
import { downloadParameters, getParameters, importWrapped, materialDetail, openWizard, runCommands, wizard, wizardCommands, workFolder } from './support/import-material';
import { expectBreaksOnlyAtSeparators, expectNoSidewaysScroll, expectWithinScreenWidth, PHONE } from './support/layout';
import { passReauthenticationIfAsked } from './support/reauthentication';
import { uniquePrefix } from './support/unique';

// The console's main flows on a small phone: navigation through the menu drawer, the keys list, creating a
// key, importing material with the wizard and deleting it again, with nothing cut off or pushed off-screen.

test.use({ viewport: PHONE });

/** A long alias, as real ones are (`team/service/purpose`): too long for one line of the page title. */
function longAlias(label: string): string {
  return `${uniquePrefix(label)}/payments-service/customer-records`;
}

const CONSOLE_PAGES = ['/keys', '/keys/new', '/access-keys', '/people', '/settings', '/audit', '/account', '/account/security'];

test('the navigation is a menu button that opens a drawer, closed by Escape and by choosing a page', async ({ page }) => {
  await page.goto('/keys');
  const sidebar = page.getByRole('navigation', { name: 'Main' });
  await expect(sidebar).toBeHidden();
  // While the drawer is open the rest of the page, this button too, is hidden from assistive technology.
  const menu = page.getByRole('button', { name: 'Open navigation', includeHidden: true });
  await expect(menu).toHaveAttribute('aria-expanded', 'false');

  await menu.click();
  const drawer = page.getByRole('dialog', { name: 'Navigation' });
  await expect(drawer).toBeVisible();
  await expect(menu).toHaveAttribute('aria-expanded', 'true');
  await expect(menu).toHaveAttribute('aria-controls', (await drawer.getAttribute('id')) ?? '');
  await expect(drawer.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Keys', exact: true })).toHaveAttribute('aria-current', 'page');
  await expectWithinScreenWidth(drawer);
  await page.keyboard.press('Escape');
  await expect(drawer).toBeHidden();
  await expect(menu).toBeFocused();

  await menu.click();
  await drawer.getByRole('link', { name: 'Access keys' }).click();
  await expect(page).toHaveURL(/\/access-keys$/);
  await expect(drawer).toBeHidden();
  await expect(page.getByRole('heading', { level: 1, name: 'Access keys' })).toBeVisible();
});

test('no console page scrolls sideways on a phone', async ({ page }) => {
  for (const path of CONSOLE_PAGES) {
    await test.step(path, async () => {
      await page.goto(path);
      await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
      await expectNoSidewaysScroll(page);
    });
  }
});

/** The scroll box around a table. */
async function scrollTableToEnd(page: Page, name: string): Promise<void> {
  await page.getByRole('table', { name }).evaluate((table) => {
    const box = table.parentElement as HTMLElement;
    box.scrollLeft = box.scrollWidth;
  });
}

test('creating a key: the title and aliases wrap between words, the actions stay on screen, the list keeps each row named', async ({ page }) => {
  const alias = longAlias('phone-create');
  await test.step('create through the form', async () => {
    await createKeyInConsole(page, { alias, description: 'Created on a phone' });
    await expect(toast(page, 'Key created')).toBeVisible();
    await expectWithinScreenWidth(toast(page, 'Key created'));
  });

  await test.step('the detail page', async () => {
    const title = page.getByRole('heading', { level: 1 });
    await expect(title).toContainText(alias);
    await expectBreaksOnlyAtSeparators(page.getByTestId('key-title'));
    await expectWithinScreenWidth(page.getByRole('button', { name: 'Schedule key deletion' }));
    await expectWithinScreenWidth(page.getByRole('button', { name: 'Disable key' }));
    await expectBreaksOnlyAtSeparators(page.getByRole('list', { name: 'Aliases' }).getByRole('listitem').first().locator('span').first());
    await expectBreaksOnlyAtSeparators(keyDetail(page, 'Aliases'));
    await expect(keyDetail(page, 'State')).toHaveText('Enabled');
    await expectNoSidewaysScroll(page);
  });

  await test.step('the schedule-deletion dialog fits the screen', async () => {
    await page.getByRole('button', { name: 'Schedule key deletion' }).click();
    const dialog = page.getByRole('alertdialog', { name: 'Schedule key deletion' });
    await expectWithinScreenWidth(dialog);
    await expectWithinScreenWidth(dialog.getByRole('button', { name: 'Schedule deletion' }));
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await expect(dialog).toBeHidden();
  });

  await test.step('the keys list scrolls sideways inside its box and keeps the alias in view', async () => {
    await searchKeys(page, alias);
    const row = keyRows(page).first();
    await expect(row).toContainText(alias.slice(0, 12));
    await expectNoSidewaysScroll(page);
    await scrollTableToEnd(page, 'Keys');
    // Scrolled to its last column, the row still says which key it is.
    await expectWithinScreenWidth(row.locator('td').last());
    const aliasCell = row.locator('td').first();
    await expectWithinScreenWidth(aliasCell);
    await expect(aliasCell).toContainText(alias.slice(0, 12));
  });
});

test('importing material with the wizard and deleting it again, on a phone', async ({ page }) => {
  test.setTimeout(120_000);
  const work = workFolder();
  try {
    const alias = longAlias('phone-import');
    const keyId = await createKeyInConsole(page, { alias, origin: 'EXTERNAL' });
    await expect(keyDetail(page, 'State')).toHaveText('Pending import');

    const panel = await test.step('step 1: the wizard and its parameters fit the screen; commands wrap instead of hiding', async () => {
      const panel = await openWizard(page);
      await expectWithinScreenWidth(panel.getByLabel('Wrapping algorithm'));
      await getParameters(page);
      const commands = panel.getByTestId('openssl-commands');
      await expectWithinScreenWidth(commands);
      const cut = await commands.evaluate((pre) => pre.scrollWidth - pre.clientWidth);
      expect(cut, 'pixels of the commands hidden in a sideways scroller').toBeLessThanOrEqual(0);
      await expectWithinScreenWidth(panel.getByRole('button', { name: 'Download import token' }));
      await expectNoSidewaysScroll(page);
      return panel;
    });

    await test.step('step 2: the wrapped material is imported and the key is Enabled', async () => {
      await downloadParameters(page, work.dir);
      runCommands(await wizardCommands(page), work.dir);
      await expectWithinScreenWidth(panel.getByRole('button', { name: 'Import key material', exact: true }));
      await importWrapped(page, { wrappedFile: join(work.dir, `wrappedKeyMaterial-${keyId}.bin`) });
      await expect(toast(page, 'Key material imported')).toBeVisible();
      await expect(wizard(page)).toBeHidden();
      // The wizard's controls are gone: the keyboard is on the confirmation in their place.
      await expect(page.getByTestId('import-success')).toBeFocused();
      await expectWithinScreenWidth(page.getByTestId('import-success'));
      await expect(keyDetail(page, 'State')).toHaveText('Enabled');
      await expect(materialDetail(page, 'Status')).toHaveText('Imported');
      await expectNoSidewaysScroll(page);
    });

    await test.step('the material is deleted through its confirmation dialog, which fits the screen', async () => {
      await page.getByRole('button', { name: 'Delete material of version 1' }).click();
      const dialog = page.getByRole('alertdialog', { name: 'Delete the key material of version 1?' });
      await expectWithinScreenWidth(dialog);
      await dialog.getByLabel(`Type ${alias} to confirm`).fill(alias);
      const confirm = dialog.getByRole('button', { name: 'Delete key material' });
      await expectWithinScreenWidth(confirm);
      await confirm.click();
      await passReauthenticationIfAsked(page, toast(page, 'Key material deleted'));
      await expect(keyDetail(page, 'State')).toHaveText('Pending import');
      await expect(page.getByTestId('import-success')).toHaveCount(0);
    });
  } finally {
    work.remove();
  }
});

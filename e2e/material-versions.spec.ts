import { join } from 'node:path';
import { SIGNED_OUT } from './support/admin';
import { expectAccessible } from './support/axe';
import { importThroughWizard, workFolder } from './support/import-material';
import { openSeededKey, seedKey, toast } from './support/keys';
import { expectNoSidewaysScroll, expectWithinScreenWidth } from './support/layout';
import { addPerson, PASSWORD, removePerson, setPasswordElsewhere, signIn, signInAdministrator } from './support/people';
import { passReauthenticationIfAsked } from './support/reauthentication';
import { expect, test } from './support/test';
import { uniquePrefix } from './support/unique';
import { expectVersionState, versionRow, versionsPanel, versionsTable } from './support/versions';

// The key page's versions view (SPEC §11): one row per version, whole material ID and key check value, on a
// 390 px phone too; and what each role is offered there (SPEC §9).

const IPHONE = { width: 390, height: 844 } as const;

test('an imported key’s version: whole material ID, KCV, state, import state, expiry and import date, accessible', async ({ page }) => {
  const work = workFolder();
  try {
    const keyId = await openSeededKey(page, { alias: uniquePrefix('versions-view'), origin: 'EXTERNAL' });
    await expect(versionsPanel(page)).toContainText('This key has no key material yet. Its first import creates version 1.');
    await expect(versionsTable(page)).toHaveCount(0);
    await importThroughWizard(page, { keyId, dir: work.dir, expiresAt: Date.now() + 3 * 24 * 60 * 60 * 1000 });

    const row = versionRow(page, 1);
    await expect(row.getByRole('cell').first()).toHaveText('Version 1');
    await expectVersionState(page, 1, 'CURRENT');
    await expect(row.getByTestId('version-import-state')).toHaveText('Imported');
    await expect(row.getByTestId('version-kcv')).toHaveText(/^[0-9A-F]{6}$/);
    // The same material ID as the key's, whole, with its own copy button.
    const materialId = (await page.getByTestId('material-id').textContent()) ?? '';
    await expect(row.getByTestId('version-material-id')).toHaveText(materialId);
    await expect(row.getByRole('button', { name: 'Copy material ID of version 1' })).toBeVisible();
    // The expiry with the live countdown the key's material shows.
    await expect(row.getByTestId('version-expiry').getByTestId('material-expiry-countdown')).toHaveAttribute('data-urgency', 'WARNING');
    await expect(row.getByTestId('version-rotation')).toHaveText('—');
    // The key page's help compares a file with the CURRENT version's key check value.
    await expect(page.getByTestId('material-id-help')).toContainText(`(${(await row.getByTestId('version-kcv').textContent()) ?? ''})`);
    await expectAccessible(page, 'the versions view of an imported key');
  } finally {
    work.remove();
  }
});

test.describe('on a 390 px phone', () => {
  test.use({ viewport: IPHONE });

  test('the versions table scrolls in its own box with the version column in view, and Rotate now fits the screen', async ({ page }) => {
    await openSeededKey(page, { alias: uniquePrefix('versions-phone') });
    await versionsPanel(page).getByRole('button', { name: 'Rotate now' }).click();
    const dialog = page.getByRole('alertdialog', { name: 'Rotate this key now?' });
    await expectWithinScreenWidth(dialog, IPHONE.width);
    await dialog.getByRole('button', { name: 'Rotate now' }).click();
    await passReauthenticationIfAsked(page, toast(page, 'Key rotated'));
    await expect(versionsTable(page).locator('tbody tr')).toHaveCount(2);

    await expectNoSidewaysScroll(page);
    const firstCell = versionRow(page, 2).getByRole('cell').first();
    await firstCell.scrollIntoViewIfNeeded();
    await expectWithinScreenWidth(firstCell, IPHONE.width);
    // Scrolled to its far end, the table still shows which row is which.
    await versionsTable(page).evaluate((table) => table.parentElement?.scrollBy({ left: 10_000 }));
    await expectWithinScreenWidth(firstCell, IPHONE.width);
    await expect(firstCell).toHaveText('Version 2');
    // The table's own box fits the screen: it scrolls inside it, the page does not.
    await expectWithinScreenWidth(versionsTable(page).locator('xpath=..'), IPHONE.width);
  });
});

test.describe('roles', () => {
  test.use({ storageState: SIGNED_OUT });

  test('a Key user sees the versions but no rotation, import or delete; a Key manager is offered them', async ({ page, browser, baseURL }) => {
    test.slow();
    await signInAdministrator(page);
    const work = workFolder();
    const prefix = uniquePrefix('versions-roles');
    const links: string[] = [];
    const added: string[] = [];
    const people = [
      { email: `${prefix}-key-user@example.com`, label: 'Key user' },
      { email: `${prefix}-key-manager@example.com`, label: 'Key manager' },
    ];
    try {
      const generated = await seedKey(page, { alias: `${prefix}/generated` });
      const external = await openSeededKey(page, { alias: `${prefix}/external`, origin: 'EXTERNAL' });
      await importThroughWizard(page, { keyId: external, dir: join(work.dir), expiresAt: null });
      for (const person of people) {
        links.push(await addPerson(page, { email: person.email, name: `E2E ${person.label}`, roleLabel: person.label }));
        added.push(person.email);
      }

      for (const [index, person] of people.entries()) {
        await test.step(person.label, async () => {
          const manager = person.label === 'Key manager';
          const count = manager ? 1 : 0;
          const { context, page: theirs } = await setPasswordElsewhere(browser, baseURL, links[index] ?? '');
          try {
            await signIn(theirs, person.email, PASSWORD);
            await expect(theirs).toHaveURL(/\/keys$/);

            await theirs.goto(`/keys/${external}`);
            await expectVersionState(theirs, 1, 'CURRENT');
            await expect(versionRow(theirs, 1).getByTestId('version-kcv')).toHaveText(/^[0-9A-F]{6}$/);
            await expect(versionsPanel(theirs).getByRole('button', { name: 'Import new material for rotation' })).toHaveCount(count);
            await expect(versionRow(theirs, 1).getByRole('button', { name: 'Re-import version 1' })).toHaveCount(count);
            await expect(versionRow(theirs, 1).getByRole('button', { name: 'Delete material of version 1' })).toHaveCount(count);
            await expect(versionsTable(theirs).getByRole('columnheader', { name: 'Actions' })).toHaveCount(count);

            await theirs.goto(`/keys/${generated}`);
            await expectVersionState(theirs, 1, 'CURRENT');
            await expect(theirs.getByTestId('automatic-rotation-status')).toHaveText(/^Off\./);
            await expect(versionsPanel(theirs).getByRole('button', { name: 'Rotate now' })).toHaveCount(count);
            await expect(theirs.getByRole('button', { name: 'Turn on automatic rotation' })).toHaveCount(count);
          } finally {
            await context.close();
          }
        });
      }
    } finally {
      work.remove();
      await page.goto('/people');
      for (const email of added) await removePerson(page, email);
    }
  });
});

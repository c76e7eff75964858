import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { expectAccessible } from './support/axe';
import { downloadParameters, getParameters, importWrapped, openWizard, runCommands, wizard, wizardCommands, workFolder } from './support/import-material';
import { keyDetail, openSeededKey, toast } from './support/keys';
import { ADMIN, SIGNED_OUT } from './support/admin';
import { signInAdministrator } from './support/people';
import { passReauthenticationIfAsked, REAUTHENTICATION_DIALOG } from './support/reauthentication';
import { ageSessionProof } from './support/session-age';
import { expect, test, type Page } from './support/test';
import { uniquePrefix } from './support/unique';
import { expectVersionState, runKcvCommand, versionRow, versionsPanel, versionsTable, wizardKcvCommand } from './support/versions';

// SPEC §11 through the console, end to end with the real openssl: an imported key gets version 1, new
// material for a rotation (version 2, pending), is rotated, loses version 1's material and gets it back from
// that version's row; a generated key rotates automatically on a schedule and on demand.

const DAY_MS = 24 * 60 * 60 * 1000;

/** Step 1 and the files: parameters (RSA_2048 for speed), both downloads, the wizard's commands run as shown. */
async function prepareWrapped(page: Page, dir: string): Promise<string> {
  await getParameters(page, { keySpec: 'RSA_2048' });
  await downloadParameters(page, dir);
  const commands = await wizardCommands(page);
  runCommands(commands, dir);
  return commands;
}

async function rotateNow(page: Page, expectedInDialog: string | RegExp): Promise<void> {
  await versionsPanel(page).getByRole('button', { name: 'Rotate now' }).click();
  const dialog = page.getByRole('alertdialog', { name: 'Rotate this key now?' });
  await expect(dialog).toContainText(expectedInDialog);
  await expectAccessible(page, 'the rotate-now dialog');
  await dialog.getByRole('button', { name: 'Rotate now' }).click();
  // Rotation is sensitive (SPEC §9): an old session proof is asked for again, then the rotation goes on.
  await passReauthenticationIfAsked(page, toast(page, 'Key rotated'));
}

test('an imported key rotates to new material: version 2 pending with its KCV, rotate now, then version 1 deleted and re-imported from its row', async ({ page }) => {
  test.setTimeout(180_000);
  const work = workFolder();
  const wrong = workFolder();
  try {
    const alias = uniquePrefix('rotate-imported');
    const keyId = await openSeededKey(page, { alias, origin: 'EXTERNAL' });
    const wrapped = join(work.dir, `wrappedKeyMaterial-${keyId}.bin`);
    let kcv1 = '';
    let kcv2 = '';

    await test.step('version 1: the wizard shows the KCV command before the upload and the KCV Keyfort computed after it', async () => {
      const panel = await openWizard(page);
      await expect(panel.getByTestId('import-target')).toHaveText('The material you import now becomes version 1 of this key, bound to it for good.');
      await prepareWrapped(page, work.dir);
      const command = await wizardKcvCommand(page);
      expect(command).toContain(`keyMaterial-${keyId}.bin`);
      kcv1 = runKcvCommand(command, work.dir);
      await importWrapped(page, { wrappedFile: wrapped });
      await expect(page.getByTestId('imported-kcv')).toHaveText(`Keyfort computed the key check value ${kcv1} for version 1: it matches your file only if the right material went in.`);
      await expectVersionState(page, 1, 'CURRENT');
      await expect(versionRow(page, 1).getByTestId('version-kcv')).toHaveText(kcv1);
      await expect(versionRow(page, 1).getByTestId('version-import-state')).toHaveText('Imported');
    });

    await test.step('new material for rotation: its own file, a description, and a PENDING_ROTATION row whose KCV is openssl’s', async () => {
      await versionsPanel(page).getByRole('button', { name: 'Import new material for rotation' }).click();
      await expect(wizard(page).getByTestId('import-target')).toContainText('it becomes version 2, pending rotation');
      const commands = await prepareWrapped(page, work.dir);
      // New material goes into a file of its own: version 1's file is left as it is.
      expect(commands).toContain(`openssl rand -out keyMaterial-${keyId}-v2.bin 32`);
      expect(commands).not.toContain(`-out keyMaterial-${keyId}.bin`);
      kcv2 = runKcvCommand(await wizardKcvCommand(page), work.dir);
      expect(kcv2).not.toBe(kcv1);
      await wizard(page).getByLabel('Description of the new version (optional)').fill('HSM slot 7, 2026 ceremony');
      await importWrapped(page, { wrappedFile: wrapped });
      await expect(page.getByTestId('imported-kcv')).toContainText(`key check value ${kcv2} for version 2`);
      await expectVersionState(page, 2, 'PENDING_ROTATION');
      await expect(versionRow(page, 2).getByTestId('version-kcv')).toHaveText(kcv2);
      await expect(versionRow(page, 2).getByTestId('version-description')).toHaveText('HSM slot 7, 2026 ceremony');
      await expectVersionState(page, 1, 'CURRENT');
      // One pending version at a time (SPEC §11).
      await expect(versionsPanel(page).getByRole('button', { name: 'Import new material for rotation' })).toHaveCount(0);
      await expectAccessible(page, 'the versions view with a pending version');
    });

    await test.step('rotate now: version 2 CURRENT, version 1 NON_CURRENT', async () => {
      await rotateNow(page, `Version 2 (key check value ${kcv2}) becomes CURRENT`);
      await expectVersionState(page, 2, 'CURRENT');
      await expectVersionState(page, 1, 'NON_CURRENT');
      await expect(versionRow(page, 2).getByTestId('version-rotation')).toContainText('(on demand)');
      await expect(keyDetail(page, 'State')).toHaveText('Enabled');
      await expect(versionsPanel(page).getByRole('button', { name: 'Rotate now' })).toHaveCount(0);
    });

    await test.step('deleting version 1’s material says the key needs it, and leaves the key Pending import', async () => {
      await versionRow(page, 1).getByRole('button', { name: 'Delete material of version 1' }).click();
      const dialog = page.getByRole('alertdialog', { name: 'Delete the key material of version 1?' });
      await expect(dialog).toContainText('Every CURRENT and NON_CURRENT version must hold its material for the key to work, so the key becomes Pending import');
      await expectAccessible(page, 'the delete-version dialog');
      await dialog.getByLabel(`Type ${alias} to confirm`).fill(alias);
      await dialog.getByRole('button', { name: 'Delete key material' }).click();
      await passReauthenticationIfAsked(page, toast(page, 'Key material deleted'));
      await expect(keyDetail(page, 'State')).toHaveText('Pending import');
      await expect(versionRow(page, 1).getByTestId('version-import-state')).toHaveText('Pending import');
      await expect(versionRow(page, 1).getByTestId('version-removal')).toHaveText(/^Deleted by hand on .+ UTC$/);
      // The KCV stays: it is how the person finds the right file again.
      await expect(versionRow(page, 1).getByTestId('version-kcv')).toHaveText(kcv1);
    });

    await test.step('re-importing version 1 with another version’s material is refused, naming version 1 and its KCV', async () => {
      await versionRow(page, 1).getByRole('button', { name: 'Re-import version 1' }).click();
      await expect(wizard(page).getByTestId('import-target')).toHaveText(`Re-import version 1: only its own material is accepted (key check value ${kcv1}).`);
      // Version 2's bytes in version 1's file name: what mixing up two files looks like.
      copyFileSync(join(work.dir, `keyMaterial-${keyId}-v2.bin`), join(wrong.dir, `keyMaterial-${keyId}.bin`));
      await prepareWrapped(page, wrong.dir);
      expect(runKcvCommand(await wizardKcvCommand(page), wrong.dir)).toBe(kcv2);
      await importWrapped(page, { wrappedFile: join(wrong.dir, `wrappedKeyMaterial-${keyId}.bin`) });
      await expect(wizard(page).getByRole('alert')).toContainText(`This is not the material of version 1 (key check value ${kcv1}, material ID `);
      await expectAccessible(page, 'the wizard with a refused re-import');
      await expect(keyDetail(page, 'State')).toHaveText('Pending import');
    });

    await test.step('re-importing version 1 from its row: no new material is generated, the KCV is checked first → Enabled', async () => {
      await wizard(page).getByRole('button', { name: 'Close' }).click();
      await versionRow(page, 1).getByRole('button', { name: 'Re-import version 1' }).click();
      const commands = await prepareWrapped(page, work.dir);
      expect(commands).not.toContain('openssl rand');
      await expect(wizard(page).getByTestId('kcv-command').locator('xpath=..')).toContainText(`For version 1 it must print ${kcv1}`);
      expect(runKcvCommand(await wizardKcvCommand(page), work.dir)).toBe(kcv1);
      await importWrapped(page, { wrappedFile: wrapped });
      await expect(page.getByTestId('imported-kcv')).toContainText(`key check value ${kcv1} for version 1`);
      await expect(keyDetail(page, 'State')).toHaveText('Enabled');
      await expect(versionRow(page, 1).getByTestId('version-import-state')).toHaveText('Imported');
      await expectVersionState(page, 1, 'NON_CURRENT');
      await expectVersionState(page, 2, 'CURRENT');
    });

    await test.step('the audit log names the new actions readably, with the version each concerned', async () => {
      // Successes only: a session older than 10 minutes is first asked for its password, which is audited too.
      await page.goto(`/audit?keyId=${keyId}&action=RotateKeyOnDemand&result=SUCCESS`);
      const rows = page.getByRole('table', { name: 'Audit events' }).locator('tbody tr');
      await expect(rows).toHaveCount(1);
      await expect(rows.getByRole('cell').nth(2)).toHaveText('Rotate key on demandRotateKeyOnDemandVersion 2');
      await page.goto(`/audit?keyId=${keyId}&action=DeleteImportedKeyMaterial&result=SUCCESS`);
      await expect(rows).toHaveCount(1);
      await expect(rows.getByTestId('audit-material-version')).toHaveText('Version 1');
      await rows.getByRole('link', { name: /^Open the record of / }).click();
      const version = page.getByRole('region', { name: 'Audit record' }).locator('dt', { hasText: /^Key material version$/ }).locator('xpath=following-sibling::dd');
      await expect(version).toContainText('Version 1');
    });
  } finally {
    work.remove();
    wrong.remove();
  }
});

test('a generated key: automatic rotation on with a period shows the next date; rotate now adds version 2 to the history', async ({ page }) => {
  const keyId = await openSeededKey(page, { alias: uniquePrefix('rotate-generated') });
  const status = page.getByTestId('automatic-rotation-status');
  await expect(status).toHaveText(/^Off\./);
  await expect(versionsTable(page).locator('tbody tr')).toHaveCount(1);
  await expectVersionState(page, 1, 'CURRENT');
  await expect(versionRow(page, 1).getByTestId('version-kcv')).toHaveText(/^[0-9A-F]{6}$/);
  // Generated material is never imported nor deleted by hand.
  await expect(versionsPanel(page).getByRole('button', { name: /^(Re-import|Delete material of) version/ })).toHaveCount(0);

  await test.step('turning automatic rotation on asks for the period (90–2560 days, 365 by default)', async () => {
    await page.getByRole('button', { name: 'Turn on automatic rotation' }).click();
    const dialog = page.getByRole('alertdialog', { name: 'Automatic rotation' });
    const period = dialog.getByRole('spinbutton', { name: 'Rotation period (days)' });
    await expect(period).toHaveValue('365');
    await period.fill('89');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await expect(dialog.locator('#rotation-period-error')).toHaveText('Enter a whole number of days between 90 and 2560.');
    await expectAccessible(page, 'the automatic-rotation dialog with an error');
    await period.fill('180');
    const before = Date.now();
    await dialog.getByRole('button', { name: 'Save' }).click();
    await expect(toast(page, 'Automatic rotation is on')).toBeVisible();
    const after = Date.now();
    await expect(status).toHaveText(/^On: every 180 days\. Next rotation on .+ UTC\.$/);
    const next = Date.parse((await status.getAttribute('data-next-rotation')) ?? '');
    expect(next).toBeGreaterThanOrEqual(before + 180 * DAY_MS - 1000);
    expect(next).toBeLessThanOrEqual(after + 180 * DAY_MS + 1000);
  });

  await test.step('rotate now: new generated material is version 2, CURRENT; version 1 keeps decrypting', async () => {
    await rotateNow(page, 'Keyfort generates new key material');
    await expect(versionsTable(page).locator('tbody tr')).toHaveCount(2);
    await expectVersionState(page, 2, 'CURRENT');
    await expectVersionState(page, 1, 'NON_CURRENT');
    await expect(versionRow(page, 2).getByTestId('version-rotation')).toContainText('(on demand)');
    await expect(versionRow(page, 2).getByTestId('version-kcv')).toHaveText(/^[0-9A-F]{6}$/);
  });

  await test.step('turning it off', async () => {
    await page.getByRole('button', { name: 'Turn off automatic rotation' }).click();
    await expect(toast(page, 'Automatic rotation is off')).toBeVisible();
    await expect(status).toHaveText(/^Off\./);
  });

  await test.step('the audit log names the rotation settings readably', async () => {
    await page.goto(`/audit?keyId=${keyId}`);
    const names = page.getByRole('table', { name: 'Audit events' }).locator('tbody tr td:nth-child(3)');
    await expect(names.filter({ hasText: 'EnableKeyRotation' })).toContainText(['Turn on automatic rotation']);
    await expect(names.filter({ hasText: 'DisableKeyRotation' })).toContainText(['Turn off automatic rotation']);
  });
});

test('a disabled key offers no rotation and says why', async ({ page }) => {
  await openSeededKey(page, { alias: uniquePrefix('rotate-disabled') });
  await page.getByRole('button', { name: 'Disable key' }).click();
  await page.getByRole('alertdialog').getByRole('button', { name: 'Disable key' }).click();
  await expect(toast(page, 'Key disabled')).toBeVisible();
  await expect(versionsPanel(page).getByRole('button', { name: 'Rotate now' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Turn on automatic rotation' })).toHaveCount(0);
  await expect(page.getByTestId('rotate-note')).toHaveText('Enable the key to rotate it: a disabled key cannot be rotated.');
});

test.describe('with a session whose password is older than 10 minutes', () => {
  test.use({ storageState: SIGNED_OUT });

  test('Rotate now asks for the password again, in place, and then rotates', async ({ page, context }) => {
    await signInAdministrator(page);
    await openSeededKey(page, { alias: uniquePrefix('rotate-stale') });
    await ageSessionProof(context);
    await versionsPanel(page).getByRole('button', { name: 'Rotate now' }).click();
    await page.getByRole('alertdialog', { name: 'Rotate this key now?' }).getByRole('button', { name: 'Rotate now' }).click();
    const reauthentication = page.getByRole('dialog', { name: REAUTHENTICATION_DIALOG });
    await expect(reauthentication).toBeVisible();
    await expectAccessible(page, 'the re-authentication dialog over Rotate now');
    // Nothing rotated yet: the action waits for the answer.
    await expect(versionsTable(page).locator('tbody tr')).toHaveCount(1);
    await reauthentication.getByLabel('Password').fill(ADMIN.password);
    await reauthentication.getByRole('button', { name: 'Continue' }).click();
    await expect(toast(page, 'Key rotated')).toBeVisible();
    await expect(versionsTable(page).locator('tbody tr')).toHaveCount(2);
    await expectVersionState(page, 2, 'CURRENT');
  });
});

import { join } from 'node:path';
import { expect, test, type Page } from './support/test';
import {
  downloadParameters,
  getParameters,
  importWrapped,
  localInputValue,
  materialDetail,
  openWizard,
  runCommands,
  wizard,
  wizardCommands,
  workFolder,
} from './support/import-material';
import { keyDetail, keyRows, openSeededKey, searchKeys, toast } from './support/keys';
import { uniquePrefix } from './support/unique';

const DAY_MS = 24 * 60 * 60 * 1000;

// A zone with a half-hour offset and no daylight saving: a conversion that ignored the zone, or treated the
// entered time as UTC, would be off by 5.5 hours.
test.use({ timezoneId: 'Asia/Kolkata' });

/** Gets parameters (RSA_2048 for speed), runs the wizard's commands in `dir` and returns the wrapped file. */
async function wrapWithWizard(page: Page, keyId: string, dir: string): Promise<string> {
  await getParameters(page, { keySpec: 'RSA_2048' });
  await downloadParameters(page, dir);
  runCommands(await wizardCommands(page), dir);
  return join(dir, `wrappedKeyMaterial-${keyId}.bin`);
}

test('material with an expiry: entered in the browser’s time zone, stored in UTC, counted down, warned about under 7 days', async ({ page }) => {
  test.setTimeout(120_000);
  const work = workFolder();
  try {
    const prefix = uniquePrefix('byok-expiry');
    const keyId = await openSeededKey(page, { alias: prefix, origin: 'EXTERNAL' });
    const panel = await openWizard(page);

    await test.step('"expires at" defaults to 24 hours from now, in the local time zone', async () => {
      await panel.getByRole('radio', { name: 'The material expires at' }).check();
      const field = panel.getByLabel('Expiry date and time');
      const shown = await field.inputValue();
      const inBrowser = await page.evaluate((value) => new Date(value).getTime(), shown);
      expect(Math.abs(inBrowser - (Date.now() + DAY_MS))).toBeLessThan(3 * 60 * 1000);
      await expect(panel.getByText(/^In your time zone \(Asia\/(Kolkata|Calcutta)\)/)).toBeVisible();
    });

    const tenDays = Math.floor((Date.now() + 10 * DAY_MS) / 1000) * 1000;
    await test.step('10 days: Enabled, the instant shown in UTC, a countdown, no warning yet', async () => {
      const wrapped = await wrapWithWizard(page, keyId, work.dir);
      const local = await localInputValue(page, tenDays);
      await panel.getByRole('radio', { name: 'The material expires at' }).check();
      await panel.getByLabel('Expiry date and time').fill(local);
      await expect(panel.getByTestId('material-valid-to-utc')).toContainText(
        new Date(tenDays).toLocaleString('en-US', { timeZone: 'UTC', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }),
      );
      await importWrapped(page, { wrappedFile: wrapped, expiresAtLocal: local });
      await expect(toast(page, 'Key material imported')).toBeVisible();
      await expect(keyDetail(page, 'State')).toHaveText('Enabled');
      await expect(materialDetail(page, 'Expires').locator('time')).toHaveAttribute('datetime', new Date(tenDays).toISOString());
      await expect(materialDetail(page, 'Expires').getByRole('timer')).toHaveText(/^expires in (9 d 23 h 5\d|10 d 0 h 0) min$/);
      await expect(page.getByTestId('material-expiry-warning')).toHaveCount(0);
    });

    const threeDays = Math.floor((Date.now() + 3 * DAY_MS) / 1000) * 1000;
    await test.step('importing the same material again with 3 days replaces the expiry and keeps Enabled; the warning shows', async () => {
      await openWizard(page, 'Import again');
      // The key is bound now: the commands wrap the same keyMaterial file again.
      const wrapped = await wrapWithWizard(page, keyId, work.dir);
      await importWrapped(page, { wrappedFile: wrapped, expiresAtLocal: await localInputValue(page, threeDays) });
      await expect(toast(page, 'Key material imported')).toBeVisible();
      await expect(materialDetail(page, 'Expires').locator('time')).toHaveAttribute('datetime', new Date(threeDays).toISOString());
      await expect(keyDetail(page, 'State')).toHaveText('Enabled');
      await expect(page.getByTestId('material-expiry-warning')).toHaveText(/^Material expires in 2 d 23 h \d+ min$/);
    });

    await test.step('the keys list shows the same warning on the key’s row', async () => {
      await searchKeys(page, prefix);
      await expect(keyRows(page)).toHaveCount(1);
      await expect(keyRows(page).first().getByTestId('material-expiry-warning')).toHaveText(/^Material expires in 2 d 23 h/);
    });
  } finally {
    work.remove();
  }
});

test('an expiry in the past is refused next to the field, and nothing is imported', async ({ page }) => {
  const work = workFolder();
  try {
    const keyId = await openSeededKey(page, { alias: uniquePrefix('byok-past'), origin: 'EXTERNAL' });
    await openWizard(page);
    const wrapped = await wrapWithWizard(page, keyId, work.dir);
    await importWrapped(page, { wrappedFile: wrapped, expiresAtLocal: await localInputValue(page, Date.now() - 60_000) });
    await expect(wizard(page).locator('#material-valid-to-error')).toHaveText('Choose a date and time later than now.');
    await page.reload();
    await expect(keyDetail(page, 'State')).toHaveText('Pending import');
  } finally {
    work.remove();
  }
});

test('when the material expires, the open key page turns to Pending import on its own', async ({ page }) => {
  test.setTimeout(90_000);
  const work = workFolder();
  try {
    const keyId = await openSeededKey(page, { alias: uniquePrefix('byok-short'), origin: 'EXTERNAL' });
    await openWizard(page);
    const wrapped = await wrapWithWizard(page, keyId, work.dir);
    const expiresAt = Date.now() + 20_000;
    await importWrapped(page, { wrappedFile: wrapped, expiresAtLocal: await localInputValue(page, expiresAt) });
    await expect(toast(page, 'Key material imported')).toBeVisible();
    await expect(keyDetail(page, 'State')).toHaveText('Enabled');
    await expect(materialDetail(page, 'Expires').getByRole('timer')).toHaveText(/^expires in \d+ s$/);

    // A marker that a reload would wipe: the page must update without one.
    await page.evaluate(() => ((window as unknown as { notReloaded: boolean }).notReloaded = true));
    await expect(keyDetail(page, 'State')).toHaveText('Pending import', { timeout: 40_000 });
    await expect(page.getByRole('heading', { level: 1 })).toContainText('Pending import');
    await expect(materialDetail(page, 'Status')).toHaveText('Awaiting import');
    expect(await page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true);
    await expect(page.getByRole('button', { name: 'Import key material', exact: true })).toBeVisible();
  } finally {
    work.remove();
  }
});

import { join } from 'node:path';
import { versionRow } from './support/versions';
import { expect, test, type Page } from './support/test';
import {
  downloadParameters,
  getParameters,
  importWrapped,
  materialDetail,
  openWizard,
  runCommands,
  inputValueIn,
  wizard,
  wizardCommands,
  workFolder,
} from './support/import-material';
import { keyDetail, keyRows, openSeededKey, searchKeys, toast } from './support/keys';
import { uniquePrefix } from './support/unique';

const DAY_MS = 24 * 60 * 60 * 1000;

// A zone with a half-hour offset and no daylight saving: a picker that read the entered time as UTC instead of
// the person's own zone (SPEC §4) would store an expiry 5.5 hours off.
test.use({ timezoneId: 'Asia/Kolkata' });

/** Gets parameters (RSA_2048 for speed), runs the wizard's commands in `dir` and returns the wrapped file. */
async function wrapWithWizard(page: Page, keyId: string, dir: string): Promise<string> {
  await getParameters(page, { keySpec: 'RSA_2048' });
  await downloadParameters(page, dir);
  runCommands(await wizardCommands(page), dir);
  return join(dir, `wrappedKeyMaterial-${keyId}.bin`);
}

const SECONDS_UTC = /\d{2}:\d{2}:\d{2} UTC$/;

test('material with an expiry: entered in your time zone as the label says, stored and shown in UTC to the second, one countdown whose urgency grows', async ({ page }) => {
  test.setTimeout(120_000);
  const work = workFolder();
  try {
    const prefix = uniquePrefix('byok-expiry');
    const keyId = await openSeededKey(page, { alias: prefix, origin: 'EXTERNAL' });
    const panel = await openWizard(page);

    await test.step('"expires at" defaults to 24 hours from now, in your time zone, and says so', async () => {
      await panel.getByRole('radio', { name: 'The material expires at' }).check();
      // Chromium's ICU names the zone by its older alias, Asia/Calcutta.
      const field = panel.getByLabel(/^Expiry date and time \(your time zone, Asia\/(Kolkata|Calcutta)\)$/);
      const shown = Date.parse(`${await field.inputValue()}+05:30`);
      expect(Math.abs(shown - (Date.now() + DAY_MS))).toBeLessThan(3 * 60 * 1000);
      await expect(panel.getByText(/^Entered in your time zone, to the second; Keyfort stores and shows it in UTC/)).toBeVisible();
    });

    const tenDays = Math.floor((Date.now() + 10 * DAY_MS) / 1000) * 1000;
    await test.step('10 days: the local value is taken in the browser\'s zone, echoed and stored in UTC, one countdown, "under 30 days"', async () => {
      const wrapped = await wrapWithWizard(page, keyId, work.dir);
      await panel.getByRole('radio', { name: 'The material expires at' }).check();
      await panel.getByLabel(/^Expiry date and time/).fill(inputValueIn(tenDays, 'Asia/Kolkata'));
      const echo = panel.getByTestId('material-valid-to-utc');
      await expect(echo).toContainText(new Date(tenDays).toISOString().slice(11, 19));
      await expect(echo).toHaveText(/ UTC\.$/);
      await importWrapped(page, { wrappedFile: wrapped, expiresAt: tenDays });
      await expect(toast(page, 'Key material imported')).toBeVisible();
      await expect(keyDetail(page, 'State')).toHaveText('Enabled');
      const expires = materialDetail(page, 'Expires');
      await expect(expires.locator('time')).toHaveAttribute('datetime', new Date(tenDays).toISOString());
      await expect(expires.locator('time')).toHaveText(SECONDS_UTC);
      await expect(expires.getByRole('timer')).toHaveText(/^Expires in (9 d 23 h 5\d|10 d 0 h 0) min \(under 30 days\)$/);
      await expect(expires.getByRole('timer')).toHaveAttribute('data-urgency', 'NOTICE');
      // One countdown for the key's expiry, and one in the row of the version it comes from (SPEC §11:
      // the key's expiry is its versions' earliest), the same instant: no other.
      await expect(expires.getByRole('timer')).toHaveCount(1);
      await expect(versionRow(page, 1).getByRole('timer')).toHaveAttribute('data-urgency', 'NOTICE');
      await expect(page.getByRole('timer')).toHaveCount(2);
    });

    const threeDays = Math.floor((Date.now() + 3 * DAY_MS) / 1000) * 1000;
    await test.step('the same material again with 3 days: the countdown turns to "under 7 days"', async () => {
      await openWizard(page, 'Import again');
      const wrapped = await wrapWithWizard(page, keyId, work.dir);
      await importWrapped(page, { wrappedFile: wrapped, expiresAt: threeDays });
      await expect(toast(page, 'Key material imported')).toBeVisible();
      await expect(materialDetail(page, 'Expires').locator('time')).toHaveAttribute('datetime', new Date(threeDays).toISOString());
      await expect(keyDetail(page, 'State')).toHaveText('Enabled');
      const countdown = materialDetail(page, 'Expires').getByRole('timer');
      await expect(countdown).toHaveText(/^Expires in 2 d 23 h \d+ min \(under 7 days\)$/);
      await expect(countdown).toHaveAttribute('data-urgency', 'WARNING');
      await expect(versionRow(page, 1).getByRole('timer')).toHaveAttribute('data-urgency', 'WARNING');
      await expect(page.getByRole('timer')).toHaveCount(2);
    });

    await test.step('the keys list shows it in the expiry column, with the same urgency', async () => {
      await searchKeys(page, prefix);
      await expect(keyRows(page)).toHaveCount(1);
      const countdown = keyRows(page).first().getByTestId('material-expiry-countdown');
      await expect(countdown).toHaveText(/^Expires in 2 d 23 h \d+ min \(under 7 days\)$/);
      await expect(countdown).toHaveAttribute('data-urgency', 'WARNING');
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
    await importWrapped(page, { wrappedFile: wrapped, expiresAt: Date.now() - 60_000 });
    await expect(wizard(page).locator('#material-valid-to-error')).toHaveText('Choose a date and time later than now.');
    await page.reload();
    await expect(keyDetail(page, 'State')).toHaveText('Pending import');
  } finally {
    work.remove();
  }
});

test('a short expiry counts down in seconds as critical; at its instant the open page says it expired, when, and offers no Encrypt', async ({ page }) => {
  test.setTimeout(90_000);
  const work = workFolder();
  try {
    const keyId = await openSeededKey(page, { alias: uniquePrefix('byok-short'), origin: 'EXTERNAL' });
    await openWizard(page);
    const wrapped = await wrapWithWizard(page, keyId, work.dir);
    const expiresAt = Math.floor((Date.now() + 20_000) / 1000) * 1000;
    await importWrapped(page, { wrappedFile: wrapped, expiresAt });
    await expect(toast(page, 'Key material imported')).toBeVisible();
    await expect(keyDetail(page, 'State')).toHaveText('Enabled');
    const countdown = materialDetail(page, 'Expires').getByRole('timer');
    await expect(countdown).toHaveText(/^Expires in \d+ s \(under 24 hours\)$/);
    await expect(countdown).toHaveAttribute('data-urgency', 'CRITICAL');
    await expect(page.getByRole('button', { name: 'Encrypt', exact: true })).toBeVisible();

    // A marker that a reload would wipe: the page must update without one.
    await page.evaluate(() => ((window as unknown as { notReloaded: boolean }).notReloaded = true));
    await expect(keyDetail(page, 'State')).toHaveText('Pending import', { timeout: 40_000 });
    await expect(page.getByRole('heading', { level: 1 })).toContainText('Pending import');
    await expect(materialDetail(page, 'Status')).toHaveText('Awaiting import');
    expect(await page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true);
    await expect(page.getByRole('button', { name: 'Import key material', exact: true })).toBeVisible();

    // Which happened and when: expired, at the instant chosen (to the second), not "deleted or expired".
    const removal = page.getByTestId('material-removal');
    await expect(removal).toHaveText(/^Expired on .+ UTC$/);
    await expect(removal.locator('time')).toHaveAttribute('datetime', new Date(expiresAt).toISOString());
    await expect(page.getByTestId('material-explain')).toContainText('it expired on');
    const tool = page.getByTestId('crypto-tool-unavailable');
    await expect(tool).toHaveAttribute('data-reason', 'MATERIAL_EXPIRED');
    await expect(tool).toContainText('material expired on');
    await expect(page.getByRole('button', { name: 'Encrypt', exact: true })).toHaveCount(0);
  } finally {
    work.remove();
  }
});

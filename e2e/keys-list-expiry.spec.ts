import { expect, test, type Page } from './support/test';
import { importThroughWizard, workFolder } from './support/import-material';
import { keyRows, openSeededKey, seedKey } from './support/keys';
import { uniquePrefix } from './support/unique';

const HOUR_MS = 60 * 60 * 1000;
const DAY_MS = 24 * HOUR_MS;

/** The aliases of the listed rows, top to bottom. */
async function listedAliases(page: Page): Promise<string[]> {
  return keyRows(page).locator('td:first-child').evaluateAll((cells) => cells.map((cell) => cell.textContent?.trim() ?? ''));
}

test('the keys list shows every expiry with its urgency, filters by "expires within" and sorts by soonest expiry', async ({ page }) => {
  test.setTimeout(180_000);
  const prefix = uniquePrefix('list-expiry');
  const work = workFolder();
  try {
    // Created in an order unlike their expiries, so sorting by expiry visibly reorders them.
    const plan: { alias: string; expiresAt: number | null }[] = [
      { alias: `${prefix}-60d`, expiresAt: Date.now() + 60 * DAY_MS },
      { alias: `${prefix}-2h`, expiresAt: Date.now() + 2 * HOUR_MS },
      { alias: `${prefix}-never`, expiresAt: null },
      { alias: `${prefix}-3d`, expiresAt: Date.now() + 3 * DAY_MS },
    ];
    for (const { alias, expiresAt } of plan) {
      const keyId = await openSeededKey(page, { alias, origin: 'EXTERNAL' });
      await importThroughWizard(page, { keyId, dir: work.dir, expiresAt });
    }
    await seedKey(page, { alias: `${prefix}-generated` });

    await page.goto(`/keys?q=${prefix}`);
    await expect(page.getByRole('columnheader', { name: 'Expires (UTC)' })).toBeVisible();
    const row = (name: string) => keyRows(page).filter({ hasText: `${prefix}-${name}` });
    const countdown = (name: string) => row(name).getByTestId('material-expiry-countdown');
    await expect(countdown('2h')).toHaveText(/^Expires in 1 h 5\d min \d+ s \(under 24 hours\)$/);
    await expect(countdown('2h')).toHaveAttribute('data-urgency', 'CRITICAL');
    await expect(countdown('3d')).toHaveAttribute('data-urgency', 'WARNING');
    // Far off, but still shown: a 60-day expiry is no longer invisible in the list.
    await expect(countdown('60d')).toHaveText(/^Expires in 59 d 23 h \d+ min$/);
    await expect(countdown('60d')).toHaveAttribute('data-urgency', 'NONE');
    await expect(row('60d').locator('time').first()).toHaveAttribute('datetime', new Date(Math.floor(plan[0]!.expiresAt! / 1000) * 1000).toISOString());
    await expect(row('never')).toContainText('Never');
    await expect(row('generated').getByTestId('material-expiry-countdown')).toHaveCount(0);

    await page.getByLabel('Expiry', { exact: true }).selectOption({ label: 'Expires within 24 hours' });
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await expect(page).toHaveURL(/[?&]expires=24h/);
    await expect.poll(() => listedAliases(page)).toEqual([`${prefix}-2h`]);

    await page.getByLabel('Expiry', { exact: true }).selectOption({ label: 'Expires within 7 days' });
    await page.getByLabel('Sort order').selectOption({ label: 'Soonest expiry first' });
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await expect(page).toHaveURL(/[?&]expires=7d/);
    await expect(page).toHaveURL(/[?&]sort=expiry/);
    await expect.poll(() => listedAliases(page)).toEqual([`${prefix}-2h`, `${prefix}-3d`]);

    await page.getByLabel('Expiry', { exact: true }).selectOption({ label: 'Any expiry' });
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    // Soonest first; then the keys without expiry, newest first.
    await expect
      .poll(() => listedAliases(page))
      .toEqual([`${prefix}-2h`, `${prefix}-3d`, `${prefix}-60d`, `${prefix}-generated`, `${prefix}-never`]);
  } finally {
    work.remove();
  }
});

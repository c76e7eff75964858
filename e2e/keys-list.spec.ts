import { expect, test, type Page } from './support/test';
import { keyRows, searchKeys, seedKey, seedKeys } from './support/keys';
import { uniquePrefix } from './support/unique';

// Every test makes its own keys under its own alias prefix and searches for it, so the other specs' keys
// never show up here. Keys are seeded by posting the console's create action: fast enough to fill more
// than one page.

/** The alias column of the listed keys, top to bottom. */
async function listedAliases(page: Page): Promise<string[]> {
  return keyRows(page).locator('td:first-child').allTextContents();
}

test('searching by part of an alias lists only the keys whose alias contains it, whatever the case', async ({ page }) => {
  const prefix = uniquePrefix('search-alias');
  await seedKeys(page, [
    { alias: `${prefix}-alpha` },
    { alias: `${prefix}-beta` },
    { alias: `${prefix}-alphabet` },
  ]);

  await searchKeys(page, `${prefix}-alpha`);
  await expect(keyRows(page)).toHaveCount(2);
  expect((await listedAliases(page)).sort()).toEqual([`${prefix}-alpha`, `${prefix}-alphabet`]);

  await searchKeys(page, `${prefix}-BETA`.toUpperCase());
  await expect(keyRows(page)).toHaveCount(1);
  expect(await listedAliases(page)).toEqual([`${prefix}-beta`]);
});

test('searching by a key ID, or its beginning, finds that key', async ({ page }) => {
  const prefix = uniquePrefix('search-id');
  const first = await seedKey(page, { alias: `${prefix}-one` });
  const second = await seedKey(page, { alias: `${prefix}-two` });

  await page.goto(`/keys?q=${first}`);
  await expect(keyRows(page)).toHaveCount(1);
  await expect(keyRows(page)).toContainText(first);
  await expect(keyRows(page)).toContainText(`${prefix}-one`);

  await page.goto(`/keys?q=${second.slice(0, 13)}`);
  await expect(keyRows(page).filter({ hasText: second })).toHaveCount(1);
  await expect(keyRows(page).filter({ hasText: first })).toHaveCount(first.startsWith(second.slice(0, 13)) ? 1 : 0);
});

test('filtering by state and by origin lists only the keys that match', async ({ page }) => {
  const prefix = uniquePrefix('filter');
  await seedKey(page, { alias: `${prefix}-enabled` });
  const disabledId = await seedKey(page, { alias: `${prefix}-disabled` });
  await seedKey(page, { alias: `${prefix}-external`, origin: 'EXTERNAL' });
  await page.goto(`/keys/${disabledId}`);
  await page.getByRole('button', { name: 'Disable key' }).click();
  await page.getByRole('alertdialog').getByRole('button', { name: 'Disable key' }).click();
  await expect(page.getByRole('button', { name: 'Enable key' })).toBeVisible();

  await searchKeys(page, prefix);
  await expect(keyRows(page)).toHaveCount(3);

  const STATE = { 'All states': '', Enabled: 'ENABLED', Disabled: 'DISABLED', 'Pending import': 'PENDING_IMPORT' };
  const ORIGIN = { 'All origins': '', Keyfort: 'KMS', External: 'EXTERNAL' };
  async function filter(state: keyof typeof STATE, origin: keyof typeof ORIGIN, expected: string[]) {
    await page.getByLabel('State', { exact: true }).selectOption({ label: state });
    await page.getByLabel('Origin', { exact: true }).selectOption({ label: origin });
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    // The filters travel in the URL: wait for this search's page before reading the rows.
    await expect(page).toHaveURL(new RegExp(`[?&]state=${STATE[state]}&origin=${ORIGIN[origin]}(&|$)`));
    await expect(keyRows(page)).toHaveCount(expected.length);
    expect((await listedAliases(page)).sort()).toEqual(expected.map((suffix) => `${prefix}-${suffix}`).sort());
  }

  await test.step('by state', async () => {
    await filter('Enabled', 'All origins', ['enabled']);
    await filter('Disabled', 'All origins', ['disabled']);
    await filter('Pending import', 'All origins', ['external']);
  });
  await test.step('by origin', async () => {
    await filter('All states', 'External', ['external']);
    await filter('All states', 'Keyfort', ['enabled', 'disabled']);
  });
  await test.step('by both', async () => {
    await page.getByLabel('State', { exact: true }).selectOption({ label: 'Enabled' });
    await page.getByLabel('Origin', { exact: true }).selectOption({ label: 'External' });
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await expect(page.getByRole('heading', { name: 'No keys match' })).toBeVisible();
  });
  await test.step('clearing the filters lists every key again', async () => {
    await page.getByRole('search', { name: 'Search and filter keys' }).getByRole('link', { name: 'Clear filters' }).click();
    await expect(page).toHaveURL(/\/keys$/);
    await expect(page.getByLabel('State', { exact: true })).toHaveValue('');
    await expect(page.getByLabel('Search keys')).toHaveValue('');
  });
});

test('sorting by creation date lists the newest or the oldest key first', async ({ page }) => {
  const prefix = uniquePrefix('sort');
  await seedKeys(page, [{ alias: `${prefix}-1` }, { alias: `${prefix}-2` }, { alias: `${prefix}-3` }]);

  await page.goto(`/keys?q=${prefix}`);
  await expect(page.getByLabel('Sort order')).toHaveValue('desc');
  expect(await listedAliases(page)).toEqual([`${prefix}-3`, `${prefix}-2`, `${prefix}-1`]);

  await page.getByLabel('Sort order').selectOption({ label: 'Oldest first' });
  await page.getByRole('button', { name: 'Search', exact: true }).click();
  await expect(page).toHaveURL(/[?&]sort=asc/);
  await expect(keyRows(page).first()).toContainText(`${prefix}-1`);
  expect(await listedAliases(page)).toEqual([`${prefix}-1`, `${prefix}-2`, `${prefix}-3`]);
  const created = await keyRows(page).locator('time').evaluateAll((times) => times.map((t) => t.getAttribute('datetime') ?? ''));
  expect(created).toEqual([...created].sort());
});

test('the list shows 20 keys a page, and Next and Previous move between pages keeping the search', async ({ page }) => {
  const prefix = uniquePrefix('pages');
  const made = await seedKeys(
    page,
    Array.from({ length: 23 }, (_, i) => ({ alias: `${prefix}-${String(i).padStart(2, '0')}` })),
  );
  const pagination = page.getByRole('navigation', { name: 'Pagination' });

  await page.goto(`/keys?q=${prefix}`);
  await expect(page.getByText('Showing 1–20 of 23')).toBeVisible();
  await expect(keyRows(page)).toHaveCount(20);
  await expect(pagination.getByRole('link', { name: 'Page 1' })).toHaveAttribute('aria-current', 'page');
  await expect(pagination.getByRole('link', { name: 'Previous' })).toHaveCount(0);
  const firstPage = await listedAliases(page);

  await pagination.getByRole('link', { name: 'Next' }).click();
  await expect(page).toHaveURL(/[?&]page=2/);
  await expect(page).toHaveURL(new RegExp(`[?&]q=${prefix}`));
  await expect(page.getByText('Showing 21–23 of 23')).toBeVisible();
  await expect(keyRows(page)).toHaveCount(3);
  await expect(pagination.getByRole('link', { name: 'Next' })).toHaveCount(0);
  const secondPage = await listedAliases(page);
  // Every key exactly once across the two pages, newest first.
  expect([...firstPage, ...secondPage]).toEqual(made.map((_, i) => `${prefix}-${String(i).padStart(2, '0')}`).reverse());

  await pagination.getByRole('link', { name: 'Previous' }).click();
  await expect(page.getByText('Showing 1–20 of 23')).toBeVisible();
  expect(await listedAliases(page)).toEqual(firstPage);

  // A page past the end (keys deleted meanwhile, a hand-edited URL) shows the last page.
  await page.goto(`/keys?q=${prefix}&page=9`);
  await expect(page.getByText('Showing 21–23 of 23')).toBeVisible();
});

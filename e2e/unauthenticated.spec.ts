import { expect, test, type APIRequestContext } from './support/test';
import { SIGNED_OUT } from './support/admin';
import { captureCreateKey, keyDetail, keyRows, keyTotal, openSeededKey, searchKeys, seedKey } from './support/keys';
import { captureActionPost, replayAction, withInput } from './support/server-action';
import { uniquePrefix } from './support/unique';

test.describe('without a session', () => {
  test.use({ storageState: SIGNED_OUT });

  test('console pages redirect to sign-in, remembering where the visitor was going (the keys page is where sign-in leads anyway)', async ({ page }) => {
    for (const path of ['/keys', '/keys/new', '/audit', '/keys/5b1c2d3e-4f50-4a6b-8c7d-9e0f1a2b3c4d']) {
      await test.step(path, async () => {
        await page.goto(path);
        const signIn = path === '/keys' ? '/sign-in' : `/sign-in?next=${encodeURIComponent(path)}`;
        await expect(page).toHaveURL((url) => `${url.pathname}${url.search}` === signIn);
        await expect(page.getByRole('heading', { name: 'Sign in to Keyfort' })).toBeVisible();
      });
    }
  });

  test('a forged session cookie does not open the console', async ({ page, context, baseURL }) => {
    await context.addCookies([{ name: 'keyfort.session_token', value: 'forged.value', url: baseURL as string }]);
    await page.goto('/keys');
    await expect(page).toHaveURL(/\/sign-in$/);
  });
});

// The console's own action POSTs, captured from a signed-in page, are replayed by a client that has no
// cookies at all; the admin's page then checks that nothing happened.
test.describe('a server action posted without a session', () => {
  let anonymous: APIRequestContext;

  test.beforeEach(async ({ playwright, baseURL }) => {
    anonymous = await playwright.request.newContext({ baseURL, storageState: SIGNED_OUT });
  });
  test.afterEach(async () => {
    await anonymous.dispose();
  });

  test('creating a key is refused and creates nothing', async ({ page }) => {
    const prefix = uniquePrefix('anon-create');
    const { action } = await captureCreateKey(page, { alias: `${prefix}-by-admin` });
    const before = await keyTotal(page);

    await replayAction(anonymous, withInput(action, { alias: `${prefix}-by-anonymous` }));
    expect(await keyTotal(page)).toBe(before);
    await searchKeys(page, `${prefix}-by-anonymous`);
    await expect(page.getByRole('heading', { name: 'No keys match' })).toBeVisible();

    // Control: the very same POST with the admin's session does create the key, so the refusal above was
    // about the session and not about a malformed replay.
    await replayAction(page.request, withInput(action, { alias: `${prefix}-by-anonymous` }));
    await page.reload();
    await expect(keyRows(page)).toHaveCount(1);
  });

  test('disabling a key is refused and the key stays enabled', async ({ page }) => {
    const prefix = uniquePrefix('anon-disable');
    await openSeededKey(page, { alias: `${prefix}-captured` });
    const disable = await captureActionPost(page, async () => {
      await page.getByRole('button', { name: 'Disable key' }).click();
      await page.getByRole('alertdialog').getByRole('button', { name: 'Disable key' }).click();
    });
    await expect(keyDetail(page, 'State')).toHaveText('Disabled');

    const target = await seedKey(page, { alias: `${prefix}-target` });
    await replayAction(anonymous, withInput(disable, { keyId: target }));
    await page.goto(`/keys/${target}`);
    await expect(keyDetail(page, 'State')).toHaveText('Enabled');

    await replayAction(page.request, withInput(disable, { keyId: target }));
    await page.reload();
    await expect(keyDetail(page, 'State')).toHaveText('Disabled');
  });
});

import { expect, test } from './support/test';
import { createKeyInConsole, toast } from './support/keys';
import { uniquePrefix } from './support/unique';

test('the "Key created" notice closes once the person turns to the page, instead of lingering over the online tool', async ({ page }) => {
  // The page's clock is held still once the notice shows: its own timer (6 s) cannot be what closes it.
  await page.clock.install();
  await createKeyInConsole(page, { alias: uniquePrefix('toast') });
  const notice = toast(page, 'Key created');
  await expect(notice).toBeVisible();
  await page.clock.pauseAt(Date.now() + 1_000);

  const plaintext = page.getByRole('region', { name: 'Online tool', exact: true }).getByRole('textbox', { name: 'Plaintext', exact: true });
  await plaintext.fill('hello');
  await expect(notice).toBeHidden();
  await page.clock.resume();
});

test('the console has an icon: /favicon.ico answers with one, and pages link both icons', async ({ page, request }) => {
  const icon = await request.get('/favicon.ico');
  expect(icon.status()).toBe(200);
  expect(icon.headers()['content-type']).toMatch(/^image\/(x-icon|vnd\.microsoft\.icon)/);
  // An ICO file: reserved 0, type 1 (icon), then its image count.
  expect([...(await icon.body()).subarray(0, 4)]).toEqual([0, 0, 1, 0]);

  await page.goto('/keys');
  const links = page.locator('head link[rel="icon"]');
  await expect(links).toHaveCount(2);
  for (const href of await links.evaluateAll((all) => all.map((link) => (link as HTMLLinkElement).href))) {
    expect((await request.get(href)).status(), href).toBe(200);
  }
});

import { ADMIN_STORAGE_STATE, SIGNED_OUT } from './support/admin';
import { expectAccessible } from './support/axe';
import { chooseLanguage, expectPageLanguage, languageButton, signInAnyLanguage, signOutAnyLanguage } from './support/language';
import { PHONE } from './support/layout';
import { addPerson, PASSWORD, setPasswordElsewhere, signInAdministrator } from './support/people';
import { expect, test } from './support/test';
import { uniquePrefix } from './support/unique';

// The console's language (issue 14): a signed-in person's choice is saved on their row and in the browser's
// keyfort-locale cookie; signed out, the cookie alone; with neither, the browser's Accept-Language. The
// administrator every other spec uses keeps English: these tests switch a person of their own.
test.use({ storageState: SIGNED_OUT });

test('a person switches the header to 简体中文: it survives a reload, signing out and in, and follows them to another browser', async ({ page, browser, baseURL }) => {
  test.slow();
  const email = `${uniquePrefix('language')}@example.com`;
  await signInAdministrator(page);
  const link = await addPerson(page, { email, name: 'Language Person', roleLabel: 'Key user' });
  const { context, page: own } = await setPasswordElsewhere(browser, baseURL, link);
  try {
    await signInAnyLanguage(own, email, PASSWORD);
    await expectPageLanguage(own, 'en');

    await test.step('the header switch renders the page in Chinese at once', async () => {
      await chooseLanguage(own, '简体中文', own.getByRole('banner').getByRole('button', { name: 'Language: English' }));
      await expect(languageButton(own)).toContainText('简体中文');
    });

    await test.step('a reload keeps it', async () => {
      await own.reload();
      await expectPageLanguage(own, 'zh-CN');
    });

    await test.step('signed out, the sign-in page keeps it (the cookie); signed in again, the console does', async () => {
      await signOutAnyLanguage(own);
      await expectPageLanguage(own, 'zh-CN');
      await signInAnyLanguage(own, email, PASSWORD);
      await expectPageLanguage(own, 'zh-CN');
    });

    await test.step('another browser, asking for English and without the cookie: English until signed in, then the saved choice', async () => {
      const other = await browser.newContext({ baseURL, storageState: SIGNED_OUT, locale: 'en-US' });
      try {
        const second = await other.newPage();
        await second.goto('/sign-in');
        await expectPageLanguage(second, 'en');
        await signInAnyLanguage(second, email, PASSWORD);
        await expectPageLanguage(second, 'zh-CN');

        // The saved choice comes before this browser's cookie: switching back here wins in the first browser too.
        await chooseLanguage(second, 'English');
        await own.reload();
        await expectPageLanguage(own, 'en');
      } finally {
        await other.close();
      }
    });
  } finally {
    await context.close();
  }
});

test('a new browser asking for zh-CN gets the sign-in page in Chinese; its switch changes it for this browser alone', async ({ browser, baseURL }) => {
  const chinese = await browser.newContext({ baseURL, storageState: SIGNED_OUT, locale: 'zh-CN' });
  try {
    const page = await chinese.newPage();
    await page.goto('/sign-in');
    await expectPageLanguage(page, 'zh-CN');

    await test.step('the menu names both languages in themselves, marks the current one, and passes axe', async () => {
      await languageButton(page).click();
      const menu = page.getByRole('menu');
      await expect(menu.getByRole('menuitemradio')).toHaveText(['English', '简体中文']);
      await expect(menu.getByRole('menuitemradio', { name: '简体中文' })).toHaveAttribute('aria-checked', 'true');
      await expectAccessible(page, 'the language menu on the sign-in page');
      await page.keyboard.press('Escape');
      await expect(menu).toBeHidden();
      await expect(languageButton(page)).toBeFocused();
    });

    await test.step('English chosen here beats the browser’s zh-CN, also after a reload', async () => {
      await chooseLanguage(page, 'English');
      await page.reload();
      await expectPageLanguage(page, 'en');
    });
  } finally {
    await chinese.close();
  }

  await test.step('a browser asking for Traditional Chinese only is answered in English', async () => {
    const traditional = await browser.newContext({ baseURL, storageState: SIGNED_OUT, locale: 'zh-TW' });
    try {
      const page = await traditional.newPage();
      await page.goto('/sign-in');
      await expectPageLanguage(page, 'en');
    } finally {
      await traditional.close();
    }
  });
});

test.describe('on a phone', () => {
  test.use({ storageState: ADMIN_STORAGE_STATE, viewport: PHONE });

  test('the switch sits in the navigation drawer, where the top bar has no room for it', async ({ page }) => {
    await page.goto('/keys');
    await expect(page.getByRole('banner').getByRole('button', { name: 'Language: English' })).toBeHidden();
    await page.getByRole('button', { name: 'Open navigation' }).click();
    const drawer = page.getByRole('dialog', { name: 'Navigation' });
    await drawer.getByRole('button', { name: 'Language: English' }).click();
    await expect(page.getByRole('menuitemradio', { name: '简体中文' })).toBeVisible();
    // Not chosen: this is the administrator the other specs sign in as.
    await page.keyboard.press('Escape');
    await expect(page.getByRole('menuitemradio', { name: '简体中文' })).toBeHidden();
    await expect(drawer).toBeVisible();
  });
});

import { expect, type Locator, type Page } from './test';

// The language switch (components/shell/language-switch.tsx) in either language: its button is named
// "Language: English" or "语言：简体中文", so these locators hold before and after a switch.

export const LANGUAGE_BUTTON = /^(Language: |语言：)/;

/** The switch's button: in the top bar when signed in, under the card on the sign-in page. */
export function languageButton(page: Page): Locator {
  return page.getByRole('button', { name: LANGUAGE_BUTTON }).first();
}

/** Chooses a language from the menu and waits until the page is rendered in it. */
export async function chooseLanguage(page: Page, name: 'English' | '简体中文', from: Locator = languageButton(page)): Promise<void> {
  await from.click();
  await page.getByRole('menuitemradio', { name }).click();
  await expectPageLanguage(page, name === 'English' ? 'en' : 'zh-CN');
}

export async function expectPageLanguage(page: Page, lang: 'en' | 'zh-CN'): Promise<void> {
  await expect(page.locator('html')).toHaveAttribute('lang', lang);
  await expect(languageButton(page)).toHaveAccessibleName(lang === 'en' ? 'Language: English' : '语言：简体中文');
}

/**
 * Signs in with the form's field names, whatever language it is in (the labels are translated). Waits for
 * the keys page.
 */
export async function signInAnyLanguage(page: Page, email: string, password: string): Promise<void> {
  await page.goto('/sign-in');
  await page.locator('input[name="email"]').fill(email);
  await page.locator('input[name="password"]').fill(password);
  await page.locator('form button[type="submit"]').click();
  await expect(page).toHaveURL(/\/keys$/);
}

/** The top bar's sign-out button ("Sign out" / "退出登录"): the only form in the banner. */
export async function signOutAnyLanguage(page: Page): Promise<void> {
  await page.getByRole('banner').locator('form').getByRole('button').click();
  await expect(page).toHaveURL(/\/sign-in$/);
}

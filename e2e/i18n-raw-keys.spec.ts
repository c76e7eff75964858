import type { BrowserContext, Page } from '@playwright/test';
import { findRawMessageKey } from '../lib/i18n/raw-message-key';
import { SIGNED_OUT } from './support/admin';
import { consolePagePaths } from './support/console-pages';
import { seedKey } from './support/keys';
import { expect, test } from './support/test';
import { uniquePrefix } from './support/unique';

// No page may show a message key instead of its words, in either language. The e2e server marks a message
// next-intl cannot produce (lib/i18n/missing-message.ts, KEYFORT_MARK_MISSING_MESSAGES in
// scripts/e2e-server.mjs) and the browser logs it; a key printed by hand (`{key}` instead of `t(key)`) has no
// marker, so dotted names of the message areas are looked for too. Chinese gaps are filled with English on
// purpose (i18n/request.ts): lib/i18n/messages-parity.test.ts is what fails for those.

const LOCALES = [
  { locale: 'en', lang: 'en' },
  { locale: 'zh-CN', lang: 'zh-CN' },
] as const;

/** Everything a person can read or hear on the page: its text, its title and the labels only assistive technology announces. */
async function pageWords(page: Page): Promise<string> {
  return page.evaluate(() => {
    const attributes = [...document.querySelectorAll('[aria-label], [title], [placeholder], [alt]')].flatMap((element) =>
      ['aria-label', 'title', 'placeholder', 'alt'].map((name) => element.getAttribute(name) ?? ''),
    );
    return [document.title, document.body.innerText, ...attributes].join('\n');
  });
}

/** Fails on a marker or a raw key in the page, or a message problem the browser logged while it rendered. */
async function expectNoRawKeys(page: Page, what: string, logged: string[]): Promise<void> {
  await expect(page.getByRole('heading', { level: 1 }).first()).toBeVisible();
  expect(findRawMessageKey(await pageWords(page)), `${what}: a missing-message marker or a message key as text`).toBeNull();
  expect(logged, `${what}: message problems the browser logged`).toEqual([]);
}

async function useLanguage(context: BrowserContext, baseURL: string | undefined, locale: string): Promise<void> {
  await context.addCookies([{ name: 'keyfort-locale', value: locale, url: baseURL ?? 'http://127.0.0.1' }]);
}

function collectMessageProblems(page: Page): string[] {
  const logged: string[] = [];
  page.on('console', (message) => {
    if (message.text().includes('message problem')) logged.push(message.text());
  });
  return logged;
}

for (const { locale, lang } of LOCALES) {
  test(`every console page in ${locale} shows its messages, never a raw key`, async ({ page, context, baseURL }) => {
    test.slow();
    await useLanguage(context, baseURL, locale);
    const logged = collectMessageProblems(page);
    const enabled = await seedKey(page, { alias: uniquePrefix('raw-keys-enabled'), description: 'Raw key check' });
    const pending = await seedKey(page, { alias: uniquePrefix('raw-keys-pending'), origin: 'EXTERNAL' });

    const visit = async (path: string) => {
      await test.step(path, async () => {
        await page.goto(path);
        await expect(page.locator('html')).toHaveAttribute('lang', lang);
        await expectNoRawKeys(page, `${locale} ${path}`, logged);
      });
    };
    // Beyond every page: the empty search result and the missing key, whose messages no other page shows.
    const extras = [`/keys?q=${uniquePrefix('nothing')}`, '/keys/00000000-0000-4000-8000-000000000000'];
    for (const path of [...consolePagePaths({ enabled, pending }), ...extras]) await visit(path);

    await test.step('an audit record', async () => {
      await page.goto('/audit');
      await page.getByRole('table').getByRole('link').first().click();
      await expect(page).toHaveURL(/\/audit\/[^/?]+$/);
      await expectNoRawKeys(page, `${locale} an audit record`, logged);
    });

    await test.step("a person's sessions", async () => {
      await page.goto('/people');
      await page.locator('a[href^="/people/"][href$="/sessions"]').first().click();
      await expect(page).toHaveURL(/\/people\/[^/]+\/sessions$/);
      await expectNoRawKeys(page, `${locale} a person's sessions`, logged);
    });
  });

  test.describe(`signed out, in ${locale}`, () => {
    test.use({ storageState: SIGNED_OUT });

    test(`the sign-in and set-password pages in ${locale} show their messages, never a raw key`, async ({ page, context, baseURL }) => {
      await useLanguage(context, baseURL, locale);
      const logged = collectMessageProblems(page);
      for (const path of ['/sign-in', '/set-password']) {
        await page.goto(path);
        await expect(page.locator('html')).toHaveAttribute('lang', lang);
        await expectNoRawKeys(page, `${locale} ${path}`, logged);
      }
    });
  });
}

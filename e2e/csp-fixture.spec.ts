import { CspViolationCollector, expect, test } from './support/test';
import { SIGNED_OUT } from './support/admin';

// The collector behind the automatic fixture of e2e/support/test.ts must see what the browser refuses,
// or every other spec's silence would prove nothing. It runs in a browser of its own here, so that this
// test's own fixture stays clean while the page below is attacked on purpose.

test('the collector sees an injected inline handler and an injected style element that the policy refused', async ({ playwright, launchOptions, baseURL }) => {
  const browser = await playwright.chromium.launch(launchOptions);
  try {
    const context = await browser.newContext({ baseURL, storageState: SIGNED_OUT });
    const collector = new CspViolationCollector();
    await collector.watch(context);
    const page = await context.newPage();
    await page.goto('/sign-in');
    await expect(page.getByRole('heading', { name: 'Sign in to Keyfort' })).toBeVisible();
    expect(collector.describe(), 'the page itself loads without a violation').toBe('');

    // What a stored cross-site-scripting payload would try: markup with an event handler, and a stylesheet.
    await page.evaluate(() => {
      document.body.insertAdjacentHTML('beforeend', '<img src="/no-such-image.png" onerror="window.injectedRan = true">');
      const style = document.createElement('style');
      style.textContent = 'body { display: none }';
      document.head.append(style);
    });

    await expect
      .poll(() => collector.violations.map(({ directive, blocked }) => `${directive} ${blocked}`).sort())
      .toEqual(['script-src-attr inline', 'style-src-elem inline']);
    expect(collector.violations[0]!.page).toBe(page.url());
    await expect.poll(() => collector.consoleErrors.length).toBe(2);
    expect(collector.consoleErrors.join('\n')).toMatch(/inline event handler violates the following Content Security Policy directive/);
    expect(await page.evaluate(() => (window as unknown as { injectedRan?: boolean }).injectedRan)).toBeUndefined();
    await expect(page.getByRole('heading', { name: 'Sign in to Keyfort' })).toBeVisible();
    expect(collector.describe()).toContain('script-src-attr refused inline');
  } finally {
    await browser.close();
  }
});

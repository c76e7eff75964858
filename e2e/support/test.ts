// Every spec imports `test` and `expect` from here, never from @playwright/test (an ESLint rule says so):
// the automatic fixture below fails any test during which the browser refused something under the
// console's Content-Security-Policy, so every test proves the policy holds on the pages it visits.
import { test as base, expect, type Browser } from '@playwright/test';
import { CspViolationCollector } from './csp-violations';

export * from '@playwright/test';
export { CspViolationCollector, type TCspViolation } from './csp-violations';

export const test = base.extend<{ cspViolations: CspViolationCollector }>({
  cspViolations: [
    async ({ context, browser }, runTest) => {
      const collector = new CspViolationCollector();
      await collector.watch(context);
      // Contexts a test opens itself (a second user, a replayed cookie) are watched too.
      const newContext = browser.newContext.bind(browser);
      browser.newContext = async (...args: Parameters<Browser['newContext']>) => {
        const opened = await newContext(...args);
        await collector.watch(opened);
        return opened;
      };
      // Playwright returns here after the test, whether it passed or failed; the browser is shared by the
      // worker's tests, so it gets its own method back.
      await runTest(collector);
      Reflect.deleteProperty(browser, 'newContext');
      await collector.settle();
      expect(collector.describe(), 'Content-Security-Policy violations during this test').toBe('');
    },
    { auto: true },
  ],
});

export { expect };

import type { BrowserContext, ConsoleMessage, Page } from '@playwright/test';

/** What the browser reported about one refused resource or inline script/style. */
export interface TCspViolation {
  page: string;
  directive: string;
  blocked: string;
  source: string;
}

// The page calls this binding from its `securitypolicyviolation` listener; the name only has to be unlikely.
const BINDING = '__keyfortReportCspViolation';

/**
 * Collects the Content-Security-Policy violations of every page in the contexts it watches: the
 * `securitypolicyviolation` events (listened to before any page script runs) and, for what those miss
 * (workers, a page torn down before its report arrived), Chromium's own "Refused to …" console errors.
 */
export class CspViolationCollector {
  readonly violations: TCspViolation[] = [];
  readonly consoleErrors: string[] = [];
  private readonly contexts: BrowserContext[] = [];

  async watch(context: BrowserContext): Promise<void> {
    this.contexts.push(context);
    await context.exposeBinding(BINDING, ({ page }, report: Omit<TCspViolation, 'page'>) => {
      this.violations.push({ page: page?.url() ?? '(no page)', ...report });
    });
    await context.addInitScript((binding) => {
      window.addEventListener(
        'securitypolicyviolation',
        (event) => {
          const report = (window as unknown as Record<string, (r: unknown) => void>)[binding];
          report?.({ directive: event.effectiveDirective, blocked: event.blockedURI, source: `${event.sourceFile}:${event.lineNumber}` });
        },
        true,
      );
    }, BINDING);
    context.on('console', (message: ConsoleMessage) => {
      if (message.type() === 'error' && /Content Security Policy/.test(message.text())) {
        this.consoleErrors.push(`${message.page()?.url() ?? '(no page)'}: ${message.text()}`);
      }
    });
  }

  /**
   * Lets reports still on their way from open pages arrive (a binding call travels before a later evaluate).
   * A page that cannot answer (a native dialog open, a crash) is not waited for beyond a few seconds.
   */
  async settle(): Promise<void> {
    const pages: Page[] = this.contexts.flatMap((context) => context.pages());
    const roundTrip = (page: Page) => page.evaluate(() => 0).catch(() => undefined);
    const giveUp = () => new Promise<void>((resolve) => setTimeout(resolve, 5_000).unref());
    await Promise.all(pages.map((page) => Promise.race([roundTrip(page), giveUp()])));
  }

  /** Empty when nothing was refused; otherwise one line per violation, for a failure message. */
  describe(): string {
    return [
      ...this.violations.map((v) => `${v.page}: ${v.directive} refused ${v.blocked || '(inline)'} at ${v.source}`),
      ...this.consoleErrors,
    ].join('\n');
  }
}

import { expect, type Locator, type Page } from './test';

/** A small phone, the narrowest screen the console is made for. */
export const PHONE = { width: 360, height: 740 } as const;

/** The page itself never scrolls sideways (tables and code scroll or wrap inside their own boxes). */
export async function expectNoSidewaysScroll(page: Page): Promise<void> {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow, 'the page scrolls sideways by this many pixels').toBeLessThanOrEqual(0);
}

/** The element is drawn wholly within the screen's width (nothing of it is cut off at either side). */
export async function expectWithinScreenWidth(locator: Locator, width: number = PHONE.width): Promise<void> {
  const box = await locator.boundingBox();
  if (!box) throw new Error('the element is not drawn');
  expect(box.x, 'left edge').toBeGreaterThanOrEqual(0);
  expect(box.x + box.width, 'right edge').toBeLessThanOrEqual(width);
}

/**
 * Where the browser broke an element's text across lines: for each break, the character before it and the
 * one after it. Measured from the laid-out text, one character at a time.
 */
export async function lineBreaks(locator: Locator): Promise<Array<[string, string]>> {
  return locator.evaluate((element) => {
    const breaks: Array<[string, string]> = [];
    const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
    const range = document.createRange();
    let previous: { top: number; char: string } | null = null;
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.textContent ?? '';
      for (let i = 0; i < text.length; i++) {
        range.setStart(node, i);
        range.setEnd(node, i + 1);
        const rect = range.getClientRects()[0];
        if (!rect || text[i]?.trim() === '') continue;
        if (previous && rect.top > previous.top + rect.height / 2) breaks.push([previous.char, text[i] ?? '']);
        previous = { top: rect.top, char: text[i] ?? '' };
      }
    }
    return breaks;
  });
}

/** Every line break of the text falls after a separator (`-`, `/`, `_`, `:`), never inside a word. */
export async function expectBreaksOnlyAtSeparators(locator: Locator): Promise<void> {
  const inside = (await lineBreaks(locator)).filter(([before]) => !/[-/_:]/.test(before));
  expect(inside, 'line breaks inside a word (character before, character after)').toEqual([]);
}

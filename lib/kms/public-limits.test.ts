import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ZPendingWindowInDays } from './validation';
import { PENDING_WINDOW_DAYS } from './public-limits';

describe('lib/kms/public-limits', () => {
  it('imports nothing, so client components can take the limits without the domain', () => {
    const source = readFileSync(path.join(import.meta.dirname, 'public-limits.ts'), 'utf8');
    expect(source).not.toMatch(/^\s*import\s/m);
  });

  it('is the range the domain enforces for the deletion window', () => {
    expect(ZPendingWindowInDays.safeParse(PENDING_WINDOW_DAYS.min).success).toBe(true);
    expect(ZPendingWindowInDays.safeParse(PENDING_WINDOW_DAYS.min - 1).success).toBe(false);
    expect(ZPendingWindowInDays.safeParse(PENDING_WINDOW_DAYS.max).success).toBe(true);
    expect(ZPendingWindowInDays.safeParse(PENDING_WINDOW_DAYS.max + 1).success).toBe(false);
  });
});

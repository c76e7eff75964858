import { randomBytes } from 'node:crypto';

/**
 * An alias prefix no other test (nor an earlier run against the same instance) uses, so each test finds
 * exactly the keys it made by searching for it. Aliases allow letters, digits and `: / _ -`.
 */
export function uniquePrefix(label: string): string {
  return `e2e-${label}-${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
}

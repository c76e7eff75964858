import { describe, expect, it, vi } from 'vitest';
import { isKmsError, KmsError } from './errors';

describe('isKmsError', () => {
  it('recognises a KmsError raised by another copy of the module, as Next bundles server code more than once', async () => {
    vi.resetModules();
    const otherCopy = await import('./errors');
    expect(otherCopy.KmsError).not.toBe(KmsError);
    const fromOtherCopy = new otherCopy.KmsError('UNAVAILABLE', 'The database is unreachable.');
    expect(fromOtherCopy).not.toBeInstanceOf(KmsError);
    expect(isKmsError(fromOtherCopy)).toBe(true);
  });

  it('does not take a look-alike without the brand for a KmsError', () => {
    expect(isKmsError(Object.assign(new Error('x'), { name: 'KmsError', code: 'NOT_FOUND' }))).toBe(false);
  });
});

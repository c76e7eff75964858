import { describe, expect, it } from 'vitest';
import errors from '@/messages/en/errors.json';
import { KMS_ERROR_REASONS } from '@/lib/kms';

describe('errors.json reasons', () => {
  it('words every reason the domain gives, each differently from the others and from its code', () => {
    for (const [code, reasons] of Object.entries(KMS_ERROR_REASONS)) {
      const texts = reasons.map((reason) => (errors.reasons as Record<string, string>)[reason]);
      expect(texts.every((text) => typeof text === 'string' && text.length > 0)).toBe(true);
      expect(new Set([...texts, (errors.codes as Record<string, string>)[code]]).size).toBe(texts.length + 1);
    }
  });

  it('tells 16-byte material its size is wrong rather than to import the same material again', () => {
    expect(errors.reasons['wrong-length']).toContain('32 bytes');
    expect(errors.reasons['wrong-length']).not.toContain('same material');
  });
});
